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
        self._relay = _LineRelay(self)
        self._relay.line.connect(self._on_line)
        self._ring = logs.ring_buffer()
        if self._ring is not None:
            self.view.setPlainText("\n".join(self._ring.lines))
            ring, push = self._ring, self._relay.push
            ring.subscribe(push)
            self.destroyed.connect(lambda: ring.unsubscribe(push))

    def done(self, result: int) -> None:
        self.unsubscribe()
        super().done(result)

    def unsubscribe(self) -> None:
        if self._ring is not None:
            self._ring.unsubscribe(self._relay.push)
            self._ring = None

    def _on_line(self, text: str) -> None:
        self.view.appendPlainText(text)
