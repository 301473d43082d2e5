"""The grid and the large viewer of one view of the library, with labelling.

Both the Library and the Label pane show photos through this widget: the
grid (or, after Enter, the viewer), the keys that label the selection, the
context menu, and the moves to the next unlabeled photo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop.library_edits import LibraryEdits
from desktop.library_jobs import LibraryJobs
from desktop.models.photos import PhotosModel
from desktop.widgets.image_viewer import PhotoViewerWidget
from desktop.widgets.photo_menu import build_photo_menu
from desktop.widgets.thumbnail_grid import ThumbnailGridView
from engine import library
from engine.library import PhotoFilter, Show

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from desktop.panes.base import PaneServices
    from engine.library import Photo
    from engine.media import MediaError

PREVIEW_MAX_SIDE = 2560


class PhotoBrowserWidget(QWidget):
    """``viewer_toggled(bool)`` says whether the viewer is showing."""

    viewer_toggled = Signal(bool)

    def __init__(
        self,
        services: PaneServices,
        *,
        advance_after_label: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session: LibrarySession | None = None
        self.advance_after_label = advance_after_label
        self.model = PhotosModel(self)
        self.grid = ThumbnailGridView()
        self.grid.setModel(self.model)
        self.viewer = PhotoViewerWidget()
        self.empty = QLabel()
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        self.empty.setMargin(40)
        self.stack = QStackedWidget()
        for page in (self.grid, self.viewer, self.empty):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.edits = LibraryEdits(services, lambda: self.session)
        self.jobs = LibraryJobs(services, lambda: self.session, self)
        self._viewer_row = -1
        self._viewer_id: int | None = None
        self.model.kept_ids = self._kept_ids
        self._connect()

    def _connect(self) -> None:
        grid = self.grid
        grid.label_key.connect(self._on_grid_label_key)
        grid.unlabel_key.connect(lambda: self.edits.unlabel(self.selected_ids()))
        grid.skip_key.connect(self._on_grid_skip_key)
        grid.open_requested.connect(lambda index: self.open_viewer(index.row()))
        grid.customContextMenuRequested.connect(self._on_context_menu)
        viewer = self.viewer
        viewer.label_key.connect(self._on_viewer_label_key)
        viewer.unlabel_key.connect(self._on_viewer_unlabel_key)
        viewer.skip_key.connect(self._on_viewer_skip_key)
        viewer.step.connect(lambda delta: self.show_row(self._viewer_row + delta))
        viewer.closed.connect(self.close_viewer)
        grid.visible_rows_changed.connect(self.model.request_thumbnails)
        self.model.modelReset.connect(grid.schedule_visible_rows)
        self.model.layoutChanged.connect(grid.schedule_visible_rows)
        self.model.modelReset.connect(self._update_page)
        self.model.dataChanged.connect(self._on_data_changed)
        self.model.rowsRemoved.connect(self._on_rows_moved)
        self.model.rowsInserted.connect(self._on_rows_moved)
        grid.selectionModel().currentChanged.connect(lambda *_: self.model.moved_on())

    # session

    def set_session(self, session: LibrarySession | None) -> None:
        if self.session is not None:
            self.session.loader.preview_loaded.disconnect(self._on_preview_loaded)
            self.session.loader.preview_failed.disconnect(self._on_preview_failed)
        self.session = session
        if session is not None:
            session.loader.preview_loaded.connect(self._on_preview_loaded)
            session.loader.preview_failed.connect(self._on_preview_failed)
        self.close_viewer()
        self.model.set_session(session)

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)

    def _update_page(self) -> None:
        if self.stack.currentWidget() is self.viewer:
            self.close_viewer()
        showing_all = self.model.photo_filter == PhotoFilter()
        empty = self.model.rowCount() == 0 and showing_all and bool(self.empty.text())
        self.stack.setCurrentWidget(self.empty if empty else self.grid)

    # selection

    def selected_ids(self) -> list[int]:
        return [self.model.photo_id(r) for r in self.grid.selected_rows()]

    def selected_photos(self) -> list[Photo]:
        photos = (self.model.photo_at(r) for r in self.grid.selected_rows())
        return [p for p in photos if p is not None]

    def _kept_ids(self) -> list[int]:
        """The photo the user is on: the viewer's, or a single selection."""
        if self.viewer_open():
            return [self._viewer_id] if self._viewer_id is not None else []
        rows = self.grid.selected_rows()
        return [self.model.photo_id(rows[0])] if len(rows) == 1 else []

    def select_row(self, row: int) -> None:
        index = self.model.index(row)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.grid.selectionModel().setCurrentIndex(index, flags)
        self.grid.scrollTo(index)

    def next_unlabeled_row(self, after: int) -> int | None:
        """The first row after ``after`` (wrapping) whose photo needs a label."""
        if self.session is None or not self.model.rowCount():
            return None
        todo = set(library.photo_ids(self.session.project, PhotoFilter(Show.UNLABELED)))
        ids = self.model.ids()
        for offset in range(1, len(ids) + 1):
            row = (after + offset) % len(ids)
            if ids[row] in todo:
                return row
        return None

    def go_to_next_unlabeled(self) -> bool:
        current = (
            self.grid.currentIndex().row() if self.grid.currentIndex().isValid() else -1
        )
        row = self.next_unlabeled_row(current)
        if row is None:
            self.services.show_status(self.tr("No unlabeled photos left in this view."))
            return False
        self.select_row(row)
        return True

    # labelling from the grid

    def label_with_hotkey(self, ids: list[int], hotkey: int) -> bool:
        label_class = (
            next((c for c in self.session.classes() if c.hotkey == hotkey), None)
            if self.session
            else None
        )
        if label_class is None:
            self.services.show_status(
                self.tr(
                    "No class has the key {n}. Give one that key in Classes…"
                ).format(n=hotkey)
            )
            return False
        return self.edits.label(ids, label_class.id) is not None

    def _on_grid_label_key(self, hotkey: int) -> None:
        ids = self.selected_ids()
        if ids and self.label_with_hotkey(ids, hotkey):
            self._advance_if_single(ids)

    def _on_grid_skip_key(self) -> None:
        ids = self.selected_ids()
        if self.edits.skip(ids) is not None:
            self._advance_if_single(ids)

    def _advance_if_single(self, ids: list[int]) -> None:
        if self.advance_after_label and len(ids) == 1:
            self.go_to_next_unlabeled()

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.grid.indexAt(pos)
        if not index.isValid():
            return
        if not self.grid.selectionModel().isSelected(index):
            self.select_row(index.row())
        photos = self.selected_photos()
        if photos:
            menu = build_photo_menu(self, photos, self)
            menu.exec(self.grid.viewport().mapToGlobal(pos))
            menu.deleteLater()

    # the viewer

    def open_current(self) -> None:
        index = self.grid.currentIndex()
        if index.isValid():
            self.open_viewer(index.row())

    def open_viewer(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        self.stack.setCurrentWidget(self.viewer)
        self.show_row(row)
        self.viewer.setFocus()
        self.viewer_toggled.emit(True)

    def close_viewer(self) -> None:
        if self.stack.currentWidget() is not self.viewer:
            return
        self.stack.setCurrentWidget(self.grid)
        if 0 <= self._viewer_row < self.model.rowCount():
            self.select_row(self._viewer_row)
        self._viewer_row, self._viewer_id = -1, None
        self.viewer.view.clear()
        self.grid.setFocus()
        self.viewer_toggled.emit(False)

    def viewer_open(self) -> bool:
        return self.stack.currentWidget() is self.viewer

    def viewer_photo(self) -> Photo | None:
        return self.model.photo_at(self._viewer_row) if self.viewer_open() else None

    def show_row(self, row: int) -> None:
        photo = self.model.photo_at(row)
        if photo is None or self.session is None:
            return
        changed = photo.id != self._viewer_id
        self._viewer_row, self._viewer_id = row, photo.id
        if changed:  # a photo labelled out of this view leaves now
            self.model.moved_on()
        self._show_header(photo)
        if changed:
            thumb = self.session.pixmaps.get(photo.id)
            if thumb is not None:
                self.viewer.view.set_pixmap(thumb)
            else:
                self.viewer.view.clear()
            if photo.status == "ok":
                self.session.loader.request_preview(photo, PREVIEW_MAX_SIDE)

    def _show_header(self, photo: Photo) -> None:
        assert self.session is not None
        self.viewer.show_photo(
            photo,
            self.session.class_by_id(photo.class_id),
            row=self._viewer_row,
            total=self.model.rowCount(),
        )

    def _on_preview_loaded(self, photo_id: int, image: QImage) -> None:
        photo = self.viewer_photo()
        if photo is not None and photo.id == photo_id:
            from PySide6.QtGui import QPixmap

            self.viewer.view.set_pixmap(QPixmap.fromImage(image), keep_view=True)

    def _on_preview_failed(self, photo_id: int, error: MediaError) -> None:
        photo = self.viewer_photo()
        if photo is not None and photo.id == photo_id:
            self.viewer.show_problem(photo, error.template, error.params)

    def _on_data_changed(
        self, top: QModelIndex, bottom: QModelIndex, *_: object
    ) -> None:
        if self.viewer_open() and top.row() <= self._viewer_row <= bottom.row():
            photo = self.model.photo_at(self._viewer_row)
            if photo is not None:
                self._show_header(photo)

    def _on_rows_moved(self) -> None:
        if not self.viewer_open() or self._viewer_id is None:
            return
        row = self.model.row_of(self._viewer_id)
        if row is None:
            self._viewer_row = -1
            self.close_viewer()
            return
        self._viewer_row = row
        photo = self.model.photo_at(row)
        if photo is not None:
            self._show_header(photo)

    def _viewer_ids(self) -> list[int]:
        photo = self.viewer_photo()
        return [photo.id] if photo is not None else []

    def _on_viewer_label_key(self, hotkey: int) -> None:
        if self.label_with_hotkey(self._viewer_ids(), hotkey):
            self.viewer_advance()

    def _on_viewer_unlabel_key(self) -> None:
        self.edits.unlabel(self._viewer_ids())

    def _on_viewer_skip_key(self) -> None:
        if self.edits.skip(self._viewer_ids()) is not None:
            self.viewer_advance()

    def viewer_advance(self) -> None:
        row = self.next_unlabeled_row(self._viewer_row)
        if row is None or row == self._viewer_row:
            self.services.show_status(self.tr("No unlabeled photos left in this view."))
            return
        self.show_row(row)
