"""A dialog that lists files with a reason each, and copies the list."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)


class FileListDialog(QDialog):
    """A summary line over a two-column tree (file, reason) with Copy list.

    Subclasses fill the tree, word the texts and say which ``rows`` to copy.
    """

    def __init__(self, parent: QWidget | None = None, *, grouped: bool) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(grouped)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.copy_button = QPushButton()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def rows(self) -> list[tuple[str, str]]:
        """(file, translated reason) of every listed file, in order."""
        raise NotImplementedError

    def _on_copy_clicked(self) -> None:
        lines = [f"{path}\t{reason}" for path, reason in self.rows()]
        QGuiApplication.clipboard().setText("\n".join(lines))
