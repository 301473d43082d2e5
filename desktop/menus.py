"""The window's menus and their actions, with the texts set in one place.

The window connects the actions' ``triggered`` signals; this module only
builds and (re)translates them, and fills the dynamic parts: Open recent,
the panes in View, and Undo/Redo texts from the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop import session
from desktop.panes.base import Pane


class Menus(QObject):
    """Every menu action of the main window, by name."""

    def __init__(self, window: QMainWindow, undo_stack: QUndoStack) -> None:
        super().__init__(window)
        self._window = window
        self._undo_stack = undo_stack
        names = (
            "new",
            "open",
            "close",
            "preferences",
            "models",
            "quit",
            "undo",
            "redo",
            "log",
            "about",
            "log_folder",
        )
        self.actions = {name: QAction(window) for name in names}
        self.file_menu = QMenu(window)
        self.recent_menu = QMenu(window)
        self.edit_menu = QMenu(window)
        self.view_menu = QMenu(window)
        self.help_menu = QMenu(window)
        self.pane_group = QActionGroup(window)
        self.pane_actions: list[QAction] = []
        self._set_shortcuts()
        self._build(window)
        undo_stack.canUndoChanged.connect(self.actions["undo"].setEnabled)
        undo_stack.canRedoChanged.connect(self.actions["redo"].setEnabled)
        undo_stack.undoTextChanged.connect(self._update_undo_texts)
        undo_stack.redoTextChanged.connect(self._update_undo_texts)
        self.actions["undo"].triggered.connect(undo_stack.undo)
        self.actions["redo"].triggered.connect(undo_stack.redo)
        self.actions["undo"].setEnabled(False)
        self.actions["redo"].setEnabled(False)

    def _set_shortcuts(self) -> None:
        keys = {
            "new": QKeySequence.StandardKey.New,
            "open": QKeySequence.StandardKey.Open,
            "close": QKeySequence.StandardKey.Close,
            "preferences": QKeySequence.StandardKey.Preferences,
            "quit": QKeySequence.StandardKey.Quit,
            "undo": QKeySequence.StandardKey.Undo,
            "redo": QKeySequence.StandardKey.Redo,
        }
        for name, key in keys.items():
            # every binding of the platform: Redo is Ctrl+Y and Ctrl+Shift+Z
            self.actions[name].setShortcuts(key)
        self.actions["preferences"].setMenuRole(QAction.MenuRole.PreferencesRole)
        self.actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
        self.actions["about"].setMenuRole(QAction.MenuRole.AboutRole)

    def _build(self, window: QMainWindow) -> None:
        a = self.actions
        self.file_menu.addActions([a["new"], a["open"]])
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(a["close"])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["preferences"])
        self.file_menu.addAction(a["models"])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["quit"])
        self.edit_menu.addActions([a["undo"], a["redo"]])
        self.help_menu.addActions([a["about"], a["log_folder"]])
        bar = window.menuBar()
        for menu in (self.file_menu, self.edit_menu, self.view_menu, self.help_menu):
            bar.addMenu(menu)

    def fill_view_menu(self, jobs_toggle: QAction) -> None:
        """The Jobs panel and Log; pane actions go above them when panes exist."""
        self._view_separator = self.view_menu.addSeparator()
        self.view_menu.addAction(jobs_toggle)
        self.view_menu.addAction(self.actions["log"])

    def add_pane_actions(self, panes: Sequence[Pane]) -> None:
        """One checkable action per pane (Ctrl+1, Ctrl+2, ...), at the top."""
        for action in self.pane_actions:
            self.view_menu.removeAction(action)
            self.pane_group.removeAction(action)
        self.pane_actions = []
        for number, pane in enumerate(panes, start=1):
            action = QAction(pane.icon(), pane.nav_title(), self._window)
            action.setCheckable(True)
            action.setData(pane.key)
            if number < 10:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            self.pane_group.addAction(action)
            self.pane_actions.append(action)
            self.view_menu.insertAction(self._view_separator, action)

    def fill_recent_menu(self, on_open: Callable[[str], None]) -> None:
        self.recent_menu.clear()
        recent = session.recent_projects()
        for text in recent:
            action = self.recent_menu.addAction(f"{Path(text).stem}  —  {text}")
            action.triggered.connect(lambda _=False, t=text: on_open(t))
        if not recent:
            empty = self.recent_menu.addAction(self.tr("No recent projects"))
            empty.setEnabled(False)

    def set_project_open(self, is_open: bool, panes: Sequence[Pane]) -> None:
        self.actions["close"].setEnabled(is_open)
        for action in self.pane_actions:
            action.setEnabled(is_open)

    def check_pane(self, key: str) -> None:
        for action in self.pane_actions:
            action.setChecked(action.data() == key)

    def retranslate(self, panes: Sequence[Pane]) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        texts = {
            "new": self.tr("&New project…"),
            "open": self.tr("&Open project…"),
            "close": self.tr("&Close project"),
            "preferences": self.tr("&Preferences…"),
            "models": self.tr("&Models…"),
            "quit": self.tr("&Quit"),
            "log": self.tr("&Log"),
            "about": self.tr("&About Pictor"),
            "log_folder": self.tr("Open log &folder"),
        }
        for name, text in texts.items():
            self.actions[name].setText(text)
        for action, pane in zip(self.pane_actions, panes, strict=False):
            action.setText(pane.nav_title())
        self._update_undo_texts()

    def _update_undo_texts(self, *_: object) -> None:
        if not shiboken6.isValid(self._undo_stack):
            return  # the stack empties itself while the window is destroyed
        undo_text = self._undo_stack.undoText()
        redo_text = self._undo_stack.redoText()
        self.actions["undo"].setText(
            self.tr("&Undo {action}").format(action=undo_text)
            if undo_text
            else self.tr("&Undo")
        )
        self.actions["redo"].setText(
            self.tr("&Redo {action}").format(action=redo_text)
            if redo_text
            else self.tr("&Redo")
        )
