"""The Text pane: train a language model on the user's own text, write with
it, find sentences by meaning and sort texts into labels.

Each tab lives in its own module (``text_files``, ``text_train``,
``text_generate``, ``text_search``, ``text_classify``); they share a
:class:`~desktop.panes.text_state.TextSession`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.panes.base import Pane, PaneServices
from desktop.panes.text_classify import TextClassifyTab
from desktop.panes.text_files import TextFilesTab
from desktop.panes.text_generate import TextGenerateTab
from desktop.panes.text_search import TextSearchTab
from desktop.panes.text_state import TextSession, is_text_like
from desktop.panes.text_train import TextTrainTab

if TYPE_CHECKING:
    from engine.project import Project


class TextPane(Pane):
    key = "text"
    icon_name = "SP_FileDialogDetailedView"

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.session = TextSession(self)
        self.files = TextFilesTab(services, self.session)
        self.train = TextTrainTab(services, self.session)
        self.generate = TextGenerateTab(services, self.session)
        self.search = TextSearchTab(services, self.session)
        self.classify = TextClassifyTab(services, self.session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("textTabs")
        for tab in self._tabs():
            self.tabs.addTab(tab, "")
        self.model_label = QLabel()
        self.model_label.setObjectName("textActiveModel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.model_label)
        layout.addWidget(self.tabs, 1)
        self.session.active_run_changed.connect(lambda _run: self._show_model())
        self.setAcceptDrops(True)
        self.retranslate()

    def _tabs(self) -> list[QWidget]:
        return [self.files, self.train, self.generate, self.search, self.classify]

    def nav_title(self) -> str:
        return self.tr("Text")

    def set_project(self, project: Project | None) -> None:
        if self.project is not None and project is not self.project:
            for handle in (self.train.handle, self.generate.handle):
                if handle is not None:
                    handle.cancel()
        super().set_project(project)
        self.files.problems.clear()
        self.search.indexes.clear()
        self.session.set_project(project)
        self.files.reload_remembered()

    def accepts_drop(self, paths: Sequence[Path]) -> bool:
        return bool(paths) and all(is_text_like(p) for p in paths)

    def handle_drop(self, paths: Sequence[Path]) -> None:
        csv = [p for p in paths if p.suffix.lower() in (".csv", ".tsv")]
        if self.tabs.currentWidget() is self.classify and len(csv) == len(paths) == 1:
            self.classify.import_csv(csv[0])
            return
        self.tabs.setCurrentWidget(self.files)
        self.files.add_files(paths)

    def retranslate(self) -> None:
        names = [
            self.tr("Files"),
            self.tr("Train"),
            self.tr("Generate"),
            self.tr("Find by meaning"),
            self.tr("Classify"),
        ]
        for index, name in enumerate(names):
            self.tabs.setTabText(index, name)
        for tab in self._tabs():
            tab.retranslate()
        self._show_model()

    def _show_model(self) -> None:
        run = self.session.active_run
        self.model_label.setText(
            self.tr("Model in use: {run}").format(run=run.name)
            if run is not None
            else self.tr("No language model yet: add text files, then train one.")
        )

    # drops straight onto the pane (the window routes its own drops here too)

    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001
        if self.project is not None and self.accepts_drop(_paths(event)):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001
        paths = _paths(event)
        if self.project is not None and self.accepts_drop(paths):
            event.acceptProposedAction()
            self.handle_drop(paths)


def _paths(event) -> list[Path]:  # noqa: ANN001
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
