"""The photo grid of search results: the shared grid with a score on each cell.

The cell is drawn by the library's thumbnail delegate; the corner that
shows a photo's training set there shows the result's badge here (its
similarity, or a suggested class), and a grid of results that are no good
match is drawn faded.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

from desktop.models.search_results import BadgeRole
from desktop.widgets.thumbnail_grid import (
    DEFAULT_SIZE,
    Index,
    ThumbnailDelegate,
    ThumbnailGridView,
)

BADGE_COLOUR = QColor(20, 20, 24, 190)
FADED = 0.45


class SearchResultDelegate(ThumbnailDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._badge = ""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> None:
        self._badge = index.data(BadgeRole) or ""
        model = index.model()
        faded = bool(getattr(model, "dimmed", False))
        painter.save()
        if faded:
            painter.setOpacity(FADED)
        super().paint(painter, option, index)
        painter.restore()

    def _split(
        self, painter: QPainter, metrics: QFontMetrics, thumb: QRect, photo
    ) -> None:
        if not self._badge:
            return
        painter.save()
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        bold = QFontMetrics(font)
        text = bold.elidedText(
            self._badge, Qt.TextElideMode.ElideRight, thumb.width() - 16
        )
        width = bold.horizontalAdvance(text) + 12
        chip = QRect(thumb.right() - width - 3, thumb.top() + 4, width, bold.height())
        self._pill(painter, chip, BADGE_COLOUR, text)
        painter.restore()


class ResultsGridView(ThumbnailGridView):
    """The shared grid with the search delegate; labelling keys still work
    (the owner decides what they do)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResultsGrid")
        self.delegate = SearchResultDelegate(self)
        self.setItemDelegate(self.delegate)
        self.set_thumb_size(DEFAULT_SIZE)

    def setModel(self, model) -> None:  # noqa: N802, ANN001
        """Thumbnails follow the rows on screen, as in the library grids."""
        super().setModel(model)
        self.visible_rows_changed.connect(model.request_thumbnails)
        model.modelReset.connect(self.schedule_visible_rows)
        model.layoutChanged.connect(self.schedule_visible_rows)
