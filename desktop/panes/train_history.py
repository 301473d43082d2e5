"""The classifier runs of the project, newest first, with their settings,
status and accuracy; the user picks the one prediction uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import engine_text
from desktop.panes.train_live import percent
from desktop.panes.train_results import backbone_name, mode_name

if TYPE_CHECKING:
    from engine.vision.runs import TrainingRun

RunIdRole = Qt.ItemDataRole.UserRole + 1


class TrainHistoryWidget(QWidget):
    """``use_requested(run_id)``: "Use this model"."""

    use_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs: list[TrainingRun] = []
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("runsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.use_button = QPushButton()
        self.use_button.setObjectName("useRunButton")
        self.use_button.setEnabled(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.use_button.clicked.connect(self._on_use)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_use())
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("In use"),
                self.tr("Run"),
                self.tr("When"),
                self.tr("Network and training"),
                self.tr("Epochs"),
                self.tr("Accuracy"),
                self.tr("Status"),
            ]
        )
        self.use_button.setText(self.tr("Use this model"))
        self.use_button.setToolTip(
            self.tr("Predictions, suggestions and export use the chosen run")
        )
        self.show_runs(self.runs)

    def status_text(self, run: TrainingRun) -> str:
        names = {
            "running": self.tr("running"),
            "finished": self.tr("finished"),
            "cancelled": self.tr("cancelled"),
            "failed": self.tr("failed"),
        }
        text = names.get(run.status, run.status)
        if run.status == "finished" and run.message:
            text = self.tr("stopped early")
        if run.status in ("cancelled", "failed") and run.has_model:
            text += self.tr(" (best model so far kept)")
        return text

    def show_runs(self, runs: Sequence[TrainingRun]) -> None:
        self.runs = list(runs)
        in_use = next((r.id for r in self.runs if r.active), None)
        if in_use is None:  # no choice made: the newest with a model is used
            in_use = next((r.id for r in self.runs if r.has_model), None)
        self.table.setRowCount(len(self.runs))
        for row, run in enumerate(self.runs):
            self._fill_row(row, run, run.id == in_use)
        self._update_button()

    def _fill_row(self, row: int, run: TrainingRun, in_use: bool) -> None:
        train = run.config.get("train", {})
        when = QDateTime.fromSecsSinceEpoch(int(run.created))
        epochs = str(len(run.metrics))
        accuracy = (run.results or {}).get("accuracy")
        values = [
            "✔" if in_use else "",
            str(run.id),
            when.toString("yyyy-MM-dd HH:mm"),
            f"{backbone_name(run.config.get('backbone', ''))} · "
            f"{mode_name(train.get('mode', run.config.get('mode', '')))}",
            epochs,
            percent(accuracy) if accuracy is not None else "—",
            self.status_text(run),
        ]
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(RunIdRole, run.id)
            if column in (0, 1, 4, 5):
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if run.message:
                item.setToolTip(engine_text(run.message, run.message_args))
            if in_use:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    def selected_run(self) -> TrainingRun | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.runs[rows[0].row()]

    def select_run(self, run_id: int) -> None:
        for row, run in enumerate(self.runs):
            if run.id == run_id:
                self.table.selectRow(row)

    def in_use_text(self) -> str:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text():
                return self.table.item(row, 1).text()
        return ""

    def _update_button(self) -> None:
        run = self.selected_run()
        self.use_button.setEnabled(run is not None and run.has_model)
        if run is not None and not run.has_model:
            self.note.setText(self.tr("This run has no saved model."))
        else:
            self.note.clear()

    def _on_use(self) -> None:
        run = self.selected_run()
        if run is not None and run.has_model:
            self.use_requested.emit(run.id)
