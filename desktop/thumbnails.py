"""Thumbnails for the photo grid: made off the GUI thread, shown as pixmaps.

:class:`ThumbnailLoader` reads (or makes, through the engine's disk cache)
the thumbnails of the photos a view is painting, on a small thread pool,
and hands each one to the GUI thread as a ``QImage``. :class:`PixmapCache`
keeps the pixmaps made from them, most recently used first, within a byte
budget. Only the GUI thread creates ``QPixmap`` objects.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap

from engine import library
from engine.media import MediaError, default_workers, load_rgb

if TYPE_CHECKING:
    from engine.library import Photo
    from engine.project import Project

log = logging.getLogger(__name__)

# about 800 thumbnails of 256 x 192: far more than a screen shows
PIXMAP_BUDGET_BYTES = 160 * 1024 * 1024
# how often the GUI thread collects finished thumbnails while work is pending
POLL_MS = 15


class ThumbnailLoader(QObject):
    """Loads thumbnails and full-size previews on worker threads.

    ``loaded(photo_id, QImage)`` and ``failed(photo_id)`` report thumbnails;
    a photo that cannot be decoded is recorded as damaged or missing in the
    project first. ``preview_loaded(photo_id, QImage)`` and
    ``preview_failed(photo_id, MediaError)`` report large previews for the
    viewer; a preview that fails for a reason of the file is recorded too.
    Workers only queue their results; the GUI thread collects them on a
    short timer and emits the signals, so no Qt signal crosses threads.
    """

    loaded = Signal(int, QImage)
    failed = Signal(int)
    preview_loaded = Signal(int, QImage)
    preview_failed = Signal(int, object)

    def __init__(
        self,
        project: Project,
        *,
        workers: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._cache = library.thumbnail_cache(project)
        self._workers = workers or default_workers()
        self._lock = threading.Lock()
        self._queue: deque[Photo] = deque()
        self._busy: set[int] = set()
        self._draining = 0
        self._outstanding = 0  # submitted tasks not finished yet
        self._results: deque[tuple[str, int, QImage | MediaError | None]] = deque()
        self._closed = False
        self._pool: ThreadPoolExecutor | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._on_poll)

    def request(self, photos: Iterable[Photo]) -> None:
        """Load these thumbnails next, dropping requests not repeated here."""
        with self._lock:
            if self._closed:
                return
            self._queue = deque(p for p in photos if p.id not in self._busy)
            starting = max(0, min(self._workers - self._draining, len(self._queue)))
            self._draining += starting
        for _ in range(starting):
            self._submit(self._drain)

    def request_preview(self, photo: Photo, max_side: int) -> None:
        """Decode ``photo`` to fit ``max_side`` for the viewer."""
        if not self._closed:
            self._submit(self._preview, photo, max_side)

    def shutdown(self) -> None:
        """Drop pending work and wait for the running decodes to finish."""
        with self._lock:
            self._closed = True
            self._queue.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._poll.stop()
        self._results.clear()

    def _submit(self, task: Callable[..., None], *args: object) -> None:
        if self._pool is None:
            # one thread more than the thumbnail drains: previews never wait
            self._pool = ThreadPoolExecutor(
                self._workers + 1, thread_name_prefix="pictor-thumbnails"
            )
        with self._lock:
            self._outstanding += 1
        self._pool.submit(self._run, task, *args)
        if not self._poll.isActive():
            self._poll.start()

    def _run(self, task: Callable[..., None], *args: object) -> None:
        try:
            task(*args)
        finally:
            with self._lock:
                self._outstanding -= 1

    def _on_poll(self) -> None:
        while self._results:
            kind, photo_id, payload = self._results.popleft()
            if payload is None:
                getattr(self, kind).emit(photo_id)
            else:
                getattr(self, kind).emit(photo_id, payload)
        with self._lock:
            idle = self._outstanding == 0
        if idle and not self._results:
            self._poll.stop()

    def _drain(self) -> None:
        while True:
            with self._lock:
                if self._closed or not self._queue:
                    self._draining -= 1
                    return
                photo = self._queue.popleft()
                self._busy.add(photo.id)
            try:
                self._load(photo)
            except Exception:
                log.exception("thumbnail of %s failed", photo.path)
                self._results.append(("failed", photo.id, None))
            finally:
                with self._lock:
                    self._busy.discard(photo.id)

    def _load(self, photo: Photo) -> None:
        if photo.status != "ok":  # show what the cache still has, decode nothing
            cached = self._cache.cached(photo)
            image = QImage(os.fspath(cached)) if cached is not None else QImage()
            kind = "failed" if image.isNull() else "loaded"
            self._results.append((kind, photo.id, None if image.isNull() else image))
            return
        try:
            path = self._cache.get_or_make(photo)
        except MediaError as exc:
            if not self._closed:
                library.record_problems(self._project, {photo.id: exc})
            self._results.append(("failed", photo.id, None))
            return
        image = QImage(os.fspath(path))
        if image.isNull():
            log.warning("unreadable thumbnail file %s", path)
            self._results.append(("failed", photo.id, None))
            return
        self._results.append(("loaded", photo.id, image))

    def _preview(self, photo: Photo, max_side: int) -> None:
        if self._closed:
            return
        try:
            rgb = load_rgb(photo.path, max_side=max_side)
        except MediaError as exc:
            log.warning("cannot show %s: %s", photo.path, exc)
            if not self._closed:
                library.record_problems(self._project, {photo.id: exc})
            self._results.append(("preview_failed", photo.id, exc))
            return
        except Exception:
            log.exception("preview of %s failed", photo.path)
            self._results.append(("preview_failed", photo.id, MediaError()))
            return
        self._results.append(("preview_loaded", photo.id, image_from_rgb(rgb)))


def image_from_rgb(rgb: object) -> QImage:
    """A QImage owning a copy of a Pillow RGB image's pixels."""
    width, height = rgb.size  # type: ignore[attr-defined]
    data = rgb.tobytes("raw", "RGB")  # type: ignore[attr-defined]
    image = QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return image.copy()  # detach from ``data``, which Python may free


class PixmapCache:
    """Pixmaps by photo id, least recently used dropped past a byte budget."""

    def __init__(self, budget_bytes: int = PIXMAP_BUDGET_BYTES) -> None:
        self._budget = budget_bytes
        self._used = 0
        self._items: OrderedDict[int, QPixmap] = OrderedDict()

    def get(self, photo_id: int) -> QPixmap | None:
        pixmap = self._items.get(photo_id)
        if pixmap is not None:
            self._items.move_to_end(photo_id)
        return pixmap

    def put(self, photo_id: int, image: QImage) -> QPixmap:
        self.discard(photo_id)
        pixmap = QPixmap.fromImage(image)
        self._items[photo_id] = pixmap
        self._used += _bytes(pixmap)
        while self._used > self._budget and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            self._used -= _bytes(dropped)
        return pixmap

    def discard(self, photo_id: int) -> None:
        dropped = self._items.pop(photo_id, None)
        if dropped is not None:
            self._used -= _bytes(dropped)

    def clear(self) -> None:
        self._items.clear()
        self._used = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, photo_id: object) -> bool:
        return photo_id in self._items

    @property
    def used_bytes(self) -> int:
        return self._used


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8)
