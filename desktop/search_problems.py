"""The files that cannot be searched, each with the reason, in a dialog the
Search pane opens from its side panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from desktop.dialogs.file_list import FileListDialog
from desktop.i18n import engine_text

if TYPE_CHECKING:
    from engine.vision.indexing import FileProblem


class SearchProblemsDialog(FileListDialog):
    """Lists each file indexing could not use and why (translated)."""

    def __init__(
        self, problems: Sequence[FileProblem], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, grouped=False)
        self.setObjectName("searchProblems")
        self.problems = list(problems)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Files that cannot be searched"))
        self.summary.setText(
            self.tr(
                "Files that cannot be searched: {n}. Pictor reads each one again when "
                "it changes, and at every indexing when it could not be read."
            ).format(n=len(self.problems))
        )
        self.tree.setHeaderLabels([self.tr("File"), self.tr("Reason")])
        self.copy_button.setText(self.tr("Copy list"))
        self.tree.clear()
        for problem in self.problems:
            item = QTreeWidgetItem([problem.path, self.reason(problem)])
            item.setToolTip(0, problem.path)
            self.tree.addTopLevelItem(item)
        self.tree.setColumnWidth(0, 420)

    @staticmethod
    def reason(problem: FileProblem) -> str:
        return engine_text(problem.reason, problem.params)

    def rows(self) -> list[tuple[str, str]]:
        """(file, translated reason) of every listed file."""
        tree = self.tree
        items = (tree.topLevelItem(r) for r in range(tree.topLevelItemCount()))
        return [(item.text(0), item.text(1)) for item in items]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
