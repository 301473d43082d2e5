"""The Classify tab of the Text pane: learn the user's labels from a CSV on
top of the chosen model, show how well it does, classify new text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import engine_text
from desktop.panes.base import PaneServices
from desktop.panes.text_state import TextSession
from desktop.workers import run_quietly


class TextClassifyTab(QWidget):
    """Import CSV, train the head as a job, the confusion matrix, try a text."""

    trained = Signal(object)
    classified = Signal(list)

    def __init__(
        self,
        services: PaneServices,
        session: TextSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session = session
        self.data: Any = None
        self.handle: Any = None
        self.import_button = QPushButton()
        self.pooling = QComboBox()
        self.pooling.addItem("", "last")
        self.pooling.addItem("", "mean")
        self.train_button = QPushButton()
        self.train_button.setEnabled(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.bad_rows = QPlainTextEdit()
        self.bad_rows.setReadOnly(True)
        self.bad_rows.setMaximumHeight(80)
        self.bad_rows.hide()
        self.accuracy = QLabel()
        self.matrix = QTableWidget()
        self.matrix.setObjectName("textConfusion")
        self.text = QLineEdit()
        self.text.setObjectName("textToClassify")
        self.classify_button = QPushButton()
        self.guesses = QLabel()
        self.guesses.setWordWrap(True)
        self._build()
        self.import_button.clicked.connect(self.ask_csv)
        self.train_button.clicked.connect(self.train)
        self.classify_button.clicked.connect(self.classify)
        self.text.returnPressed.connect(self.classify)
        session.active_run_changed.connect(self._on_run_changed)

    def _build(self) -> None:
        self.pooling_caption, self.try_caption = QLabel(), QLabel()
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.pooling_caption)
        top.addWidget(self.pooling)
        top.addWidget(self.train_button)
        top.addStretch(1)
        trial = QHBoxLayout()
        trial.addWidget(self.try_caption)
        trial.addWidget(self.text, 1)
        trial.addWidget(self.classify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.bad_rows)
        layout.addWidget(self.accuracy)
        layout.addWidget(self.matrix, 1)
        layout.addLayout(trial)
        layout.addWidget(self.guesses)

    def retranslate(self) -> None:
        self.import_button.setText(self.tr("Import CSV…"))
        self.pooling_caption.setText(self.tr("Sentence vector:"))
        self.pooling.setItemText(0, self.tr("last hidden state"))
        self.pooling.setItemText(1, self.tr("mean of the states"))
        self.train_button.setText(self.tr("Train classifier"))
        self.try_caption.setText(self.tr("Try a text:"))
        self.classify_button.setText(self.tr("Classify"))
        if self.data is None:
            self.summary.setText(
                self.tr(
                    "Import a CSV file with a column of texts and a column of "
                    "labels (at least 2 labels with 2 examples each)."
                )
            )
        else:
            self._show_data(self.data)
        self.show_saved()

    # importing

    def ask_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import texts and labels"),
            "",
            self.tr("CSV files (*.csv *.tsv *.txt);;All files (*)"),
        )
        if name:
            self.import_csv(Path(name))

    def import_csv(self, path: Path) -> None:
        from engine.text.labelled_csv import read_labelled_csv

        run_quietly(
            lambda: read_labelled_csv(path),
            self._show_data,
            on_error=self.services.show_error,
            parent=self,
        )

    def _show_data(self, data: Any) -> None:
        self.data = data
        counts = ", ".join(
            f"{label} ({n})" for label, n in sorted(data.counts().items())
        )
        self.summary.setText(
            self.tr("{name}: {count} examples; labels: {labels}.").format(
                name=data.path.name, count=len(data.examples), labels=counts
            )
        )
        lines = [
            self.tr("Line {line} left out: {reason}").format(
                line=b.line, reason=engine_text(b.reason, b.args)
            )
            for b in data.bad_rows
        ]
        self.bad_rows.setPlainText("\n".join(lines))
        self.bad_rows.setVisible(bool(lines))
        self._update_train_button()

    def _on_run_changed(self, _run: Path | None) -> None:
        self.show_saved()
        self._update_train_button()

    def _update_train_button(self) -> None:
        ready = self.data is not None and self.session.active_run is not None
        self.train_button.setEnabled(ready and self.handle is None)

    # training

    def train(self) -> None:
        from engine.text.classify import ClassifierOptions, classifier_training_job

        run = self.session.active_run
        if run is None or self.data is None or self.handle is not None:
            return
        options = ClassifierOptions(pooling=self.pooling.currentData())
        self.handle = self.services.jobs.submit(
            classifier_training_job(run, self.data, options),
            on_success=self._on_trained,
            on_failure=self._on_failed,
            on_cancel=self._on_done,
        )
        self.train_button.setEnabled(False)

    def _on_done(self) -> None:
        self.handle = None
        self._update_train_button()

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self._on_done()
        self.services.show_error(exc, details)

    def _on_trained(self, result: Any) -> None:
        self._on_done()
        self._show_figures(
            result.labels, result.accuracy, result.confusion, result.validation_count
        )
        self.trained.emit(result)

    def show_saved(self) -> None:
        """The figures of the classifier saved with the chosen model, if any."""
        from engine.text.classify import read_classifier_config

        run = self.session.active_run
        config = read_classifier_config(run) if run is not None else None
        if config is None:
            self.accuracy.setText(self.tr("This model has no classifier yet."))
            self.matrix.clear()
            self.matrix.setRowCount(0)
            self.matrix.setColumnCount(0)
            return
        self._show_figures(
            config["labels"],
            config["accuracy"],
            config["confusion"],
            config.get("validation_count", 0),
        )

    def _show_figures(
        self, labels: Any, accuracy: float, confusion: Any, held_out: int
    ) -> None:
        locale = QLocale()
        self.accuracy.setText(
            self.tr(
                "Accuracy {accuracy} on {count} held-out examples. Rows: true "
                "label; columns: predicted label."
            ).format(
                accuracy=locale.toString(accuracy * 100, "f", 1) + " %", count=held_out
            )
        )
        n = len(labels)
        self.matrix.clear()
        self.matrix.setRowCount(n)
        self.matrix.setColumnCount(n + 2)
        names = [*labels, self.tr("Precision"), self.tr("Recall")]
        self.matrix.setHorizontalHeaderLabels(names)
        self.matrix.setVerticalHeaderLabels(list(labels))
        for i in range(n):
            for j in range(n):
                self.matrix.setItem(i, j, QTableWidgetItem(str(confusion[i][j])))
            predicted = sum(confusion[k][i] for k in range(n))
            actual = sum(confusion[i])
            for col, (hits, total) in (
                (n, (confusion[i][i], predicted)),
                (n + 1, (confusion[i][i], actual)),
            ):
                value = (
                    "—"
                    if not total
                    else locale.toString(hits / total * 100, "f", 0) + " %"
                )
                self.matrix.setItem(i, col, QTableWidgetItem(value))
        self.matrix.resizeColumnsToContents()

    # trying a text

    def classify(self) -> None:
        from engine.text.classify import classify_text, load_classifier

        run, text, session = self.session.active_run, self.text.text(), self.session
        if run is None or not text.strip():
            return

        def guess() -> list[Any]:
            classifier = load_classifier(run)
            model, tokenizer = session.model(run)
            return classify_text(classifier, model, tokenizer, text)

        run_quietly(
            guess, self._show_guesses, on_error=self.services.show_error, parent=self
        )

    def _show_guesses(self, guesses: list[Any]) -> None:
        locale = QLocale()
        self.guesses.setText(
            "   ".join(
                f"{g.label}: {locale.toString(g.probability * 100, 'f', 1)} %"
                for g in guesses
            )
        )
        self.classified.emit(guesses)
