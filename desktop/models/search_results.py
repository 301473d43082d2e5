"""The list model behind the Search pane's grids: result items, best first.

Rows are :class:`~desktop.search_calls.ResultItem` values. The shared
thumbnail delegate reads them like library photos (``PhotoRole``); the
badge (a score, a suggested class) is drawn by the search delegate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop.models.photos import ClassRole, PhotoRole

if TYPE_CHECKING:
    from desktop.search_calls import ResultItem
    from desktop.search_thumbs import ResultThumbnails
    from engine.labels import LabelClass

BadgeRole = Qt.ItemDataRole.UserRole + 10

Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate


def score_text(score: float) -> str:
    return f"{score:.2f}"


class SearchResultsModel(QAbstractListModel):
    """``dimmed`` draws every row faded (results that are no good match)."""

    def __init__(
        self,
        thumbnails: ResultThumbnails,
        class_of: Callable[[int | None], LabelClass | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.class_of = class_of
        self.dimmed = False
        self._items: list[ResultItem] = []
        self._rows: dict[int, int] = {}
        thumbnails.ready.connect(self._on_thumbnail_ready)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == PhotoRole:
            return item
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.pixmap(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name
        if role == BadgeRole:
            return item.badge or score_text(item.score)
        if role == ClassRole:
            return self.class_of(item.photo.class_id) if item.photo else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        return None

    # items

    def set_items(self, items: Sequence[ResultItem], *, dimmed: bool = False) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._rows = {item.id: row for row, item in enumerate(self._items)}
        self.dimmed = dimmed
        self.endResetModel()

    def items(self) -> list[ResultItem]:
        return list(self._items)

    def request_thumbnails(self, first: int, last: int) -> None:
        """Ask for the thumbnails of rows ``first..last``, then one screen more."""
        if not self._items:
            return
        ahead = min(len(self._items) - 1, last + (last - first + 1))
        self.thumbnails.request(self._items[first : ahead + 1])

    def item_at(self, row: int) -> ResultItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int | None:
        return self._rows.get(item_id)

    def replace(self, items: Iterable[ResultItem]) -> None:
        """Put in new versions of some items (after a label changed)."""
        for item in items:
            row = self._rows.get(item.id)
            if row is not None:
                self._items[row] = item
                self.dataChanged.emit(self.index(row), self.index(row))

    def remove_ids(self, item_ids: Iterable[int]) -> None:
        gone = set(item_ids)
        if gone & self._rows.keys():
            self.set_items([i for i in self._items if i.id not in gone])

    def repaint_all(self) -> None:
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def _on_thumbnail_ready(self, item_id: int) -> None:
        row = self._rows.get(item_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _tooltip(self, item: ResultItem) -> str:
        lines = [item.path]
        if item.badge:
            lines.append(item.badge)
        else:
            lines.append(
                translate("SearchResults", "Similarity {score}").format(
                    score=score_text(item.score)
                )
            )
        if item.photo is None:
            lines.append(translate("SearchResults", "Not in the library"))
        if item.changed:
            lines.append(
                translate(
                    "SearchResults",
                    "Changed since it was indexed: the score may be out of date.",
                )
            )
        return "\n".join(lines)
