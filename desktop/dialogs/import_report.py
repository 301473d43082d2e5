"""What an import did: counts, and every file that was not added and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from desktop.dialogs.file_list import FileListDialog
from desktop.i18n import engine_text
from engine.library import ImportIssue, ImportReport


class ImportReportDialog(FileListDialog):
    """Lists the unusable files and the duplicates of one import."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent, grouped=True)
        self.setObjectName("importReport")
        self.report = report
        self._fill()

    def _fill(self) -> None:
        report = self.report
        self.setWindowTitle(self.tr("Import report"))
        self.tree.setHeaderLabels([self.tr("File"), self.tr("Reason")])
        self.copy_button.setText(self.tr("Copy list"))
        self.summary.setText(
            self.tr(
                "Added: {added} photos · Already in the library: {duplicates} · "
                "Could not be used: {problems}"
            ).format(
                added=len(report.added),
                duplicates=len(report.duplicates),
                problems=len(report.problems),
            )
        )
        self.tree.clear()
        groups = (
            (self.tr("Could not be used ({n})"), report.problems),
            (self.tr("Already in the library ({n})"), report.duplicates),
        )
        for title, issues in groups:
            if issues:
                self._add_group(title.format(n=len(issues)), issues)
        self.tree.setColumnWidth(0, 380)

    def _add_group(self, title: str, issues: list[ImportIssue]) -> None:
        group = QTreeWidgetItem([title])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFirstColumnSpanned(True)
        self.tree.addTopLevelItem(group)
        for issue in issues:
            item = QTreeWidgetItem([issue.path, self.reason(issue)])
            item.setToolTip(0, issue.path)
            item.setData(0, Qt.ItemDataRole.UserRole, issue.path)
            group.addChild(item)
        group.setExpanded(True)

    @staticmethod
    def reason(issue: ImportIssue) -> str:
        return engine_text(issue.reason, issue.params)

    def rows(self) -> list[tuple[str, str]]:
        """(file, translated reason) of every listed file, problems first."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                child = group.child(c)
                found.append((child.text(0), child.text(1)))
        return found
