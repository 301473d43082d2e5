"""Watching a classifier train: the loss and accuracy curves, the epoch,
the time left and what the job is doing now."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.i18n import engine_text
from desktop.panes.train_settings import human_duration
from desktop.widgets.loss_chart import LossChartWidget
from engine.jobs import Progress

VAL_COLOUR = QColor("#d84a3a")
FIGURES = ("epoch", "eta", "val_acc", "best")


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return QLocale().toString(100.0 * value, "f", 1) + " %"


class LiveTrainingWidget(QWidget):
    """Curves per step (training loss) and per epoch (the rest)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_chart = LossChartWidget()
        self.loss_chart.setObjectName("trainLossChart")
        self.loss_chart.add_series("train", "")
        self.loss_chart.add_series("val", "", VAL_COLOUR)
        self.acc_chart = LossChartWidget()
        self.acc_chart.setObjectName("trainAccuracyChart")
        self.acc_chart.add_series("train", "")
        self.acc_chart.add_series("val", "", VAL_COLOUR)
        self.planned = 0
        self.state = QLabel()
        self.state.setObjectName("trainState")
        self.state.setWordWrap(True)
        self.figures = {key: QLabel("—") for key in FIGURES}
        self.captions = {key: QLabel() for key in FIGURES}
        grid = QGridLayout()
        for column, key in enumerate(FIGURES):
            grid.addWidget(self.captions[key], 0, column)
            self.figures[key].setObjectName(f"trainFigure_{key}")
            font = self.figures[key].font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            font.setBold(True)
            self.figures[key].setFont(font)
            grid.addWidget(self.figures[key], 1, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addLayout(grid)
        layout.addWidget(self.loss_chart, 1)
        layout.addWidget(self.acc_chart, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.loss_chart.set_series_label("train", self.tr("Training loss"))
        self.loss_chart.set_series_label("val", self.tr("Validation loss"))
        self.loss_chart.set_axis_titles(
            self.tr("Epoch"), self.tr("Loss (lower is better)")
        )
        self.loss_chart.set_placeholder(
            self.tr("The loss appears here during training.")
        )
        self.acc_chart.set_series_label("train", self.tr("Training accuracy"))
        self.acc_chart.set_series_label("val", self.tr("Validation accuracy"))
        self.acc_chart.set_axis_titles(self.tr("Epoch"), self.tr("Accuracy"))
        self.acc_chart.set_placeholder(
            self.tr("The accuracy appears here after each epoch.")
        )
        captions = {
            "epoch": self.tr("Epoch"),
            "eta": self.tr("Time left"),
            "val_acc": self.tr("Validation accuracy"),
            "best": self.tr("Best epoch"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)

    def start(self, planned_epochs: int) -> None:
        self.planned = planned_epochs
        self.loss_chart.clear_points()
        self.acc_chart.clear_points()
        for label in self.figures.values():
            label.setText("—")
        self.state.setText(self.tr("Starting…"))

    def show_state(self, text: str) -> None:
        self.state.setText(text)

    def show_history(self, metrics: list[dict], results: dict | None) -> None:
        """Draw a finished run's epochs (its per-step losses are not kept)."""
        self.loss_chart.clear_points()
        self.acc_chart.clear_points()
        for row in metrics:
            self._add_epoch(row)
        if metrics:
            self.figures["epoch"].setText(str(int(metrics[-1]["epoch"])))
        if results:
            self.show_result(results.get("accuracy"), results.get("epoch", "—"))

    def show_result(self, accuracy: float | None, best_epoch: object) -> None:
        """The kept model's figures (the best epoch, not the last)."""
        self.figures["val_acc"].setText(percent(accuracy))
        self.figures["best"].setText(str(best_epoch))
        self.figures["eta"].setText("—")

    def on_progress(self, progress: Progress) -> None:
        m = progress.metrics
        if progress.message:
            self.state.setText(engine_text(progress.message, progress.message_args))
        if "val_loss" in m:
            self._add_epoch(m)
            self.figures["val_acc"].setText(percent(m.get("val_acc")))
            if "best_epoch" in m:
                self.figures["best"].setText(str(int(m["best_epoch"])))
        elif "train_loss" in m and "step" in m:
            # x in epochs: the step's place within its epoch
            self.loss_chart.add_point("train", float(progress.done), m["train_loss"])
        if "epoch" in m:
            epoch = int(m["epoch"])
            self.figures["epoch"].setText(
                self.tr("{n} of {total}").format(n=epoch, total=self.planned)
                if self.planned
                else str(epoch)
            )
        if "eta_s" in m:
            self.figures["eta"].setText(human_duration(m["eta_s"]))

    def _add_epoch(self, m: dict) -> None:
        epoch = float(m["epoch"])
        # the epoch's mean also stands in for steps the throttle dropped
        self.loss_chart.add_point("train", epoch, m["train_loss"])
        self.loss_chart.add_point("val", epoch, m["val_loss"])
        if "train_acc" in m:
            self.acc_chart.add_point("train", epoch, m["train_acc"])
        self.acc_chart.add_point("val", epoch, m["val_acc"])
