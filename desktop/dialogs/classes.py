"""Managing classes: add, rename, recolour, hotkey, merge, delete.

:class:`ClassActions` asks with the standard dialogs (QInputDialog,
QColorDialog, QMessageBox; tests patch their static methods) and performs
each change as one undoable edit. :class:`ClassesDialog` lists the classes
with their keys and photo counts and offers those actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.classes import ClassesModel
from engine import labels

if TYPE_CHECKING:
    from desktop.library_edits import LibraryEdits
    from desktop.library_session import LibrarySession
    from engine.labels import LabelClass


class ClassActions(QObject):
    """Ask, then edit a class through :class:`LibraryEdits`."""

    def __init__(
        self,
        edits: LibraryEdits,
        session: Callable[[], LibrarySession | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._edits = edits
        self._session = session
        self._parent = parent

    @property
    def edits(self) -> LibraryEdits:
        return self._edits

    def _class(self, class_id: int) -> LabelClass | None:
        session = self._session()
        return session.class_by_id(class_id) if session else None

    def add(self) -> None:
        name, ok = QInputDialog.getText(
            self._parent,
            self.tr("New class"),
            self.tr("Name of the new class:"),
            QLineEdit.EchoMode.Normal,
            "",
        )
        if ok and name.strip():
            self._edits.add_class(name)

    def rename(self, class_id: int) -> None:
        current = self._class(class_id)
        if current is None:
            return
        name, ok = QInputDialog.getText(
            self._parent,
            self.tr("Rename class"),
            self.tr("New name for “{name}”:").format(name=current.name),
            QLineEdit.EchoMode.Normal,
            current.name,
        )
        if ok and name.strip() and name.strip() != current.name:
            self._edits.rename_class(class_id, name)

    def recolour(self, class_id: int) -> None:
        current = self._class(class_id)
        if current is None:
            return
        colour = QColorDialog.getColor(
            QColor(current.colour),
            self._parent,
            self.tr("Colour of “{name}”").format(name=current.name),
        )
        if colour.isValid() and colour.name().upper() != current.colour.upper():
            self._edits.recolour_class(class_id, colour.name())

    def set_hotkey(self, class_id: int) -> None:
        current = self._class(class_id)
        if current is None:
            return
        none = self.tr("No key")
        choices = [none, *(str(k) for k in labels.HOTKEYS)]
        chosen = 0 if current.hotkey is None else current.hotkey
        text, ok = QInputDialog.getItem(
            self._parent,
            self.tr("Hotkey"),
            self.tr("Key that labels a photo as “{name}”:").format(name=current.name),
            choices,
            chosen,
            False,
        )
        if not ok:
            return
        hotkey = None if text == none else int(text)
        if hotkey != current.hotkey:
            self._edits.set_hotkey(class_id, hotkey)

    def merge(self, class_id: int) -> None:
        session = self._session()
        source = self._class(class_id)
        if session is None or source is None:
            return
        others = [c for c in session.classes() if c.id != class_id]
        if not others:
            return
        name, ok = QInputDialog.getItem(
            self._parent,
            self.tr("Merge classes"),
            self.tr("Move every photo of “{name}” into:").format(name=source.name),
            [c.name for c in others],
            0,
            False,
        )
        target = next((c for c in others if c.name == name), None)
        if ok and target is not None:
            self._edits.merge_classes(class_id, target.id)

    def delete(self, class_id: int) -> None:
        session = self._session()
        current = self._class(class_id)
        if session is None or current is None:
            return
        count = labels.delete_class_impact(session.project, class_id)
        if count == 0:
            question = self.tr(
                "Delete the class “{name}”? No photo is labelled with it. "
                "You can undo this."
            )
        elif count == 1:
            question = self.tr(
                "Delete the class “{name}”? Its one photo becomes unlabeled. "
                "You can undo this."
            )
        else:
            question = self.tr(
                "Delete the class “{name}”? Its {count} photos become unlabeled. "
                "You can undo this."
            )
        question = question.format(name=current.name, count=f"{count:,}")
        answer = QMessageBox.question(self._parent, self.tr("Delete class"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self._edits.delete_class(class_id)


class ClassesDialog(QDialog):
    """The class list with its actions; stays current as classes change."""

    def __init__(
        self,
        session: LibrarySession,
        actions: ClassActions,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("classesDialog")
        self.actions = actions
        self.model = ClassesModel(self)
        self.model.set_session(session)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda: self._with_selected(actions.rename))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self._chosen: int | None = None
        self.buttons = {
            name: QPushButton()
            for name in ("add", "rename", "colour", "hotkey", "merge", "delete")
        }
        self._build_layout()
        self._add_undo_keys()
        self._connect()
        self.retranslate()
        self.resize(560, 380)

    def _add_undo_keys(self) -> None:
        # a non-modal dialog has focus of its own: the window's Edit menu
        # does not hear Ctrl+Z pressed here
        stack = self.actions.edits.undo_stack
        undo = stack.createUndoAction(self)
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self)
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo

    def _build_layout(self) -> None:
        side = QVBoxLayout()
        for button in self.buttons.values():
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.hint)
        layout.addWidget(close)

    def _connect(self) -> None:
        a, b = self.actions, self.buttons
        b["add"].clicked.connect(a.add)
        b["rename"].clicked.connect(lambda: self._with_selected(a.rename))
        b["colour"].clicked.connect(lambda: self._with_selected(a.recolour))
        b["hotkey"].clicked.connect(lambda: self._with_selected(a.set_hotkey))
        b["merge"].clicked.connect(lambda: self._with_selected(a.merge))
        b["delete"].clicked.connect(lambda: self._with_selected(a.delete))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        # after an edit the list is read again: keep the class chosen
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Classes"))
        texts = {
            "add": self.tr("Add…"),
            "rename": self.tr("Rename…"),
            "colour": self.tr("Colour…"),
            "hotkey": self.tr("Hotkey…"),
            "merge": self.tr("Merge into…"),
            "delete": self.tr("Delete…"),
        }
        for name, text in texts.items():
            self.buttons[name].setText(text)
        self.hint.setText(
            self.tr(
                "Press a class's key (1–9) in the grid or the viewer to label "
                "the selected photos. Every change here can be undone."
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        super().changeEvent(event)

    def select_class(self, class_id: int) -> None:
        row = self.model.row_of(class_id)
        if row is not None:
            self.table.selectRow(row)

    def selected_class_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole + 1) if rows else None

    def _remember_selection(self) -> None:
        self._chosen = self.selected_class_id()

    def _restore_selection(self) -> None:
        if self._chosen is not None:
            self.select_class(self._chosen)

    def _with_selected(self, action: Callable[[int], None]) -> None:
        class_id = self.selected_class_id()
        if class_id is not None:
            action(class_id)

    def _update_buttons(self) -> None:
        chosen = self.selected_class_id() is not None
        for name in ("rename", "colour", "hotkey", "delete"):
            self.buttons[name].setEnabled(chosen)
        self.buttons["merge"].setEnabled(chosen and self.model.rowCount() > 1)
