"""The table model of the classes: name with its colour, hotkey, photo count,
and how many of its photos train and validate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from engine.labels import SplitCount

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from engine.labels import LabelClass

ClassIdRole = Qt.ItemDataRole.UserRole + 1

NAME, HOTKEY, PHOTOS, SPLIT = range(4)
Index = QModelIndex | QPersistentModelIndex


class ClassesModel(QAbstractTableModel):
    """Rows are the session's classes in display order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: LibrarySession | None = None
        self._classes: list[LabelClass] = []
        self._counts: dict[int, int] = {}
        self._splits: dict[int, SplitCount] = {}

    def set_session(self, session: LibrarySession | None) -> None:
        if self.session is not None:
            self.session.classes_changed.disconnect(self.refresh)
        self.session = session
        if session is not None:
            session.classes_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        if self.session is None:
            self._classes, self._counts, self._splits = [], {}, {}
        else:
            self._classes = list(self.session.classes())
            self._counts = dict(self.session.counts().per_class)
            self._splits = dict(self.session.split_counts())
        self.endResetModel()

    def label_class(self, row: int) -> LabelClass | None:
        return self._classes[row] if 0 <= row < len(self._classes) else None

    def count(self, class_id: int) -> int:
        return self._counts.get(class_id, 0)

    def row_of(self, class_id: int) -> int | None:
        return next((r for r, c in enumerate(self._classes) if c.id == class_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._classes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        label_class = self.label_class(index.row()) if index.isValid() else None
        if label_class is None:
            return None
        column = index.column()
        if role == ClassIdRole:
            return label_class.id
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return QColor(label_class.colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == NAME:
            return label_class.name
        if column == HOTKEY:
            return "" if label_class.hotkey is None else str(label_class.hotkey)
        if column == SPLIT:
            split = self._splits.get(label_class.id) or SplitCount()
            return f"{split.train:,} · {split.val:,}"
        return f"{self.count(label_class.id):,}"

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section == SPLIT:
            return self.tr(
                "Photos for training · for validation (labelled, usable photos)"
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (
            self.tr("Class"),
            self.tr("Key"),
            self.tr("Photos"),
            self.tr("Train · val"),
        )
        return headers[section]
