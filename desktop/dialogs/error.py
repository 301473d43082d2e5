"""The error dialog: one translated sentence, the traceback behind "Copy details"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)


class ErrorDialog(QDialog):
    """Non-blocking: shown with ``open()`` so a worker's error never stalls the app."""

    def __init__(
        self, sentence: str, details: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pictor"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details = details
        self.message = QLabel(sentence)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.message.setMinimumWidth(380)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setEnabled(bool(details))
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self._build_layout(buttons)

    def _build_layout(self, buttons: QDialogButtonBox) -> None:
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(icon)
        row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details)


def show_error(parent: QWidget | None, sentence: str, details: str) -> ErrorDialog:
    dialog = ErrorDialog(sentence, details, parent)
    dialog.open()
    return dialog
