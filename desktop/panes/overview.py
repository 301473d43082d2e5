"""The Overview pane: what this project is and what to do next."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.i18n import engine_text
from desktop.panes.base import Pane, PaneServices
from engine.project import Project
from engine.summary import ProjectSummary, summarise

log = logging.getLogger(__name__)

CONTENTS = ("photos", "classes", "classifier", "search", "text")


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
        keys = ("folder", "schema", "created", *CONTENTS)
        self._values = {key: _value_label() for key in keys}
        self._captions = {key: QLabel() for key in self._values}
        self._summary: ProjectSummary | None = None
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
        for key in ("folder", "schema", "created"):
            form.addRow(self._captions[key], self._values[key])
        contents = QFormLayout()
        contents.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        contents.setHorizontalSpacing(16)
        contents.setVerticalSpacing(8)
        for key in CONTENTS:
            contents.addRow(self._captions[key], self._values[key])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(16)
        layout.addWidget(self._title)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addLayout(contents)
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
        self._captions["photos"].setText(self.tr("Photos:"))
        self._captions["classes"].setText(self.tr("Classes:"))
        self._captions["classifier"].setText(self.tr("Classifier:"))
        self._captions["search"].setText(self.tr("Searchable photos:"))
        self._captions["text"].setText(self.tr("Language models:"))
        self._show_project()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        # the other panes change the project; count again when shown
        super().showEvent(event)
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
        try:
            summary = summarise(project)
        except Exception:  # a damaged part must not hide the rest of the page
            log.exception("cannot count what the project holds")
            return
        self._show_summary(summary)

    def _show_summary(self, summary: ProjectSummary) -> None:
        self._summary = summary
        values = self._values
        values["photos"].setText(self._photos_text(summary))
        values["classes"].setText(str(summary.classes) if summary.classes else "—")
        values["classifier"].setText(self._classifier_text(summary))
        values["search"].setText(
            str(summary.indexed)
            if summary.indexed
            else self.tr("none yet: index them in Search")
        )
        values["text"].setText(
            str(summary.language_models) if summary.language_models else "—"
        )
        self._hint.setText(engine_text(*summary.next_step()))

    def _photos_text(self, summary: ProjectSummary) -> str:
        if not summary.photos:
            return self.tr("none yet")
        parts = [
            self.tr("labelled {n}").format(n=summary.labelled),
            self.tr("unlabeled {n}").format(n=summary.unlabeled),
        ]
        if summary.missing:
            parts.append(self.tr("missing {n}").format(n=summary.missing))
        if summary.damaged:
            parts.append(self.tr("damaged {n}").format(n=summary.damaged))
        return f"{summary.photos} ({' · '.join(parts)})"

    def _classifier_text(self, summary: ProjectSummary) -> str:
        if summary.active_run is None:
            return self.tr("not trained yet")
        if summary.active_accuracy is None:
            return self.tr("run {run} in use").format(run=summary.active_run)
        return self.tr("run {run} in use, validation accuracy {accuracy:.1f} %").format(
            run=summary.active_run, accuracy=100 * summary.active_accuracy
        )


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
