"""Small controls over a photo grid: the order and the thumbnail size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QSlider, QWidget

from desktop.widgets.thumbnail_grid import MAX_SIZE, MIN_SIZE, ThumbnailGridView
from engine.library import SortKey

# (key, newest or Z first) for each entry of the sort box
SORTS = ((SortKey.NAME, False), (SortKey.DATE_TAKEN, True), (SortKey.DATE_ADDED, True))


class SortComboBox(QComboBox):
    """``sort_chosen(SortKey, descending)`` when the user picks an order."""

    sort_chosen = Signal(object, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sortCombo")
        self.addItems(["", "", ""])
        self.activated.connect(lambda row: self.sort_chosen.emit(*SORTS[row]))
        self.retranslate()

    def retranslate(self) -> None:
        texts = (
            self.tr("Sort by name"),
            self.tr("Sort by date taken"),
            self.tr("Sort by date added"),
        )
        for row, text in enumerate(texts):
            self.setItemText(row, text)

    def choose(self, key: SortKey) -> None:
        row = next(r for r, (k, _) in enumerate(SORTS) if k == key)
        self.setCurrentIndex(row)
        self.sort_chosen.emit(*SORTS[row])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def zoom_slider(grid: ThumbnailGridView) -> QSlider:
    """A slider for the thumbnail size, kept in step with Ctrl+wheel."""
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setObjectName("zoomSlider")
    slider.setRange(MIN_SIZE, MAX_SIZE)
    slider.setSingleStep(8)
    slider.setPageStep(32)
    slider.setValue(grid.thumb_size())
    slider.setMinimumWidth(70)
    slider.setMaximumWidth(140)
    slider.valueChanged.connect(grid.set_thumb_size)
    grid.zoom_requested.connect(
        lambda steps: slider.setValue(slider.value() + 16 * steps)
    )
    return slider
