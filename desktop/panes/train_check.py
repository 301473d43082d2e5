"""The "Check data" section of the Train pane: each problem with the labelled
photos as one sentence, with a button that shows the photos concerned.

Errors block training; warnings only advise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import engine_text

if TYPE_CHECKING:
    from engine.project import Project
    from engine.vision.checks import DataProblem
    from engine.vision.training import TrainConfig


@dataclass(frozen=True)
class DataSummary:
    """What the check found and how many photos training would use."""

    problems: list[DataProblem] = field(default_factory=list)
    train_photos: int = 0
    val_photos: int = 0
    classes: int = 0

    @property
    def errors(self) -> list[DataProblem]:
        return [p for p in self.problems if p.severity == "error"]


def check_project(project: Project, config: TrainConfig) -> DataSummary:
    """Run the data check training would run with ``config`` (in a worker:
    it looks at every labelled file and the stored features)."""
    from engine.vision import checks, training

    problems = training.check_before_training(project, config)
    photos = checks.usable_photos(project)
    return DataSummary(
        problems,
        train_photos=sum(p.split == "train" for p in photos),
        val_photos=sum(p.split == "val" for p in photos),
        classes=len({p.class_id for p in photos}),
    )


class ProblemListWidget(QWidget):
    """Problems with the data, one sentence each with a "Show photos"
    button: ``show_photos(ids, sentence)``."""

    show_photos = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[DataProblem, QLabel, QPushButton | None]] = []
        self.list_layout = QVBoxLayout(self)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(6)

    def set_problems(self, problems: Sequence[DataProblem]) -> None:
        self._clear_rows()
        for problem in problems:
            self._add_row(problem)
        self.retranslate()

    def retranslate(self) -> None:
        for problem, label, button in self.rows:
            label.setText(engine_text(problem.template, problem.params))
            if button is not None:
                button.setText(
                    self.tr("Show {n} photos").format(n=len(problem.photo_ids))
                )

    def _add_row(self, problem: DataProblem) -> None:
        error = problem.severity == "error"
        icon = QLabel()
        pixmap = (
            QStyle.StandardPixmap.SP_MessageBoxCritical
            if error
            else QStyle.StandardPixmap.SP_MessageBoxWarning
        )
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(18, 18))
        label = QLabel()
        label.setWordWrap(True)
        label.setObjectName("dataProblemError" if error else "dataProblemWarning")
        button = None
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        if problem.photo_ids:
            button = QPushButton()
            button.clicked.connect(lambda _=False, p=problem: self._on_show(p))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addWidget(holder)
        self.rows.append((problem, label, button))

    def _on_show(self, problem: DataProblem) -> None:
        sentence = engine_text(problem.template, problem.params)
        self.show_photos.emit(list(problem.photo_ids), sentence)

    def _clear_rows(self) -> None:
        self.rows = []
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()

    def problem_texts(self) -> Sequence[str]:
        return [label.text() for _, label, _ in self.rows]

    def button_for(self, template: str) -> QPushButton | None:
        """The "Show photos" button of the problem with this English template."""
        return next((b for p, _, b in self.rows if p.template == template), None)


class DataCheckWidget(QGroupBox):
    """``show_photos(ids, sentence)`` when a problem's button is pressed;
    ``recheck_requested`` for "Check again"."""

    show_photos = Signal(object, str)
    recheck_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataCheck")
        self.summary: DataSummary | None = None
        self.checking = False
        self.problems = ProblemListWidget()
        self.problems.show_photos.connect(self.show_photos)
        self.overview = QLabel()
        self.overview.setWordWrap(True)
        self.recheck = QPushButton()
        self.recheck.setFlat(True)
        self.recheck.clicked.connect(self.recheck_requested)
        top = QHBoxLayout()
        top.addWidget(self.overview, 1)
        top.addWidget(self.recheck, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problems)
        self.retranslate()

    def set_checking(self) -> None:
        self.checking = True
        self.overview.setText(self.tr("Checking the labelled photos…"))

    def set_summary(self, summary: DataSummary | None) -> None:
        self.checking = False
        self.summary = summary
        self.problems.set_problems(summary.problems if summary else [])
        self.retranslate()

    def blocking_reason(self) -> str:
        """The first error as a sentence, or "" when training may start."""
        if self.summary is None or not self.summary.errors:
            return ""
        first = self.summary.errors[0]
        return engine_text(first.template, first.params)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Check data"))
        self.recheck.setText(self.tr("Check again"))
        self.problems.retranslate()
        self.overview.setText(self._overview_text())

    def _overview_text(self) -> str:
        if self.checking:
            return self.tr("Checking the labelled photos…")
        summary = self.summary
        if summary is None:
            return self.tr("Open a project to check its photos.")
        counts = self.tr(
            "{train} photos to learn from and {val} to check the model with, "
            "in {classes} classes."
        ).format(
            train=summary.train_photos, val=summary.val_photos, classes=summary.classes
        )
        if summary.errors:
            return counts + " " + self.tr("Fix the errors below to train.")
        if summary.problems:
            return counts + " " + self.tr("Training can start; a few things to know:")
        return counts + " " + self.tr("No problems found.")

    def problem_texts(self) -> Sequence[str]:
        return self.problems.problem_texts()
