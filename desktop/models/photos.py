"""The list model behind a photo grid: photo ids only, records on demand.

A view of tens of thousands of photos holds one integer per row. The
photo records of the rows being painted are fetched in pages and kept in a
bounded cache; thumbnails come from the :class:`LibrarySession` and arrive
later, each followed by ``dataChanged`` for its one row.
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

from desktop.i18n import engine_text
from engine import library
from engine.library import PhotoFilter, SortKey

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from engine.library import Photo

PhotoRole = Qt.ItemDataRole.UserRole + 1
ClassRole = Qt.ItemDataRole.UserRole + 2  # the LabelClass of the photo, or None

PAGE = 256
MAX_RECORDS = 8 * PAGE
# past this many separate runs of rows leaving a view, one reset is cheaper
MAX_ROW_RUNS = 64

Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate


class PhotosModel(QAbstractListModel):
    """Rows are the photo ids of one view (filter and sort) of the library."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: LibrarySession | None = None
        self.photo_filter = PhotoFilter()
        self.sort = SortKey.NAME
        self.descending = False
        self.fixed_ids: list[int] | None = None  # a set of photos, not a view
        self._ids: list[int] = []
        self._rows: dict[int, int] | None = None
        self._records: dict[int, Photo] = {}
        # the photos the user is on (set by the view): they stay shown after
        # an edit takes them out of the view, until the user moves on
        self.kept_ids: Callable[[], Iterable[int]] = lambda: ()
        self._kept: set[int] = set()
        self._syncing = False

    # Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.session is None:
            return None
        photo = self.photo_at(index.row())
        if photo is None:
            return None
        if role == PhotoRole:
            return photo
        if role == Qt.ItemDataRole.DecorationRole:
            return self.session.pixmap(photo)
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.name
        if role == ClassRole:
            return self.session.class_by_id(photo.class_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(photo)
        return None

    # the view

    def set_session(self, session: LibrarySession | None) -> None:
        if self.session is not None:
            self.session.photos_changed.disconnect(self._on_photos_changed)
            self.session.thumbnail_ready.disconnect(self._on_thumbnail_ready)
        self.session = session
        if session is not None:
            session.photos_changed.connect(self._on_photos_changed)
            session.thumbnail_ready.connect(self._on_thumbnail_ready)
        self.reload()

    def set_view(
        self,
        photo_filter: PhotoFilter | None = None,
        *,
        sort: SortKey | None = None,
        descending: bool | None = None,
    ) -> None:
        """Show another filter or order (None keeps the current one)."""
        if photo_filter is not None:
            self.photo_filter = photo_filter
        if sort is not None:
            self.sort = sort
        if descending is not None:
            self.descending = descending
        self.reload()

    def show_ids(self, photo_ids: Sequence[int] | None) -> None:
        """Show exactly these photos, in this order (None: the view again)."""
        self.fixed_ids = None if photo_ids is None else list(photo_ids)
        self.reload()

    def reload(self) -> None:
        """Query the ids again (after an import, a removal, a new view)."""
        self.beginResetModel()
        self._records.clear()
        self._rows = None
        self._kept.clear()
        self._ids = self._query()
        self.endResetModel()

    def _query(self) -> list[int]:
        if self.session is None:
            return []
        if self.fixed_ids is not None:
            found = library.get_photos(self.session.project, self.fixed_ids)
            present = {photo.id for photo in found}
            return [i for i in self.fixed_ids if i in present]
        return library.photo_ids(
            self.session.project,
            self.photo_filter,
            sort=self.sort,
            descending=self.descending,
        )

    def moved_on(self) -> None:
        """The user moved to another photo: the one kept shown after an edit
        that took it out of this view leaves now."""
        if self._kept and not self._syncing:
            self._sync()

    # rows and records

    def photo_at(self, row: int) -> Photo | None:
        if not 0 <= row < len(self._ids) or self.session is None:
            return None
        photo_id = self._ids[row]
        photo = self._records.get(photo_id)
        if photo is None:
            self._fetch_page(row)
            photo = self._records.get(photo_id)
        return photo

    def request_thumbnails(self, first: int, last: int) -> None:
        """Ask for the thumbnails of rows ``first..last``, then one screen more."""
        if self.session is None or not self._ids:
            return
        ahead = min(len(self._ids) - 1, last + (last - first + 1))
        self.session.request_thumbnails(
            self.photo_at(r) for r in range(first, ahead + 1)
        )

    def photo_id(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def ids_of(self, indexes: Iterable[QModelIndex]) -> list[int]:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return [self._ids[r] for r in rows if r < len(self._ids)]

    def row_of(self, photo_id: int) -> int | None:
        if self._rows is None:
            self._rows = {pid: row for row, pid in enumerate(self._ids)}
        return self._rows.get(photo_id)

    def _fetch_page(self, row: int) -> None:
        if len(self._records) > MAX_RECORDS:
            self._records.clear()
        start = row - row % PAGE
        page = self._ids[start : start + PAGE]
        assert self.session is not None
        for photo in library.get_photos(self.session.project, page):
            self._records[photo.id] = photo

    # changes

    def _on_photos_changed(self, ids: Sequence[int] | None) -> None:
        if ids is None:
            self.reload()
            return
        if not ids:  # classes changed: chips and names repaint
            self._emit_all_changed()
            return
        rows = []
        for photo_id in ids:
            self._records.pop(photo_id, None)
            row = self.row_of(photo_id)
            if row is not None:
                rows.append(row)
        if rows:  # one signal for a batch: the view repaints what it shows
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))
        if self._filters_by_state():
            self._sync()

    def _filters_by_state(self) -> bool:
        """Whether labels, marks, sets or file states decide what is shown."""
        plain = PhotoFilter(text=self.photo_filter.text)
        return self.fixed_ids is None and self.photo_filter != plain

    def _sync(self) -> None:
        """Take out the rows that left the view and put in the ones that came
        back (an undo), keeping the photo the user is on for now."""
        fresh = self._query()
        present = set(fresh)
        self._kept = {
            i
            for i in self.kept_ids()
            if i not in present and self.row_of(i) is not None
        }
        shown = [i for i in self._ids if i in present or i in self._kept]
        target = _merge(shown, fresh)
        if target == self._ids:
            return
        self._syncing = True  # removing rows moves the view's current row
        try:
            self._apply(target)
        finally:
            self._syncing = False

    def _apply(self, target: list[int]) -> None:
        wanted = set(target)
        gone = [row for row, i in enumerate(self._ids) if i not in wanted]
        runs = _runs(gone)
        if len(runs) > MAX_ROW_RUNS:
            self.beginResetModel()
            self._ids, self._rows = target, None
            self.endResetModel()
            return
        for first, last in reversed(runs):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first : last + 1]
            self._rows = None
            self.endRemoveRows()
        self._insert_new(target)

    def _insert_new(self, target: list[int]) -> None:
        have = set(self._ids)
        new_rows = [row for row, i in enumerate(target) if i not in have]
        for first, last in _runs(new_rows):
            self.beginInsertRows(QModelIndex(), first, last)
            self._ids[first:first] = target[first : last + 1]
            self._rows = None
            self.endInsertRows()

    def _on_thumbnail_ready(self, photo_id: int) -> None:
        row = self.row_of(photo_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _emit_all_changed(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def _tooltip(self, photo: Photo) -> str:
        lines = [photo.path]
        if photo.width and photo.height:
            lines.append(f"{photo.width} × {photo.height}")
        if photo.status == "missing":
            lines.append(translate("PhotosModel", "Missing: the file is not there."))
        elif photo.status == "damaged":
            reason = engine_text(photo.reason or "", photo.reason_args)
            lines.append(
                translate("PhotosModel", "Damaged: {reason}").format(reason=reason)
            )
        split = {
            "train": translate("PhotosModel", "Training set"),
            "val": translate("PhotosModel", "Validation set"),
        }[photo.split]
        if photo.split_pinned:
            split = translate("PhotosModel", "{split} (pinned)").format(split=split)
        lines.append(split)
        return "\n".join(lines)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _merge(kept: list[int], fresh: list[int]) -> list[int]:
    """``fresh`` with the kept ids that it lacks left where they were.

    Both lists are in the view's order, so a kept id goes back after the
    id that came before it in ``kept``.
    """
    known = set(fresh)
    extra: dict[int | None, list[int]] = {}
    previous: int | None = None
    for photo_id in kept:
        if photo_id in known:
            previous = photo_id
        else:
            extra.setdefault(previous, []).append(photo_id)
    merged = extra.get(None, []).copy()
    for photo_id in fresh:
        merged.append(photo_id)
        merged.extend(extra.get(photo_id, ()))
    return merged
