"""What the Text pane's tabs share: the project's text files, their
summaries, the language-model runs and the one in use."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from engine.text import lstm
from engine.text.corpus import (
    project_text_files,
    read_text_file,
    set_project_text_files,
)
from engine.text.tokenizers import cjk_ratio

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

PREVIEW_LINES = 12
PREVIEW_CHARS = 2000
TEXT_SUFFIXES = frozenset(
    [
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".rst",
        ".csv",
        ".tsv",
        ".log",
        ".srt",
        ".tex",
        ".org",
        ".html",
        ".xml",
        ".json",
        ".yaml",
        ".yml",
    ]
)


@dataclass(frozen=True)
class FileSummary:
    """What the Files tab shows of a text file."""

    path: Path
    encoding: str
    characters: int
    distinct_characters: int
    lines: int
    preview: str
    alphabet: frozenset[str]
    cjk_ratio: float = 0.0  # share of Chinese characters, for the tokenizer guess


def summarise_file(path: Path) -> FileSummary:
    """Read ``path`` (run in a worker); raises the engine's TextFileError."""
    doc = read_text_file(path)
    stats = doc.stats
    preview = "\n".join(doc.text[:PREVIEW_CHARS].split("\n")[:PREVIEW_LINES])
    return FileSummary(
        path,
        doc.encoding,
        stats.characters,
        stats.distinct_characters,
        stats.lines,
        preview,
        frozenset(doc.text),
        cjk_ratio([doc.text]),
    )


def is_text_like(path: Path) -> bool:
    """A file whose name says text (or has no ending at all)."""
    return path.is_file() and (path.suffix.lower() in TEXT_SUFFIXES or not path.suffix)


class TextSession(QObject):
    """Shared state of the Text pane; tabs listen to its signals."""

    files_changed = Signal()
    runs_changed = Signal()
    active_run_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.files: list[Path] = []
        self.summaries: dict[Path, FileSummary] = {}
        self.active_run: Path | None = None
        self._models: dict[tuple[Path, str], Any] = {}
        self._lock = threading.Lock()

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.summaries.clear()
        with self._lock:
            self._models.clear()
        self.files = self._remembered_files()
        self.files_changed.emit()
        runs = self.runs()
        self.runs_changed.emit()
        self.set_active_run(runs[-1] if runs else None)

    # files

    def _remembered_files(self) -> list[Path]:
        if self.project is None:
            return []
        return project_text_files(self.project)

    def add_summary(self, summary: FileSummary) -> None:
        self.summaries[summary.path] = summary
        if summary.path not in self.files:
            self.files.append(summary.path)
            self._save_files()
        self.files_changed.emit()

    def remove_file(self, path: Path) -> None:
        if path in self.files:
            self.files.remove(path)
            self.summaries.pop(path, None)
            self._save_files()
            self.files_changed.emit()

    def readable_files(self) -> list[Path]:
        return [p for p in self.files if p in self.summaries]

    def characters(self) -> int:
        return sum(s.characters for s in self.summaries.values())

    def cjk_ratio(self) -> float:
        """Share of Chinese characters over all readable files."""
        total = self.characters()
        if not total:
            return 0.0
        return sum(s.cjk_ratio * s.characters for s in self.summaries.values()) / total

    def alphabet_size(self) -> int:
        letters: set[str] = set()
        for summary in self.summaries.values():
            letters |= summary.alphabet
        return len(letters)

    def _save_files(self) -> None:
        if self.project is not None:
            set_project_text_files(self.project, self.files)

    # runs

    def runs(self) -> list[Path]:
        if self.project is None:
            return []
        return lstm.list_runs(self.project.runs_dir)

    def refresh_runs(self, select: Path | None = None) -> None:
        self.runs_changed.emit()
        if select is not None:
            self.set_active_run(select)

    def set_active_run(self, run: Path | None) -> None:
        if run == self.active_run:
            return
        self.active_run = run
        self.active_run_changed.emit(run)

    def model(self, run: Path) -> Any:
        """(model, tokenizer) of ``run``, loaded once; call it in a worker."""
        stamp = str((run / lstm.WEIGHTS_FILE).stat().st_mtime_ns)
        with self._lock:
            cached = self._models.get((run, stamp))
            if cached is None:
                cached = lstm.load_checkpoint(run, device=lstm.compute_device())
                self._models = {(run, stamp): cached}
            return cached
