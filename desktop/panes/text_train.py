"""The Train tab of the Text pane: settings, live figures and the runs."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import engine_text
from desktop.panes.base import PaneServices
from desktop.panes.text_runs import TextRunsWidget
from desktop.panes.text_speed import TrainingSpeedMeter
from desktop.panes.text_state import TextSession
from desktop.panes.text_widgets import (
    double_spin,
    human_duration,
    millions,
    number,
    spin_box,
)
from desktop.widgets.loss_chart import LossChartWidget
from engine.jobs import Progress
from engine.text import lstm
from engine.text.estimate import epoch_seconds, estimated_tokens
from engine.text.tokenizers import kind_for

log = logging.getLogger(__name__)

TOKENIZERS = ("auto", "char", "bpe")
# Character vocabulary assumed for the estimate before any text is added.
TYPICAL_VOCAB = 256
BPE_VOCAB = 4000
MAX_CHARS = 6000


class TextTrainTab(QWidget):
    """Pick a size and a stopping rule, train, watch, cancel, pick a run."""

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
        self._last_val: float | None = None
        self._stepped = False
        self.speed_meter = TrainingSpeedMeter(
            lambda: self.isVisible() and self.handle is None, self
        )
        self._make_widgets()
        self._build()
        self._connect()

    def _make_widgets(self) -> None:
        self.preset = QComboBox()
        for name in lstm.PRESETS:
            self.preset.addItem("", name)
        self.preset.setCurrentIndex(list(lstm.PRESETS).index(lstm.DEFAULT_PRESET))
        self.estimate = QLabel()
        self.estimate.setObjectName("textTrainEstimate")
        self.estimate.setWordWrap(True)
        self.tokenizer = QComboBox()
        for kind in TOKENIZERS:
            self.tokenizer.addItem("", kind)
        self.by_minutes, self.by_epochs = QRadioButton(), QRadioButton()
        self.by_minutes.setChecked(True)
        self.stop_group = QButtonGroup(self)
        self.stop_group.addButton(self.by_minutes)
        self.stop_group.addButton(self.by_epochs)
        self.minutes = double_spin(0.1, 24 * 60, 10.0, 1.0)
        self.epochs = double_spin(0.1, 1000, 10.0, 1.0)
        self.advanced = QGroupBox()
        self.advanced.setCheckable(True)
        self.advanced.setChecked(False)
        self.layers = spin_box(1, 6, 2)
        self.hidden = spin_box(16, 2048, 256, step=32)
        self.dropout = double_spin(0.0, 0.8, 0.2, 0.05)
        self.seq_len = spin_box(8, 1024, 128, step=16)
        self.train_button = QPushButton()
        self.train_button.setObjectName("textTrainButton")
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.chart = LossChartWidget()
        self.chart.add_series("train", "")
        self.chart.add_series("val", "", QColor("#d84a3a"), markers=True)
        self.figures = {k: QLabel("—") for k in _FIGURES}
        self.figure_captions = {k: QLabel() for k in _FIGURES}
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.sample = QPlainTextEdit()
        self.sample.setReadOnly(True)
        self.sample.setMaximumBlockCount(200)
        self.sample.setMinimumHeight(40)
        self.runs = TextRunsWidget(self.session)

    def _build(self) -> None:
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.preset)
        self.form.addRow(QLabel(), self.estimate)
        self.form.addRow(QLabel(), self.tokenizer)
        stop = QGridLayout()
        stop.addWidget(self.by_minutes, 0, 0)
        stop.addWidget(self.minutes, 0, 1)
        stop.addWidget(self.by_epochs, 1, 0)
        stop.addWidget(self.epochs, 1, 1)
        self.form.addRow(QLabel(), stop)
        self.advanced_form = QFormLayout()
        for spin in (self.layers, self.hidden, self.dropout, self.seq_len):
            self.advanced_form.addRow(QLabel(), spin)
        self.advanced_body = QWidget()
        self.advanced_body.setLayout(self.advanced_form)
        self.advanced_body.setVisible(False)
        QVBoxLayout(self.advanced).addWidget(self.advanced_body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        settings = QWidget()
        settings_layout = QVBoxLayout(settings)
        settings_layout.addLayout(self.form)
        settings_layout.addWidget(self.advanced)
        settings_layout.addLayout(buttons)
        settings_layout.addWidget(self.state)
        settings_layout.addStretch(1)
        figures = QGridLayout()
        for i, key in enumerate(_FIGURES):
            figures.addWidget(self.figure_captions[key], i // 3, (i % 3) * 2)
            figures.addWidget(self.figures[key], i // 3, (i % 3) * 2 + 1)
        live = QWidget()
        live_layout = QVBoxLayout(live)
        live_layout.addWidget(self.chart, 3)
        live_layout.addLayout(figures)
        self.sample_caption = QLabel()
        live_layout.addWidget(self.sample_caption)
        live_layout.addWidget(self.sample, 2)
        # the settings scroll, so small windows still fit the whole pane
        scroll = QScrollArea()
        scroll.setWidget(settings)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(live)
        splitter.setSizes([360, 560])
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(splitter)
        outer.addWidget(self.runs)
        outer.setStretchFactor(0, 1)
        outer.setSizes([520, 110])
        QVBoxLayout(self).addWidget(outer)

    def _connect(self) -> None:
        self.speed_meter.changed.connect(self.update_estimate)
        self.advanced.toggled.connect(self.advanced_body.setVisible)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.tokenizer.currentIndexChanged.connect(self.update_estimate)
        self.train_button.clicked.connect(self.start_training)
        self.cancel_button.clicked.connect(self.cancel_training)
        self.session.files_changed.connect(self.update_estimate)
        self.advanced.toggled.connect(self.update_estimate)
        for spin in (self.layers, self.hidden, self.seq_len):
            spin.valueChanged.connect(self.update_estimate)
        self._on_preset_changed()

    def retranslate(self) -> None:
        for row, name in enumerate(lstm.PRESETS):
            self.preset.setItemText(row, engine_text(lstm.PRESETS[name].label))
        names = [self.tr("Automatic"), self.tr("Characters"), self.tr("BPE (pieces)")]
        for row, name in enumerate(names):
            self.tokenizer.setItemText(row, name)
        captions = [self.tr("Model size:"), "", self.tr("Tokenizer:"), ""]
        for row, caption in enumerate(captions):
            _set_label(self.form, row, caption)
        adv = [self.tr("Layers:"), self.tr("Hidden size:"), self.tr("Dropout:")]
        for row, caption in enumerate([*adv, self.tr("Sequence length:")]):
            _set_label(self.advanced_form, row, caption)
        self.by_minutes.setText(self.tr("Time limit (minutes):"))
        self.by_epochs.setText(self.tr("Epochs:"))
        self.advanced.setTitle(self.tr("Advanced"))
        self.train_button.setText(self.tr("Train"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.chart.set_series_label("train", self.tr("Training loss"))
        self.chart.set_series_label("val", self.tr("Validation loss"))
        self.chart.set_axis_titles(self.tr("Step"), self.tr("Loss"))
        self.chart.set_placeholder(self.tr("The loss appears here during training."))
        for key, caption in zip(_FIGURES, self._figure_captions(), strict=True):
            self.figure_captions[key].setText(caption)
        self.sample_caption.setText(self.tr("Latest sample:"))
        self.runs.retranslate()
        self.update_estimate()

    def _figure_captions(self) -> list[str]:
        return [
            self.tr("Perplexity:"),
            self.tr("Bits per character:"),
            self.tr("Tokens/s:"),
            self.tr("Time left:"),
            self.tr("Epoch:"),
            self.tr("Step:"),
        ]

    # settings

    def _on_preset_changed(self) -> None:
        config = lstm.PRESETS[self.preset.currentData()].config
        self.layers.setValue(config.layers)
        self.hidden.setValue(config.hidden_size)
        self.dropout.setValue(config.dropout)
        self.seq_len.setValue(config.seq_len)
        self.update_estimate()

    def config(self) -> lstm.LMConfig:
        base = lstm.preset_config(self.preset.currentData(), 0)
        if not self.advanced.isChecked():
            return base
        hidden = self.hidden.value()
        return replace(
            base,
            layers=self.layers.value(),
            hidden_size=hidden,
            embed_size=hidden,
            dropout=self.dropout.value(),
            seq_len=self.seq_len.value(),
        )

    def options(self) -> Any:
        from engine.text.train import TrainOptions

        by_time = self.by_minutes.isChecked()
        return TrainOptions(
            preset=self.preset.currentData(),
            tokenizer=self.tokenizer.currentData(),
            minutes=self.minutes.value() if by_time else None,
            epochs=None if by_time else self.epochs.value(),
            config=self.config() if self.advanced.isChecked() else None,
        )

    def update_estimate(self) -> None:
        """Parameters and time per epoch; the speed is measured off the GUI
        thread a moment after the settings stop changing."""
        config = self._estimate_config()
        params = lstm.parameter_count(config)
        text = self.tr("{params} parameters").format(params=millions(params))
        speed = self.speed_meter.speed(config)
        if speed is not None:
            text += self._time_text(speed)
        elif self.handle is not None:
            text += self.tr("; the speed is measured once training ends")
        elif not self.speed_meter.failed(config):
            text += self.tr("; measuring the speed of this computer…")
        self.speed_meter.request(config)
        self.estimate.setText(text)

    def _likely_kind(self) -> str:
        session = self.session
        return kind_for(
            session.characters(), session.cjk_ratio(), self.tokenizer.currentData()
        )

    def _estimate_config(self) -> lstm.LMConfig:
        if self._likely_kind() == "bpe":
            vocab = BPE_VOCAB
        elif self.session.characters():
            vocab = min(self.session.alphabet_size() + 1, MAX_CHARS)
        else:
            vocab = TYPICAL_VOCAB
        return replace(self.config(), vocab_size=max(vocab, 2))

    def _time_text(self, tokens_per_s: float) -> str:
        chars, kind = self.session.characters(), self._likely_kind()
        if not chars:
            seconds = epoch_seconds(estimated_tokens(1_000_000, kind), tokens_per_s)
            return self.tr(
                "; about {time} per million characters on this computer (an estimate)"
            ).format(time=human_duration(seconds))
        seconds = epoch_seconds(estimated_tokens(chars, kind), tokens_per_s)
        return self.tr(
            "; about {time} per epoch on this computer (an estimate)"
        ).format(time=human_duration(seconds))

    def showEvent(self, event) -> None:  # noqa: N802, ANN001
        super().showEvent(event)
        self.speed_meter.resume()

    # training

    def start_training(self) -> None:
        from engine.text.train import training_job

        project, files = self.session.project, self.session.readable_files()
        if project is None or not files:
            self.services.show_status(self.tr("Add text files first (Files tab)."))
            return
        run_dir = lstm.new_run_dir(project.runs_dir)
        self.chart.clear_points()
        self.sample.clear()
        self._last_val = None
        self._stepped = False
        for label in self.figures.values():
            label.setText("—")
        self.handle = self.services.jobs.submit(
            training_job(files, run_dir, self.options()),
            on_success=self._on_trained,
            on_failure=lambda exc, details: self._on_failed(run_dir, exc, details),
            on_cancel=lambda: self._on_cancelled(run_dir),
        )
        self.handle.progressed.connect(self._on_progress)
        self.speed_meter.stop()
        self._set_running(True)
        self.state.setText(self.tr("Training {run}…").format(run=run_dir.name))

    def cancel_training(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            # before the first step there is no model yet to keep
            self.state.setText(
                self.tr("Stopping; the best model so far is kept…")
                if self._stepped
                else self.tr("Stopping…")
            )

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if not running:
            self.update_estimate()
            self.speed_meter.resume()

    def _on_progress(self, progress: Progress) -> None:
        m = progress.metrics
        if "step" not in m:
            return
        self._stepped = True
        step = m["step"]
        if "train_loss" in m:
            self.chart.add_point("train", step, m["train_loss"])
        if "val_loss" in m and m["val_loss"] != self._last_val:
            self._last_val = m["val_loss"]
            self.chart.add_point("val", step, m["val_loss"])
        locale = QLocale()
        values = {
            "perplexity": number(m.get("perplexity"), 2),
            "bits": number(m.get("bits_per_char"), 3),
            "speed": locale.toString(round(m.get("tokens_per_s", 0))),
            "eta": human_duration(m["eta_s"]) if "eta_s" in m else "—",
            "epoch": number(m.get("epoch"), 2),
            "step": locale.toString(int(step)),
        }
        for key, value in values.items():
            self.figures[key].setText(value)
        sample = progress.message_args.get("sample")
        if sample and sample != self.sample.toPlainText():
            self.sample.setPlainText(sample)

    def _on_trained(self, result: Any) -> None:
        self.handle = None
        self._set_running(False)
        best = "—" if result.best_val_loss is None else f"{result.best_val_loss:.3f}"
        self.state.setText(
            self.tr("{run} is ready ({reason}); best validation loss {best}.").format(
                run=result.run_id, reason=self.stop_reason(result.stopped), best=best
            )
        )
        if result.sample:
            self.sample.setPlainText(result.sample)
        self.session.refresh_runs(select=result.run_dir)

    def _on_cancelled(self, run_dir: Path) -> None:
        self.handle = None
        self._set_running(False)
        if lstm.remove_if_untrained(run_dir):
            self.state.setText(
                self.tr(
                    "Training stopped before any model was saved; nothing was kept."
                )
            )
            self.session.refresh_runs()
            return
        self.state.setText(
            self.tr("Training stopped; {run} keeps the best model so far.").format(
                run=run_dir.name
            )
        )
        self.session.refresh_runs(select=run_dir)

    def _on_failed(self, run_dir: Path, exc: BaseException, details: str) -> None:
        self.handle = None
        self._set_running(False)
        self.state.clear()
        lstm.remove_if_untrained(run_dir)
        self.services.show_error(exc, details)
        self.session.refresh_runs()

    def stop_reason(self, stopped: str) -> str:
        return {
            "finished": self.tr("all epochs done"),
            "early_stopped": self.tr("stopped improving"),
            "time_up": self.tr("time limit reached"),
            "step_limit": self.tr("step limit reached"),
            "cancelled": self.tr("cancelled"),
            "diverged": self.tr("training diverged"),
            "running": self.tr("running or interrupted"),
        }.get(stopped, stopped)


_FIGURES = ("perplexity", "bits", "speed", "eta", "epoch", "step")


def _set_label(form: QFormLayout, row: int, text: str) -> None:
    item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
    if item is not None and item.widget() is not None:
        item.widget().setText(text)
