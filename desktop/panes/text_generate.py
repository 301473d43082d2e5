"""The Generate tab of the Text pane: write text with the chosen model,
streamed into the output as it is produced."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.panes.base import PaneServices
from desktop.panes.text_state import TextSession
from desktop.panes.text_widgets import double_spin

RANDOM_SEED = -1


class PieceRelay(QObject):
    """Carries generated pieces from the job's thread to the GUI thread
    (the signal is queued because this object lives in the GUI thread)."""

    piece = Signal(str)


class TextGenerateTab(QWidget):
    """Prompt and sampling settings; Generate streams, Stop cancels."""

    def __init__(
        self,
        services: PaneServices,
        session: TextSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session = session
        self.handle: Any = None
        self.relay = PieceRelay(self)
        self.relay.piece.connect(self._on_piece)
        self.prompt = QPlainTextEdit()
        self.prompt.setObjectName("textPrompt")
        self.prompt.setMaximumHeight(90)
        self.temperature = double_spin(0.05, 3.0, 0.8, 0.05)
        self.top_k = QSpinBox()
        self.top_k.setRange(0, 10_000)
        self.top_p = double_spin(0.05, 1.0, 0.95, 0.01)
        self.max_length = QSpinBox()
        self.max_length.setRange(1, 20_000)
        self.max_length.setValue(300)
        self.seed = QSpinBox()
        self.seed.setRange(RANDOM_SEED, 2**31 - 1)
        self.seed.setValue(RANDOM_SEED)
        self.greedy = QCheckBox()
        self.generate_button = QPushButton()
        self.stop_button = QPushButton()
        self.stop_button.setEnabled(False)
        self.output = QPlainTextEdit()
        self.output.setObjectName("textOutput")
        self.output.setReadOnly(True)
        self._build()
        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)
        self.greedy.toggled.connect(self._on_greedy)
        session.active_run_changed.connect(self._show_model)

    def _build(self) -> None:
        self.form = QFormLayout()
        for widget in (self.temperature, self.top_k, self.top_p):
            self.form.addRow(QLabel(), widget)
        for widget in (self.max_length, self.seed):
            self.form.addRow(QLabel(), widget)
        self.form.addRow(self.greedy)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        self.prompt_caption, self.output_caption = QLabel(), QLabel()
        left = QVBoxLayout()
        left.addWidget(self.prompt_caption)
        left.addWidget(self.prompt)
        left.addLayout(buttons)
        left.addWidget(self.output_caption)
        left.addWidget(self.output, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        side = QVBoxLayout()
        side.addLayout(self.form)
        side.addStretch(1)
        layout.addLayout(side, 1)

    def retranslate(self) -> None:
        captions = [
            self.tr("Temperature:"),
            self.tr("Top-k:"),
            self.tr("Top-p:"),
            self.tr("Maximum length:"),
            self.tr("Seed:"),
        ]
        for row, caption in enumerate(captions):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None:
                label.widget().setText(caption)
        self.top_k.setSpecialValueText(self.tr("off"))
        self.seed.setSpecialValueText(self.tr("random"))
        self.greedy.setText(self.tr("Always the likeliest (greedy)"))
        self.temperature.setToolTip(
            self.tr("Lower is safer and more repetitive, higher is more surprising.")
        )
        self.top_p.setToolTip(self.tr("1.00 switches this filter off."))
        self.prompt_caption.setText(self.tr("Start with (optional):"))
        self.output_caption.setText(self.tr("Written text:"))
        self.generate_button.setText(self.tr("Generate"))
        self.stop_button.setText(self.tr("Stop"))
        self._show_model(self.session.active_run)

    def _show_model(self, run: Any) -> None:
        self.generate_button.setEnabled(run is not None and self.handle is None)

    def _on_greedy(self, greedy: bool) -> None:
        for widget in (self.temperature, self.top_k, self.top_p, self.seed):
            widget.setEnabled(not greedy)

    def options(self) -> Any:
        from engine.text.generate import GenerationOptions

        seed = self.seed.value()
        return GenerationOptions(
            max_tokens=self.max_length.value(),
            temperature=self.temperature.value(),
            top_k=self.top_k.value(),
            top_p=self.top_p.value(),
            seed=None if seed == RANDOM_SEED else seed,
            greedy=self.greedy.isChecked(),
        )

    # user actions

    def generate(self) -> None:
        from engine.text.generate import generation_job

        run = self.session.active_run
        if run is None or self.handle is not None:
            return
        prompt = self.prompt.toPlainText()
        self.output.setPlainText(prompt)
        job = generation_job(
            run, prompt, self.options(), on_piece=self.relay.piece.emit
        )
        self.handle = self.services.jobs.submit(
            job,
            on_success=lambda _text: self._done(),
            on_failure=self._on_failed,
            on_cancel=self._done,
        )
        self.generate_button.setEnabled(False)
        self.stop_button.setEnabled(True)

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def generated_text(self) -> str:
        return self.output.toPlainText()

    # results

    def _on_piece(self, piece: str) -> None:
        cursor = self.output.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(piece)
        self.output.setTextCursor(cursor)

    def _done(self) -> None:
        self.handle = None
        self.stop_button.setEnabled(False)
        self.generate_button.setEnabled(self.session.active_run is not None)

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self._done()
        self.services.show_error(exc, details)
