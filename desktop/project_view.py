"""The project view: navigation on the left, the active pane on the right.

It builds one instance of every registered pane, shows one at a time and
routes dropped files: the active pane first, else the first pane that
accepts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.panes import pane_classes
from desktop.panes.base import Pane, PaneServices
from engine.project import Project


class ProjectView(QWidget):
    """``current_changed(key)`` is emitted when the user picks another pane."""

    current_changed = Signal(str)

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panes: list[Pane] = [cls(services) for cls in pane_classes()]
        self.nav = QListWidget()
        self.nav.setObjectName("paneNavigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        for pane in self.panes:
            self.stack.addWidget(pane)
            self.nav.addItem(QListWidgetItem(pane.icon(), pane.nav_title()))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("projectSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([180, 800])
        self.splitter.setChildrenCollapsible(False)
        self.nav.setMinimumWidth(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        self.nav.setCurrentRow(0)

    def set_project(self, project: Project | None) -> None:
        for pane in self.panes:
            pane.set_project(project)

    def current_pane(self) -> Pane | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Pane) else None

    def current_key(self) -> str:
        pane = self.current_pane()
        return pane.key if pane is not None else ""

    def show_pane(self, key: str) -> bool:
        for row, pane in enumerate(self.panes):
            if pane.key == key:
                self.nav.setCurrentRow(row)
                return True
        return False

    def route_drop(self, paths: Sequence[Path]) -> Pane | None:
        """Give dropped paths to the pane that wants them; return that pane."""
        current = self.current_pane()
        candidates = [current] if current is not None else []
        candidates += [p for p in self.panes if p is not current]
        for pane in candidates:
            if pane.accepts_drop(paths):
                self.show_pane(pane.key)
                pane.handle_drop(paths)
                return pane
        return None

    def retranslate(self) -> None:
        for row, pane in enumerate(self.panes):
            self.nav.item(row).setText(pane.nav_title())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.panes):
            self.stack.setCurrentIndex(row)
            self.current_changed.emit(self.panes[row].key)
