"""The views of the library with their counts: All, Unlabeled, each class,
Skipped, Damaged, Missing. A side list for the Library pane and a combo box
for the Label pane share :func:`filter_entries`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.widgets.photo_menu import colour_icon
from engine.labels import SplitCount
from engine.library import PhotoFilter, Show

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession

FilterRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2

translate = QCoreApplication.translate


@dataclass(frozen=True)
class FilterEntry:
    text: str
    photo_filter: PhotoFilter
    count: int
    colour: str | None = None
    tooltip: str = ""


def filter_entries(
    session: LibrarySession, *, problems: bool = True
) -> list[FilterEntry]:
    """The views in display order, with translated names and counts."""
    counts = session.counts()
    entries = [
        FilterEntry(translate("FilterList", "All photos"), PhotoFilter(), counts.all),
        FilterEntry(
            translate("FilterList", "Unlabeled"),
            PhotoFilter(Show.UNLABELED),
            counts.unlabeled,
        ),
    ]
    splits = session.split_counts()
    for label_class in session.classes():
        entries.append(
            FilterEntry(
                label_class.name,
                PhotoFilter.of_class(label_class.id),
                counts.per_class.get(label_class.id, 0),
                label_class.colour,
                split_text(splits.get(label_class.id)),
            )
        )
    entries.append(
        FilterEntry(
            translate("FilterList", "Skipped"),
            PhotoFilter(Show.SKIPPED),
            counts.skipped,
        )
    )
    if problems:
        entries += [
            FilterEntry(
                translate("FilterList", "Damaged"),
                PhotoFilter(Show.DAMAGED),
                counts.damaged,
            ),
            FilterEntry(
                translate("FilterList", "Missing"),
                PhotoFilter(Show.MISSING),
                counts.missing,
            ),
        ]
    return entries


def split_text(count: SplitCount | None) -> str:
    """How many of a class's photos train and how many validate."""
    count = count or SplitCount()
    return translate("FilterList", "Training: {train} · Validation: {val}").format(
        train=f"{count.train:,}", val=f"{count.val:,}"
    )


class _CountDelegate(QStyledItemDelegate):
    """The view's name on the left and its count on the right."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(CountRole)
        if count is None:
            return
        painter.save()
        selected = option.state & QStyle.StateFlag.State_Selected
        role = (
            QPalette.ColorRole.HighlightedText
            if selected
            else QPalette.ColorRole.PlaceholderText
        )
        painter.setPen(option.palette.color(role))
        rect = option.rect.adjusted(0, 0, -8, 0)
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{count:,}",
        )
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(
            size.width() + 50, max(size.height(), option.fontMetrics.height() + 10)
        )


class FilterListWidget(QListWidget):
    """``filter_chosen(PhotoFilter)`` when the user picks a view."""

    filter_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterList")
        self.setItemDelegate(_CountDelegate(self))
        self.setIconSize(QSize(12, 12))
        self.currentItemChanged.connect(self._on_current_item_changed)
        self._filling = False

    def refresh(self, session: LibrarySession | None, current: PhotoFilter) -> None:
        """Fill with the session's views, keeping ``current`` selected."""
        self._filling = True
        try:
            self.clear()
            if session is None:
                return
            for entry in filter_entries(session):
                item = QListWidgetItem(entry.text)
                item.setData(FilterRole, entry.photo_filter)
                item.setData(CountRole, entry.count)
                if entry.tooltip:
                    item.setToolTip(entry.tooltip)
                if entry.colour:
                    item.setIcon(colour_icon(entry.colour, 12))
                self.addItem(item)
                if entry.photo_filter == current:
                    self.setCurrentItem(item)
        finally:
            self._filling = False

    def select_filter(self, photo_filter: PhotoFilter) -> bool:
        for row in range(self.count()):
            if self.item(row).data(FilterRole) == photo_filter:
                self.setCurrentRow(row)
                return True
        return False

    def count_of(self, photo_filter: PhotoFilter) -> int | None:
        for row in range(self.count()):
            if self.item(row).data(FilterRole) == photo_filter:
                return self.item(row).data(CountRole)
        return None

    def _on_current_item_changed(self, item: QListWidgetItem | None, _previous) -> None:
        if item is not None and not self._filling:
            self.filter_chosen.emit(item.data(FilterRole))


class FilterComboBox(QComboBox):
    """The same views in a compact combo box (``filter_chosen(PhotoFilter)``)."""

    filter_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterCombo")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activated.connect(lambda row: self.filter_chosen.emit(self.itemData(row)))

    def refresh(self, session: LibrarySession | None, current: PhotoFilter) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            if session is None:
                return
            for entry in filter_entries(session):
                text = f"{entry.text}  ({entry.count:,})"
                if entry.colour:
                    self.addItem(
                        colour_icon(entry.colour, 12), text, entry.photo_filter
                    )
                else:
                    self.addItem(text, entry.photo_filter)
                if entry.tooltip:
                    self.setItemData(
                        self.count() - 1, entry.tooltip, Qt.ItemDataRole.ToolTipRole
                    )
                if entry.photo_filter == current:
                    self.setCurrentIndex(self.count() - 1)
        finally:
            self.blockSignals(False)

    def select_filter(self, photo_filter: PhotoFilter) -> bool:
        for row in range(self.count()):
            if self.itemData(row) == photo_filter:
                self.setCurrentIndex(row)
                self.filter_chosen.emit(photo_filter)
                return True
        return False
