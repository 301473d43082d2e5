"""Thumbnails of search results, look-alikes and suggestions.

Results may be files outside the library, so the Search pane keeps its own
:class:`~desktop.thumbnails.ThumbnailLoader` (the library's loader serves
only what the library grids paint) and its own pixmap cache. Thumbnails
still go through the project's disk cache, so library photos are not
decoded twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPixmap

from desktop.thumbnails import PixmapCache, ThumbnailLoader

if TYPE_CHECKING:
    from desktop.search_calls import ResultItem
    from engine.project import Project

# a few hundred results at most are shown at once
PIXMAP_BUDGET_BYTES = 48 * 1024 * 1024


class ResultThumbnails(QObject):
    """``ready(item_id)``: the thumbnail of that item can now be drawn."""

    ready = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pixmaps = PixmapCache(PIXMAP_BUDGET_BYTES)
        self.loader: ThumbnailLoader | None = None
        self._failed: set[int] = set()

    def set_project(self, project: Project | None) -> None:
        self.close()
        if project is not None:
            self.loader = ThumbnailLoader(project, parent=self)
            self.loader.loaded.connect(self._on_loaded)
            self.loader.failed.connect(self._on_failed)

    def pixmap(self, item: ResultItem) -> QPixmap | None:
        """The thumbnail if it is ready, else None."""
        return self.pixmaps.get(item.id)

    def request(self, items: Iterable[ResultItem | None]) -> None:
        """Load these thumbnails next (what is on screen, in order);
        requests for items no longer shown are dropped."""
        wanted = [
            i
            for i in items
            if i is not None and i.id not in self._failed and i.id not in self.pixmaps
        ]
        if self.loader is not None:
            self.loader.request(wanted)  # type: ignore[arg-type]

    def forget(self, item_id: int) -> None:
        self.pixmaps.discard(item_id)
        self._failed.discard(item_id)

    def close(self) -> None:
        self._failed.clear()
        self.pixmaps.clear()
        if self.loader is not None:
            self.loader.shutdown()
            self.loader.deleteLater()
            self.loader = None

    def _on_loaded(self, item_id: int, image: QImage) -> None:
        self.pixmaps.put(item_id, image)
        self.ready.emit(item_id)

    def _on_failed(self, item_id: int) -> None:
        self._failed.add(item_id)
        self.ready.emit(item_id)
