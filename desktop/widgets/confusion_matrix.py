"""The confusion matrix of a trained classifier: a table of counts whose
colour grows with the count (right answers blue, mistakes red). Clicking a
cell asks to show the photos in it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.widgets.thumbnail_grid import readable_on

Index = QModelIndex | QPersistentModelIndex
RIGHT = QColor("#3b7dd8")
WRONG = QColor("#d84a3a")


class ConfusionMatrixModel(QAbstractTableModel):
    """Rows: the photo's label; columns: the model's answer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []
        self.counts: list[list[int]] = []
        self.photos: list[list[list[int]]] = []

    def set_results(self, results: Mapping[str, Any] | None) -> None:
        self.beginResetModel()
        results = results or {}
        self.names = [c["name"] for c in results.get("classes", [])]
        self.counts = [list(row) for row in results.get("confusion", [])]
        self.photos = results.get("confusion_photos", []) or []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.counts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.names)

    def photo_ids(self, row: int, column: int) -> list[int]:
        try:
            return list(self.photos[row][column])
        except IndexError:
            return []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        count = self.counts[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{count:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            fill = self._fill(index.row(), index.column(), count)
            if role == Qt.ItemDataRole.BackgroundRole:
                return fill
            return readable_on(fill) if fill.alpha() > 110 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Labelled “{label}”, the model said “{guess}”: {n}").format(
                label=self.names[index.row()],
                guess=self.names[index.column()],
                n=count,
            )
        return None

    def _fill(self, row: int, column: int, count: int) -> QColor:
        # intensity relative to the row, so small classes show their mistakes
        total = max(1, sum(self.counts[row]))
        colour = QColor(RIGHT if row == column else WRONG)
        colour.setAlpha(int(20 + 235 * count / total) if count else 0)
        return colour

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or section >= len(self.names):
            return None
        return self.names[section]


class ConfusionMatrixWidget(QTableView):
    """``cell_chosen(label_row, guess_column)`` when a cell is clicked."""

    cell_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.matrix = ConfusionMatrixModel(self)
        self.setModel(self.matrix)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(48)
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_clicked)

    def set_results(self, results: Mapping[str, Any] | None) -> None:
        self.matrix.set_results(results)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.cell_chosen.emit(index.row(), index.column())
