"""The Train tab of the Train pane: check the data, choose the settings, see
the time it will take, train, watch and cancel.

The data check and the estimate run off the GUI thread (the estimate times
the real network the first time) and are redone when the labels or the
settings change.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import user_message
from desktop.panes.train_check import DataCheckWidget, check_project
from desktop.panes.train_live import LiveTrainingWidget, percent
from desktop.panes.train_settings import TrainSettingsWidget
from desktop.panes.train_use import report_failure
from desktop.workers import run_quietly

if TYPE_CHECKING:
    from desktop.panes.base import PaneServices
    from engine.project import Project

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


class TrainTabWidget(QWidget):
    """``run_ended()`` after a run finished, stopped or failed;
    ``show_photos(ids, title)`` from the data check."""

    run_ended = Signal()
    show_photos = Signal(object, str)

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.project: Project | None = None
        self.handle: Any = None
        # the curves show the run the user started here, until another is picked
        self.watching = False
        self.missing: Any = None  # the ModelMissing of the chosen network
        self._busy = {"check": False, "estimate": False}
        self._again = {"check": False, "estimate": False}
        self.check = DataCheckWidget()
        self.settings = TrainSettingsWidget()
        self.live = LiveTrainingWidget()
        self.train_button = QPushButton()
        self.train_button.setObjectName("trainButton")
        self.train_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelTrainingButton")
        self.cancel_button.setEnabled(False)
        self.get_model = QPushButton()
        self.get_model.hide()
        self.reason = QLabel()
        self.reason.setObjectName("trainBlockedReason")
        self.reason.setWordWrap(True)
        self.timers = {name: QTimer(self, singleShot=True) for name in self._busy}
        for timer in self.timers.values():
            timer.setInterval(DEBOUNCE_MS)
        self._build()
        self._connect()
        self.retranslate()

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(self.check)
        column.addWidget(self.settings)
        column.addWidget(self.get_model, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(buttons)
        column.addWidget(self.reason)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.live)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 520])
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(splitter)

    def _connect(self) -> None:
        self.timers["check"].timeout.connect(self.run_check)
        self.timers["estimate"].timeout.connect(self.run_estimate)
        self.check.recheck_requested.connect(self.run_check)
        self.check.show_photos.connect(self.show_photos)
        self.settings.changed.connect(self.schedule_estimate)
        # the chosen network decides which stored features the check can use
        self.settings.changed.connect(self.schedule_check)
        self.train_button.clicked.connect(self.start_training)
        self.cancel_button.clicked.connect(self.cancel_training)
        self.get_model.clicked.connect(self._on_get_model)

    def retranslate(self) -> None:
        self.train_button.setText(self.tr("Train"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(
            self.tr("Stop now; the best model so far is kept")
        )
        self.get_model.setText(self.tr("Download or import the network…"))
        self.check.retranslate()
        self.settings.retranslate()
        self.live.retranslate()
        self._update_buttons()

    # project

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.handle = None
        self.watching = False
        self.missing = None
        self.check.set_summary(None)
        self.settings.show_estimate(None)
        self.live.start(0)
        self.live.show_state("")
        if project is not None:
            self.schedule_check()
            self.schedule_estimate()
        self._update_buttons()

    def schedule_check(self) -> None:
        if self.project is not None:
            self.timers["check"].start()

    def schedule_estimate(self) -> None:
        if self.project is not None:
            self.timers["estimate"].start()

    # background work: one of each kind at a time, redone if asked meanwhile

    def _run(self, kind: str, function, on_result, on_error) -> None:  # noqa: ANN001
        if self._busy[kind]:
            self._again[kind] = True
            return
        project = self.project
        self._busy[kind] = True

        def done(callback, *args) -> None:  # noqa: ANN001
            self._busy[kind] = False
            if project is self.project:
                callback(*args)
            if self._again[kind]:
                self._again[kind] = False
                self.timers[kind].start()

        run_quietly(
            lambda: function(project),
            lambda result: done(on_result, result),
            on_error=lambda exc, details: done(on_error, exc, details),
            parent=self,
        )

    def run_check(self) -> None:
        if self.project is None:
            return
        config = self.settings.config()
        self.check.set_checking()
        self._run(
            "check",
            lambda project: check_project(project, config),
            self._on_checked,
            self._on_check_failed,
        )

    def _on_checked(self, summary: Any) -> None:
        self.check.set_summary(summary)
        self._update_buttons()

    def _on_check_failed(self, exc: BaseException, details: str) -> None:
        self.check.set_summary(None)
        self.check.overview.setText(user_message(exc))

    def run_estimate(self) -> None:
        if self.project is None:
            return
        config = self.settings.config()
        self.settings.show_estimate(None, note=self.tr("Estimating the time…"))
        self._run(
            "estimate",
            lambda project: _estimate(project, config),
            self._on_estimated,
            self._on_estimate_failed,
        )

    def _on_estimated(self, seconds: Any) -> None:
        if not isinstance(seconds, float | int):
            self._on_estimate_failed(seconds, "")
            return
        self.missing = None
        self.get_model.hide()
        self.settings.show_estimate(seconds)

    def _on_estimate_failed(self, exc: BaseException, details: str) -> None:
        from engine.weights import ModelMissing

        self.missing = exc if isinstance(exc, ModelMissing) else None
        self.get_model.setVisible(self.missing is not None)
        self.settings.show_estimate(None, note=user_message(exc))

    def _on_get_model(self) -> None:
        if self.missing is not None:
            report_failure(
                self, self.services, self.missing, "", on_change=self.schedule_estimate
            )

    # training

    def blocked_reason(self) -> str:
        if self.project is None:
            return self.tr("Open a project first.")
        if self.check.summary is None:
            return self.tr("Checking the labelled photos…")
        return self.check.blocking_reason()

    def _update_buttons(self) -> None:
        running = self.handle is not None
        reason = "" if running else self.blocked_reason()
        self.train_button.setEnabled(not running and not reason)
        self.train_button.setToolTip(reason)
        self.cancel_button.setEnabled(running)
        self.settings.setEnabled(not running)
        self.reason.setText(reason)

    def start_training(self) -> Any:
        from engine.vision.training import train_job

        if self.project is None or self.handle is not None or self.blocked_reason():
            return None
        config = self.settings.config()
        self.live.start(config.planned_epochs)
        self.watching = True
        self.handle = self.services.jobs.submit(
            train_job(self.project, config),
            on_success=self._on_trained,
            on_failure=self._on_failed,
            on_cancel=self._on_cancelled,
        )
        self.handle.progressed.connect(self.live.on_progress)
        self._update_buttons()
        return self.handle

    def cancel_training(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.live.show_state(self.tr("Stopping; the best model so far is kept…"))

    def _ended(self) -> None:
        self.handle = None
        self._update_buttons()
        self.run_ended.emit()
        # the run may have stored features or found damaged photos
        self.schedule_check()

    def _on_trained(self, result: Any) -> None:
        text = self.tr("Done: accuracy {accuracy} on the validation photos.").format(
            accuracy=percent(result.accuracy)
        )
        if result.stopped == "early_stopped":
            text += " " + self.tr(
                "Stopped early at epoch {epoch}: the model had stopped improving; "
                "the best one, from epoch {best}, is kept."
            ).format(epoch=len(result.run.metrics), best=result.best_epoch)
        if result.problems:
            text += " " + self.tr(
                "Training found problems with the photos: see the Results tab."
            )
        self.live.show_state(text)
        self.live.show_result(result.accuracy, result.best_epoch)
        self._ended()

    def _on_cancelled(self) -> None:
        self.live.show_state(
            self.tr(
                "Training cancelled. The run is kept as “cancelled” with its best "
                "model so far; the model in use has not changed."
            )
        )
        self._ended()

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self.live.show_state(user_message(exc))
        self._ended()
        report_failure(self, self.services, exc, details, on_change=self.run_estimate)


def _estimate(project: Project, config: Any) -> float | BaseException:
    """Seconds, or the ModelMissing to show (a normal state, not a failure)."""
    from engine.vision import estimate
    from engine.weights import ModelMissing

    try:
        return estimate.estimate_seconds(project, config)
    except ModelMissing as exc:
        return exc
