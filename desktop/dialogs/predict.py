"""Predict a folder with the trained classifier: progress, a table of the
answers, "Save CSV…", and optionally a copy of each photo in a folder per
class."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import user_message
from desktop.i18n import engine_text

if TYPE_CHECKING:
    from desktop.panes.base import PaneServices
    from engine.project import Project


class PredictDialog(QDialog):
    """Asks where copies go (if anywhere), runs ``predict_job`` and shows
    the answers."""

    def __init__(
        self,
        services: PaneServices,
        project: Project,
        paths: Sequence[Path],
        *,
        threshold: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("predictDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.services, self.project = services, project
        self.paths = [Path(p) for p in paths]
        self.threshold = threshold
        self.handle: Any = None
        self.report: Any = None
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.copy = QCheckBox()
        self.destination = QLineEdit()
        self.browse = QPushButton()
        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("predictTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton()
        self.save_button.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._build()
        self._connect()
        self.retranslate()
        self.resize(720, 520)

    def _build(self) -> None:
        where = QHBoxLayout()
        where.addWidget(self.copy)
        where.addWidget(self.destination, 1)
        where.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addLayout(where)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.copy.toggled.connect(self._update_copy)
        self.browse.clicked.connect(self._on_browse)
        self.start_button.clicked.connect(self.start)
        self.save_button.clicked.connect(self.save_csv)
        self.buttons.rejected.connect(self.close)
        self._update_copy()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Predict photos"))
        names = ", ".join(p.name for p in self.paths[:3])
        if len(self.paths) > 3:
            names += " …"
        self.source.setText(
            self.tr("Sort the photos in {names} with the model in use.").format(
                names=names
            )
        )
        self.copy.setText(self.tr("Also copy each photo into a folder per class in:"))
        self.browse.setText(self.tr("Choose…"))
        self.start_button.setText(self.tr("Predict"))
        self.save_button.setText(self.tr("Save CSV…"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Photo"), self.tr("Class"), self.tr("Confidence")]
        )

    def _update_copy(self) -> None:
        for widget in (self.destination, self.browse):
            widget.setEnabled(self.copy.isChecked())

    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Copy the sorted photos into"), self.destination.text()
        )
        if folder:
            self.destination.setText(folder)

    # the job

    def start(self) -> None:
        from engine.vision.classifier import predict_job

        copy_to = self.destination.text().strip() if self.copy.isChecked() else ""
        if self.copy.isChecked() and not copy_to:
            self.summary.setText(self.tr("Choose the folder the copies go into."))
            return
        job = predict_job(
            self.project,
            self.paths,
            threshold=self.threshold,
            copy_to=copy_to or None,
        )
        self.handle = self.services.jobs.submit(
            job,
            on_success=self._on_done,
            on_failure=self._on_failed,
            on_cancel=self._on_cancelled,
        )
        self.handle.progressed.connect(self._on_progress)
        for widget in (self.start_button, self.copy, self.destination, self.browse):
            widget.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.summary.setText(self.tr("Predicting…"))

    def _on_progress(self, progress: Any) -> None:
        if progress.total:
            self.progress.setRange(0, int(progress.total))
            self.progress.setValue(int(progress.done))
        if progress.message:
            self.summary.setText(engine_text(progress.message, progress.message_args))

    def _on_done(self, report: Any) -> None:
        self.handle = None
        self.report = report
        self.progress.hide()
        self._fill(report)
        self.save_button.setEnabled(bool(report.predictions))
        text = self.tr("Photos sorted: {n}.").format(n=len(report.predictions))
        if report.problems:
            text += " " + self.tr("Could not be read: {n} (listed last).").format(
                n=len(report.problems)
            )
        if report.copied:
            text += " " + self.tr("Copied into {folder}: {n}.").format(
                n=report.copied, folder=self.destination.text()
            )
        self.summary.setText(text)

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self.handle = None
        self.progress.hide()
        self.start_button.setEnabled(True)
        self.summary.setText(user_message(exc))

    def _on_cancelled(self) -> None:
        self.handle = None
        self.progress.hide()
        self.start_button.setEnabled(True)
        self.summary.setText(self.tr("Stopped."))

    def _fill(self, report: Any) -> None:
        rows = len(report.predictions) + len(report.problems)
        self.table.setRowCount(rows)
        none = self.tr("None of these")
        for r, p in enumerate(report.predictions):
            name = none if p.none_of_these else p.best.name
            confidence = QLocale().toString(100 * p.best.probability, "f", 1) + " %"
            self._set_row(r, p.path, name, confidence)
        start = len(report.predictions)
        for r, (path, error) in enumerate(report.problems, start):
            self._set_row(r, path, self.tr("Not read"), user_message(error))

    def _set_row(self, row: int, path: str, name: str, confidence: str) -> None:
        photo = QTableWidgetItem(os.path.basename(path))
        photo.setToolTip(path)
        self.table.setItem(row, 0, photo)
        self.table.setItem(row, 1, QTableWidgetItem(name))
        self.table.setItem(row, 2, QTableWidgetItem(confidence))

    def save_csv(self) -> str | None:
        from engine.vision.classifier import write_csv

        if self.report is None:
            return None
        target, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the predictions"),
            str(self.paths[0].with_name("predictions.csv")),
            self.tr("CSV files (*.csv)"),
        )
        if not target:
            return None
        try:
            written = write_csv(self.report.predictions, target)
        except OSError as exc:
            self.summary.setText(
                self.tr("Could not save “{path}”: {reason}").format(
                    path=target, reason=exc.strerror or exc
                )
            )
            return None
        self.summary.setText(self.tr("Saved {path}.").format(path=written))
        return written

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001
        if self.handle is not None:
            self.handle.cancel()
        super().closeEvent(event)
