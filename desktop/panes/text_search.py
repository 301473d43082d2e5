"""The Find by meaning tab of the Text pane: sentences of the training text
closest in meaning to a query."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.panes.base import PaneServices
from desktop.panes.text_state import TextSession
from desktop.workers import run_quietly

RESULTS = 20


class TextSearchTab(QWidget):
    """Query, pooling and unit; the index is built by a job the first time."""

    results_shown = Signal(int)

    def __init__(
        self,
        services: PaneServices,
        session: TextSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session = session
        self.indexes: dict[tuple[Path, str, str], Any] = {}
        self.handle: Any = None
        self.query = QLineEdit()
        self.query.setObjectName("textQuery")
        self.pooling = QComboBox()
        self.pooling.addItem("", "last")
        self.pooling.addItem("", "mean")
        self.unit = QComboBox()
        self.unit.addItem("", "line")
        self.unit.addItem("", "paragraph")
        self.search_button = QPushButton()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.results = QTreeWidget()
        self.results.setObjectName("textResults")
        self.results.setRootIsDecorated(False)
        self.results.setColumnCount(3)
        header = self.results.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self._build()
        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        session.active_run_changed.connect(lambda _run: self._clear())

    def _build(self) -> None:
        self.pooling_caption, self.unit_caption = QLabel(), QLabel()
        controls = QHBoxLayout()
        controls.addWidget(self.query, 1)
        controls.addWidget(self.pooling_caption)
        controls.addWidget(self.pooling)
        controls.addWidget(self.unit_caption)
        controls.addWidget(self.unit)
        controls.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.state)
        layout.addWidget(self.results, 1)

    def retranslate(self) -> None:
        self.query.setPlaceholderText(self.tr("Describe what you are looking for"))
        self.pooling_caption.setText(self.tr("Sentence vector:"))
        self.pooling.setItemText(0, self.tr("last hidden state"))
        self.pooling.setItemText(1, self.tr("mean of the states"))
        self.unit_caption.setText(self.tr("Look in:"))
        self.unit.setItemText(0, self.tr("lines"))
        self.unit.setItemText(1, self.tr("paragraphs"))
        self.search_button.setText(self.tr("Find"))
        self.results.setHeaderLabels(
            [self.tr("Score"), self.tr("Text"), self.tr("Where")]
        )

    def _clear(self) -> None:
        self.results.clear()
        self.state.clear()

    # user actions

    def search(self) -> None:
        from engine.text.embed import sentence_index_job

        run = self.session.active_run
        query = self.query.text().strip()
        if run is None:
            self.state.setText(self.tr("No model yet: train one in the Train tab."))
            return
        if not query or self.handle is not None:
            return
        key = (run, self.pooling.currentData(), self.unit.currentData())
        if key in self.indexes:
            self._search(key, query)
            return
        self.state.setText(
            self.tr("Reading the training text once to find sentences by meaning…")
        )
        self.handle = self.services.jobs.submit(
            sentence_index_job(run, pooling=key[1], unit=key[2]),
            on_success=lambda index: self._on_indexed(key, query, index),
            on_failure=self._on_failed,
            on_cancel=self._on_cancelled,
        )

    def _on_indexed(self, key: tuple[Path, str, str], query: str, index: Any) -> None:
        self.handle = None
        self.indexes[key] = index
        self._search(key, query)

    def _search(self, key: tuple[Path, str, str], query: str) -> None:
        from engine.text.embed import search_text

        run, pooling, _unit = key
        index, session = self.indexes[key], self.session

        def find() -> Any:
            model, tokenizer = session.model(run)
            return search_text(
                index, model, tokenizer, query, k=RESULTS, pooling=pooling
            )

        self.search_button.setEnabled(False)
        run_quietly(find, self._show, on_error=self._on_failed, parent=self)

    # results

    def _show(self, hits: list[Any]) -> None:
        self.search_button.setEnabled(True)
        self.results.clear()
        locale = QLocale()
        for hit in hits:
            sentence = hit.sentence
            item = QTreeWidgetItem(
                [
                    locale.toString(hit.score, "f", 3),
                    sentence.text.replace("\n", " ⏎ "),
                    f"{sentence.source}:{sentence.line}",
                ]
            )
            item.setToolTip(1, sentence.text)
            self.results.addTopLevelItem(item)
        self.state.setText(
            self.tr("{count} closest sentences, best first.").format(count=len(hits))
        )
        self.results_shown.emit(len(hits))

    def _on_cancelled(self) -> None:
        self.handle = None
        self.state.clear()

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self.handle = None
        self.search_button.setEnabled(True)
        self.state.clear()
        self.services.show_error(exc, details)
