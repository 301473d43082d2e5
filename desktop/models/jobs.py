"""The list model behind the Jobs panel: one row per job worth showing.

A job gets a row once it has run for ``SHOW_DELAY_MS`` (quick jobs never
flash by) or as soon as it fails. Finished rows disappear after a moment;
failed and cancelled ones stay until dismissed, so their message can be read.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from desktop.errors import user_message
from desktop.workers import JobHandle, JobManager, JobState

SHOW_DELAY_MS = 500
DONE_LINGER_MS = 3000

HandleRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2
FractionRole = Qt.ItemDataRole.UserRole + 3
MessageRole = Qt.ItemDataRole.UserRole + 4
EtaRole = Qt.ItemDataRole.UserRole + 5
ErrorRole = Qt.ItemDataRole.UserRole + 6
DetailsRole = Qt.ItemDataRole.UserRole + 7

Index = QModelIndex | QPersistentModelIndex


class JobsModel(QAbstractListModel):
    """Rows are :class:`JobHandle` objects of one :class:`JobManager`."""

    def __init__(self, manager: JobManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[JobHandle] = []
        manager.submitted.connect(self._on_submitted)

    # Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        handle = self._rows[index.row()]
        getter = _ROLE_GETTERS.get(role)
        return getter(handle) if getter else None

    # rows

    def handle(self, row: int) -> JobHandle:
        return self._rows[row]

    def handles(self) -> list[JobHandle]:
        return list(self._rows)

    def dismiss(self, handle: JobHandle) -> None:
        if handle in self._rows and handle.state.is_final:
            row = self._rows.index(handle)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            handle.deleteLater()

    def clear_finished(self) -> None:
        for handle in [h for h in self._rows if h.state.is_final]:
            self.dismiss(handle)

    def _on_submitted(self, handle: JobHandle) -> None:
        handle.changed.connect(self._on_changed)
        QTimer.singleShot(SHOW_DELAY_MS, handle, lambda: self._reveal(handle))

    def _reveal(self, handle: JobHandle) -> None:
        if handle in self._rows or handle.state == JobState.DONE:
            return
        if handle.state == JobState.CANCELLED and handle.started_at is None:
            return  # cancelled while queued, before anyone saw it
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(handle)
        self.endInsertRows()

    def _on_changed(self) -> None:
        handle = self.sender()
        if not isinstance(handle, JobHandle):
            return
        if handle.state == JobState.FAILED:
            self._reveal(handle)
        if handle not in self._rows:
            if handle.state == JobState.DONE:
                handle.deleteLater()  # finished before it was worth a row
            return
        index = self.index(self._rows.index(handle))
        self.dataChanged.emit(index, index)
        if handle.state == JobState.DONE:
            QTimer.singleShot(DONE_LINGER_MS, self, lambda: self.dismiss(handle))


def _error_text(handle: JobHandle) -> str:
    return user_message(handle.error) if handle.error is not None else ""


_ROLE_GETTERS = {
    Qt.ItemDataRole.DisplayRole: lambda h: h.title,
    HandleRole: lambda h: h,
    StateRole: lambda h: h.state,
    FractionRole: lambda h: h.progress.fraction,
    MessageRole: lambda h: h.message,
    EtaRole: lambda h: h.eta_seconds(),
    ErrorRole: _error_text,
    DetailsRole: lambda h: h.details,
}
