"""What the Library and Label panes share for one open project.

One :class:`LibrarySession` per project holds the thumbnail loader, the
pixmap cache and the classes, and tells every view when photos or classes
changed (after an edit, an undo, an import), so the two panes stay in step.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPixmap

from desktop.thumbnails import PixmapCache, ThumbnailLoader
from engine import labels, library

if TYPE_CHECKING:
    from engine.labels import LabelClass
    from engine.library import Photo
    from engine.project import Project

log = logging.getLogger(__name__)


class LibrarySession(QObject):
    """``photos_changed(ids)``: those photos changed (None: re-query the
    views, photos came or went). ``classes_changed()``: classes or counts.
    ``thumbnail_ready(photo_id)``: a pixmap can now be drawn."""

    photos_changed = Signal(object)
    classes_changed = Signal()
    thumbnail_ready = Signal(int)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.pixmaps = PixmapCache()
        self.loader = ThumbnailLoader(project, parent=self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self.loader.preview_failed.connect(self._on_preview_failed)
        self._classes: list[LabelClass] | None = None
        self._split_counts: dict[int, labels.SplitCount] | None = None
        self._failed: set[int] = set()
        # connected first, so every view reads fresh values
        self.classes_changed.connect(self._forget_classes)
        self.photos_changed.connect(self._forget_split_counts)

    # classes

    def classes(self) -> list[LabelClass]:
        if self._classes is None:
            self._classes = labels.list_classes(self.project)
        return self._classes

    def class_by_id(self, class_id: int | None) -> LabelClass | None:
        return next((c for c in self.classes() if c.id == class_id), None)

    def counts(self) -> library.LibraryCounts:
        return library.library_counts(self.project)

    def split_counts(self) -> dict[int, labels.SplitCount]:
        """Training and validation photos per class id (usable photos)."""
        if self._split_counts is None:
            self._split_counts = labels.split_counts(self.project)
        return self._split_counts

    def _forget_classes(self) -> None:
        self._classes = None
        self._split_counts = None

    def _forget_split_counts(self, _ids: object = None) -> None:
        self._split_counts = None

    # thumbnails

    def pixmap(self, photo: Photo) -> QPixmap | None:
        """The thumbnail if it is ready, else None."""
        return self.pixmaps.get(photo.id)

    def request_thumbnails(self, photos: Iterable[Photo | None]) -> None:
        """Load these thumbnails next (the rows a grid shows, in order);
        requests for rows no longer shown are dropped."""
        wanted = [
            p
            for p in photos
            if p is not None and p.id not in self._failed and p.id not in self.pixmaps
        ]
        self.loader.request(wanted)

    def _on_loaded(self, photo_id: int, image: QImage) -> None:
        self.pixmaps.put(photo_id, image)
        self.thumbnail_ready.emit(photo_id)

    def _on_failed(self, photo_id: int) -> None:
        self._failed.add(photo_id)
        self.photos_changed.emit((photo_id,))
        self.classes_changed.emit()  # the Damaged and Missing counts moved

    def _on_preview_failed(self, photo_id: int, _error: object) -> None:
        # the loader recorded the photo as damaged or missing
        self.photos_changed.emit((photo_id,))
        self.classes_changed.emit()

    # changes

    def notify(self, record: Any) -> None:
        """Tell the views what an engine operation (or its undo) changed."""
        if isinstance(record, labels.LabelChange):
            self.photos_changed.emit(record.photo_ids)
            self.classes_changed.emit()
        elif isinstance(record, labels.SplitChange):
            self.photos_changed.emit(tuple(photo_id for photo_id, _ in record.after))
            self.classes_changed.emit()  # the training and validation counts
        elif isinstance(record, labels.RemoveClass):
            self.classes_changed.emit()
            self.photos_changed.emit(tuple(s.photo_id for s in record.states))
        elif isinstance(record, labels.ClassEdit | labels.AddClass):
            self.classes_changed.emit()
            self.photos_changed.emit(())
        else:
            self.photos_changed_all()

    def photos_changed_all(self) -> None:
        """Photos were added, removed or relinked: views query again."""
        self._failed.clear()
        self.classes_changed.emit()
        self.photos_changed.emit(None)

    def forget_thumbnails(self, photo_ids: Iterable[int]) -> None:
        for photo_id in photo_ids:
            self.pixmaps.discard(photo_id)
            self._failed.discard(photo_id)

    def close(self) -> None:
        self.loader.shutdown()
        self.pixmaps.clear()


_sessions: dict[int, tuple[LibrarySession, int]] = {}


def acquire(project: Project) -> LibrarySession:
    """The session of ``project``, made on first use; pair with :func:`release`."""
    key = id(project)
    session, users = _sessions.get(key, (None, 0))
    if session is None or session.project is not project:
        session, users = LibrarySession(project), 0
    _sessions[key] = (session, users + 1)
    return session


def release(session: LibrarySession) -> None:
    """Stop using a session; the last user closes it (waiting for decodes)."""
    key = id(session.project)
    current, users = _sessions.get(key, (None, 0))
    if current is not session:
        session.close()
        return
    if users <= 1:
        del _sessions[key]
        session.close()
        session.deleteLater()
    else:
        _sessions[key] = (session, users - 1)
