"""The Files tab of the Text pane: the text a model learns from."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import engine_text
from desktop.panes.base import PaneServices
from desktop.panes.text_state import FileSummary, TextSession, summarise_file
from desktop.workers import run_quietly
from engine.i18n import UserError

log = logging.getLogger(__name__)

ERROR_COLOUR = "#d84a3a"


class TextFilesTab(QWidget):
    """File list, preview and counts; problems shown as one sentence each."""

    def __init__(
        self,
        services: PaneServices,
        session: TextSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session = session
        self.problems: dict[Path, str] = {}
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("textFileList")
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.counts = QLabel()
        self.counts.setObjectName("textFileCounts")
        self.counts.setWordWrap(True)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("textFilePreview")
        self.preview.setReadOnly(True)
        self.problem = QLabel()
        self.problem.setObjectName("textFileProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.totals = QLabel()
        self._build()
        self.add_button.clicked.connect(self.ask_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentRowChanged.connect(self._show_current)
        session.files_changed.connect(self._refill)

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.totals)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.counts)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([280, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        self.problem.hide()

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "Drop text files here or add them: plain text saved as UTF-8, "
                "UTF-16 or GBK. A model learns to write like them."
            )
        )
        self.add_button.setText(self.tr("Add files…"))
        self.remove_button.setText(self.tr("Remove"))
        self._refill()

    # user actions

    def ask_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add text files"),
            "",
            self.tr("Text files (*.txt *.md *.csv *.tsv);;All files (*)"),
        )
        if names:
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Read each file off the GUI thread; show it or say why not."""
        paths = list(paths)
        run_quietly(
            lambda: [_summary_or_error(p) for p in paths],
            self._on_read,
            on_error=self.services.show_error,
            parent=self,
        )

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            path = item.data(Qt.ItemDataRole.UserRole)
            self.problems.pop(path, None)
            self.session.remove_file(path)

    def reload_remembered(self) -> None:
        """Read the files the project remembers (after it opens)."""
        if self.session.files:
            self.add_files(self.session.files)

    # results

    def _on_read(self, results: list[FileSummary | UserError]) -> None:
        messages = []
        for result in results:
            if isinstance(result, FileSummary):
                self.problems.pop(result.path, None)
                self.session.add_summary(result)
            else:
                path = Path(result.params.get("path", ""))
                self.problems[path] = engine_text(result.template, result.params)
                messages.append(self.problems[path])
        self.problem.setText("\n".join(messages))
        self.problem.setVisible(bool(messages))
        self._refill()
        if results and isinstance(results[-1], FileSummary):
            self._select(results[-1].path)

    def _refill(self) -> None:
        current = self._current_path()
        self.list.blockSignals(True)
        self.list.clear()
        for path in self.session.files:
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(self.problems.get(path, str(path)))
            if path not in self.session.summaries:
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._select(current)
        locale = QLocale()
        self.totals.setText(
            self.tr("{files} files, {chars} characters in all").format(
                files=len(self.session.readable_files()),
                chars=locale.toString(self.session.characters()),
            )
        )
        self._show_current()

    def _select(self, path: Path | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == path:
                self.list.setCurrentRow(row)
                return
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    def _current_path(self) -> Path | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_current(self, _row: int = -1) -> None:
        path = self._current_path()
        summary = self.session.summaries.get(path) if path is not None else None
        self.remove_button.setEnabled(path is not None)
        if summary is None:
            self.counts.setText(self.problems.get(path, "") if path else "")
            self.preview.clear()
            return
        locale = QLocale()
        self.counts.setText(
            self.tr(
                "{name}: {chars} characters, {distinct} distinct characters, "
                "{lines} lines; encoding {encoding}"
            ).format(
                name=summary.path.name,
                chars=locale.toString(summary.characters),
                distinct=locale.toString(summary.distinct_characters),
                lines=locale.toString(summary.lines),
                encoding=summary.encoding.upper(),
            )
        )
        self.preview.setPlainText(summary.preview)


def _summary_or_error(path: Path) -> FileSummary | UserError:
    from engine.text.corpus import TextFileError

    try:
        return summarise_file(path)
    except TextFileError as exc:
        log.warning("text file refused: %s", exc)
        return exc
