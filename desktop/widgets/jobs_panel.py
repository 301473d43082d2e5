"""The Jobs panel: one row per job with progress, time left and Cancel.

Rows follow :class:`desktop.models.jobs.JobsModel`; a failed job shows one
translated sentence and a "Copy details" button that copies the traceback.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import user_message
from desktop.models.jobs import JobsModel
from desktop.workers import JobHandle, JobState

# readable on both the light and the dark palette
ERROR_COLOUR = "#d84a3a"
TITLE_WIDTH = 220


def format_speed(bytes_per_second: float | None) -> str:
    """A transfer speed such as "3.2 MB/s" (decimal units, as sizes are shown)."""
    if bytes_per_second is None:
        return ""
    # here, not at the top: the weights package pulls in HTTP and SSL, which
    # the window should not wait for at start-up
    from engine.weights.registry import human_size

    text = QCoreApplication.translate("JobsPanel", "{size}/s")
    return text.format(size=human_size(round(bytes_per_second)))


def format_eta(seconds: float | None) -> str:
    """Time left in words a user reads at a glance."""
    if seconds is None:
        return ""
    if seconds < 60:
        text = QCoreApplication.translate("JobsPanel", "{n} s left")
        return text.format(n=max(1, round(seconds)))
    if seconds < 3600:
        text = QCoreApplication.translate("JobsPanel", "{n} min left")
        return text.format(n=round(seconds / 60))
    text = QCoreApplication.translate("JobsPanel", "{h} h {m} min left")
    return text.format(h=int(seconds // 3600), m=round(seconds % 3600 / 60))


class JobRow(QWidget):
    """The widgets of one job; refreshed from its handle."""

    def __init__(
        self, handle: JobHandle, model: JobsModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.handle = handle
        self._model = model
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.eta = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.cancel_button = QPushButton()
        self.copy_button = QPushButton()
        self.dismiss_button = QPushButton()
        self.cancel_button.clicked.connect(handle.cancel)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        self._build_layout()
        self.retranslate()

    def _build_layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.bar, 0, 1)
        grid.addWidget(self.eta, 0, 2)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addStretch(1)
        for button in (self.cancel_button, self.copy_button, self.dismiss_button):
            buttons.addWidget(button)
        grid.addLayout(buttons, 0, 3)
        grid.addWidget(self.message, 1, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        # fixed columns keep the bars of all rows aligned
        grid.setColumnMinimumWidth(3, 250)
        self.title.setFixedWidth(TITLE_WIDTH)
        self.eta.setFixedWidth(110)

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.copy_button.setText(self.tr("Copy details"))
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.refresh()

    def refresh(self) -> None:
        handle = self.handle
        state = handle.state
        metrics = self.title.fontMetrics()
        self.title.setText(
            metrics.elidedText(handle.title, Qt.TextElideMode.ElideRight, TITLE_WIDTH)
        )
        self.title.setToolTip(handle.title)
        self._show_bar(handle)
        self.eta.setText(format_eta(handle.eta_seconds()))
        self._show_message(handle)
        self.cancel_button.setVisible(not state.is_final)
        self.copy_button.setVisible(state == JobState.FAILED)
        self.dismiss_button.setVisible(state.is_final)

    def _show_bar(self, handle: JobHandle) -> None:
        self.bar.setVisible(handle.state != JobState.FAILED)
        fraction = handle.progress.fraction
        if handle.state == JobState.RUNNING and fraction is None:
            self.bar.setRange(0, 0)  # busy: the job did not say how much is left
            return
        self.bar.setRange(0, 1000)
        if handle.state == JobState.DONE:
            fraction = 1.0
        self.bar.setValue(round((fraction or 0.0) * 1000))

    def _show_message(self, handle: JobHandle) -> None:
        texts = {
            JobState.QUEUED: self.tr("Waiting for the jobs before it to finish…"),
            JobState.CANCELLED: self.tr("Cancelled."),
            JobState.DONE: self.tr("Done."),
        }
        failed = handle.state == JobState.FAILED and handle.error is not None
        if failed:
            self.message.setText(user_message(handle.error))
        else:
            self.message.setText(texts.get(handle.state) or self._running_text())
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if failed else "")

    def _running_text(self) -> str:
        speed = format_speed(self.handle.bytes_per_second())
        if not speed:
            return self.handle.message
        return self.tr("{message} at {speed}").format(
            message=self.handle.message, speed=speed
        )

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.handle.details)

    def _on_dismiss_clicked(self) -> None:
        self._model.dismiss(self.handle)


class JobsPanel(QWidget):
    """A scrolling list of :class:`JobRow`, kept in step with the model."""

    def __init__(self, model: JobsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.rows: dict[JobHandle, JobRow] = {}
        self.summary = QLabel()
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(model.clear_finished)
        self._list = QVBoxLayout()
        self._list.setSpacing(0)
        self._build_layout()
        model.rowsInserted.connect(self._on_rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._on_rows_removed)
        model.dataChanged.connect(self._on_data_changed)
        self.retranslate()
        self._update_empty()

    def _build_layout(self) -> None:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._list)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        header = QHBoxLayout()
        header.setContentsMargins(8, 0, 8, 0)
        header.addWidget(self.summary)
        header.addStretch(1)
        header.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("Clear finished"))
        for row in self.rows.values():
            row.retranslate()
        self._update_empty()

    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        for number in range(first, last + 1):
            handle = self.model.handle(number)
            row = JobRow(handle, self.model)
            self.rows[handle] = row
            self._list.insertWidget(number, row)
        self._update_empty()

    def _on_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        for number in range(first, last + 1):
            row = self.rows.pop(self.model.handle(number), None)
            if row is not None:
                self._list.removeWidget(row)
                row.deleteLater()
        self._update_empty()

    def _on_data_changed(
        self, top: QModelIndex, bottom: QModelIndex, *_: object
    ) -> None:
        for number in range(top.row(), bottom.row() + 1):
            row = self.rows.get(self.model.handle(number))
            if row is not None:
                row.refresh()
        self._update_empty()

    def _update_empty(self) -> None:
        running = sum(h.state == JobState.RUNNING for h in self.rows)
        waiting = sum(h.state == JobState.QUEUED for h in self.rows)
        if running or waiting:
            text = self.tr("Running: {running}   Waiting: {waiting}")
            self.summary.setText(text.format(running=running, waiting=waiting))
        else:
            self.summary.setText(self.tr("No jobs are running."))
        self.clear_button.setVisible(any(h.state.is_final for h in self.rows))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class JobsDock(QDockWidget):
    """The dock at the bottom of the window that holds the Jobs panel."""

    def __init__(self, model: JobsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsDock")
        self.panel = JobsPanel(model)
        self.setWidget(self.panel)
        self.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea
            | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Jobs"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
