"""The welcome screen shown when no project is open: new, open, recent."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import session
from engine.project import is_project

PathRole = Qt.ItemDataRole.UserRole + 1
MissingRole = Qt.ItemDataRole.UserRole + 2


class WelcomePane(QWidget):
    """Signals ask the window to act; this widget only shows choices."""

    new_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = QLabel("Pictor")
        self._subtitle = QLabel()
        self._new = QPushButton()
        self._open = QPushButton()
        self._recent_caption = QLabel()
        self._recent = QListWidget()
        self._empty_note = QLabel()
        self._style_title()
        self._build_layout()
        self._new.clicked.connect(self.new_requested)
        self._open.clicked.connect(self.open_requested)
        self._recent.itemActivated.connect(self._on_item_activated)
        self.retranslate()

    def _style_title(self) -> None:
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        self._title.setFont(font)
        self._subtitle.setWordWrap(True)
        self._subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._empty_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for button in (self._new, self._open):
            button.setMinimumHeight(34)
        self._new.setDefault(True)
        self._recent.setIconSize(QSize(20, 20))
        self._recent.setUniformItemSizes(True)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self._new)
        buttons.addWidget(self._open)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self._title)
        column.addWidget(self._subtitle)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(20)
        column.addWidget(self._recent_caption)
        column.addWidget(self._recent, 1)
        column.addWidget(self._empty_note)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 32)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

    def retranslate(self) -> None:
        self._subtitle.setText(
            self.tr(
                "Sort your photos into classes, train your own image classifier, "
                "and search your photos by describing what is in them."
            )
        )
        self._new.setText(self.tr("New project…"))
        self._open.setText(self.tr("Open project…"))
        self._recent_caption.setText(self.tr("Recent projects"))
        self._empty_note.setText(
            self.tr(
                "No recent projects yet. A project is a folder ending in .pictor; "
                "your photos stay where they are."
            )
        )
        self.refresh()

    def refresh(self) -> None:
        """Re-read the recent list; projects that are gone are shown greyed."""
        self._recent.clear()
        for text in session.recent_projects():
            self._recent.addItem(self._make_item(text))
        self._empty_note.setVisible(self._recent.count() == 0)
        self._recent.setVisible(self._recent.count() > 0)

    def _make_item(self, text: str) -> QListWidgetItem:
        path = Path(text)
        missing = not is_project(path)
        item = QListWidgetItem(
            self.style().standardIcon(self.style().StandardPixmap.SP_DirIcon), ""
        )
        label = f"{path.stem}    {os.fspath(path.parent)}"
        if missing:
            label += "    " + self.tr(
                "(not found — choose it to remove it from the list)"
            )
            item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        item.setText(label)
        item.setToolTip(text)
        item.setData(PathRole, text)
        item.setData(MissingRole, missing)
        return item

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(item.data(PathRole))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
