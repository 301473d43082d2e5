"""A window over a given set of photos (a data-check problem, a confusion
matrix cell) in the shared grid, where they can be relabelled at once.

The grid is the Library's: digit keys label the selection, 0 removes the
label, the context menu has "Label as", Enter opens the viewer, and every
change goes on the window's undo stack (Ctrl+Z works inside this window).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import library_session
from desktop.widgets.class_bar import ClassBarWidget
from desktop.widgets.photo_browser import PhotoBrowserWidget

if TYPE_CHECKING:
    from desktop.panes.base import PaneServices
    from engine.project import Project


class PhotoSetDialog(QDialog):
    """Shows ``photo_ids`` of ``project``; closes itself when the project does."""

    def __init__(
        self,
        services: PaneServices,
        project: Project,
        photo_ids: Sequence[int],
        *,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.session = library_session.acquire(project)
        self.browser = PhotoBrowserWidget(services)
        self.grid = self.browser.grid
        self.browser.set_session(self.session)
        self.browser.model.show_ids(photo_ids)
        self.class_bar = ClassBarWidget()
        self.class_bar.add_button.hide()
        self.class_bar.manage_button.hide()
        self.class_bar.refresh(self.session)
        self.heading = QLabel(title)
        self.heading.setObjectName("photoSetHeading")
        self.heading.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.hint):
            layout.addWidget(widget)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.class_bar)
        layout.addWidget(buttons)
        self._add_undo_keys(services)
        self._connect()
        self.retranslate()
        self.resize(760, 520)
        if self.browser.model.rowCount():
            self.browser.select_row(0)
        self.grid.setFocus()

    def _add_undo_keys(self, services: PaneServices) -> None:
        # the window's Edit menu does not hear keys pressed in a dialog
        undo = services.undo_stack.createUndoAction(self)
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = services.undo_stack.createRedoAction(self)
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo

    def _connect(self) -> None:
        edits = self.browser.edits
        bar = self.class_bar
        bar.class_clicked.connect(lambda cid: edits.label(self._targets(), cid))
        bar.skip_clicked.connect(lambda: edits.skip(self._targets()))
        bar.unlabel_clicked.connect(lambda: edits.unlabel(self._targets()))
        self.session.classes_changed.connect(self._on_classes_changed)
        self.finished.connect(self._release)

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "{n} photos. Press a class's number key or right-click to "
                "relabel the selected photos; Ctrl+Z undoes."
            ).format(n=self.browser.model.rowCount())
        )

    def _targets(self) -> list[int]:
        photo = self.browser.viewer_photo()
        return [photo.id] if photo is not None else self.browser.selected_ids()

    def _on_classes_changed(self) -> None:
        self.class_bar.refresh(self.session)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001
        self._release()
        super().closeEvent(event)

    def _release(self) -> None:
        session, self.session = self.session, None
        if session is None:
            return
        session.classes_changed.disconnect(self._on_classes_changed)
        self.browser.set_session(None)
        library_session.release(session)
