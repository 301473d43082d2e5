"""The Overview pane: what this project is and what to do next."""

from __future__ import annotations

import os

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.panes.base import Pane, PaneServices
from engine.project import Project


class OverviewPane(Pane):
    key = "overview"
    icon_name = "SP_FileDialogInfoView"

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self._title = QLabel()
        self._title.setObjectName("overviewTitle")
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self._title.setFont(font)
        self._title.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self._values = {key: _value_label() for key in ("folder", "schema", "created")}
        self._captions = {key: QLabel() for key in self._values}
        self._hint = QLabel()
        self._hint.setWordWrap(True)
        self._hint.setObjectName("overviewHint")
        self._build_layout()
        self.retranslate()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        for key, value in self._values.items():
            form.addRow(self._captions[key], value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(16)
        layout.addWidget(self._title)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self._hint)
        layout.addStretch(1)

    def nav_title(self) -> str:
        return self.tr("Overview")

    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        self._show_project()

    def retranslate(self) -> None:
        self._captions["folder"].setText(self.tr("Folder:"))
        self._captions["schema"].setText(self.tr("Format version:"))
        self._captions["created"].setText(self.tr("Created:"))
        self._hint.setText(
            self.tr(
                "Next, add photos: drop photos or folders anywhere on this window. "
                "Then sort them into classes, train a classifier on them, or "
                "search them by describing what is in a picture."
            )
        )
        self._show_project()

    def _show_project(self) -> None:
        project = self.project
        if project is None:
            self._title.clear()
            for value in self._values.values():
                value.clear()
            return
        self._title.setText(project.name)
        self._values["folder"].setText(os.fspath(project.path))
        self._values["schema"].setText(str(project.store.version()))
        self._values["created"].setText(_created_text(project))


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _created_text(project: Project) -> str:
    raw = project.store.get_meta("created")
    try:
        stamp = QDateTime.fromSecsSinceEpoch(int(float(raw or "")))
    except ValueError:
        return "—"
    return QLocale().toString(stamp, QLocale.FormatType.LongFormat)
