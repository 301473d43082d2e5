"""The project view: navigation on the left, the active pane on the right.

It builds one instance of every registered pane, shows one at a time and
routes dropped files: the active pane first, else the first pane that
accepts them. The panes are imported and built the first time they are
needed (a project opens, a file is dropped), not when the window opens:
their modules pull in numpy, Pillow and the engine, which would hold up
the first paint of the welcome screen.
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
    panes_built = Signal()

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._panes: list[Pane] | None = None
        self.nav = QListWidget()
        self.nav.setObjectName("paneNavigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
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

    @property
    def panes(self) -> list[Pane]:
        """Every pane, built on first use."""
        if self._panes is None:
            self._build_panes()
        return self._panes or []

    def built_panes(self) -> list[Pane]:
        """The panes if they exist yet, without building them."""
        return self._panes or []

    def _build_panes(self) -> None:
        self._panes = [cls(self._services) for cls in pane_classes()]
        for pane in self._panes:
            self.stack.addWidget(pane)
            self.nav.addItem(QListWidgetItem(pane.icon(), pane.nav_title()))
        self.nav.setCurrentRow(0)
        self.panes_built.emit()

    def set_project(self, project: Project | None) -> None:
        panes = self.panes if project is not None else self.built_panes()
        for pane in panes:
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
        for row, pane in enumerate(self.built_panes()):
            self.nav.item(row).setText(pane.nav_title())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_nav_row_changed(self, row: int) -> None:
        panes = self.built_panes()
        if 0 <= row < len(panes):
            self.stack.setCurrentIndex(row)
            self.current_changed.emit(panes[row].key)
