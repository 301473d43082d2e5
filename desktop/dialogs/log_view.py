"""The in-app log: the last lines of the log, following new ones live."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from engine import logs

MAX_LINES = 5000


class _LineRelay(QObject):
    """Called by the logging handler in any thread; delivers lines queued."""

    line = Signal(str)

    def push(self, text: str) -> None:
        try:
            self.line.emit(text)
        except RuntimeError:
            pass  # the dialog was deleted while a line was on its way


_relay: _LineRelay | None = None


def _shared_relay() -> _LineRelay:
    """One relay for the whole process, subscribed once to the ring buffer.

    Logging threads emit on it at any moment; giving each dialog its own
    relay meant a thread could emit on one that the GUI thread was deleting.
    Dialogs only connect to it, and Qt drops the connection when they go.
    """
    global _relay
    if _relay is None:
        _relay = _LineRelay()
        ring = logs.ring_buffer()
        if ring is not None:
            ring.subscribe(_relay.push)
    return _relay


class LogDialog(QDialog):
    """Bounded view over :func:`engine.logs.ring_buffer`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pictor log"))
        self.resize(820, 460)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(MAX_LINES)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        note = QLabel(self.tr("Full log file: {path}").format(path=logs.log_file()))
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(note)
        layout.addWidget(buttons)
        ring = logs.ring_buffer()
        if ring is not None:
            self.view.setPlainText("\n".join(ring.lines))
            _shared_relay().line.connect(self._on_line)

    def _on_line(self, text: str) -> None:
        self.view.appendPlainText(text)
