"""Export the labelled photos: class folders split into train/val, or a CSV."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class ExportDialog(QDialog):
    """Asks for the format and the destination folder."""

    def __init__(self, start: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.folders = QRadioButton()
        self.csv = QRadioButton()
        self.folders.setChecked(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.place_label = QLabel()
        self.destination = QLineEdit(start)
        self.browse = QPushButton()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.destination.textChanged.connect(self._update_ok)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folders)
        layout.addWidget(self.csv)
        layout.addWidget(self.explain)
        layout.addSpacing(8)
        layout.addWidget(self.place_label)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.resize(560, 0)
        self.retranslate()
        self._update_ok()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export the dataset"))
        self.folders.setText(self.tr("Class folders, split into train/ and val/"))
        self.csv.setText(self.tr("A CSV file (path, label, split)"))
        self.explain.setText(
            self.tr(
                "Only labelled photos that are not skipped, missing or damaged "
                "are exported. Your photos are copied; the originals stay."
            )
        )
        self.place_label.setText(self.tr("Destination folder (empty or new):"))
        self.browse.setText(self.tr("Browse…"))

    def choice(self) -> tuple[str, str]:
        """("folders" or "csv", destination path)."""
        fmt = "csv" if self.csv.isChecked() else "folders"
        return fmt, self.destination.text().strip()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.destination.text().strip()))

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the export folder"), self.destination.text()
        )
        if folder:
            self.destination.setText(os.path.normpath(folder))


def ask_export(parent: QWidget, start: str = "") -> tuple[str, Path] | None:
    """Ask how and where to export; None if the user cancelled."""
    dialog = ExportDialog(start, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        fmt, destination = dialog.choice()
        return fmt, Path(destination)
    finally:
        dialog.deleteLater()
