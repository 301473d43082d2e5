"""The list of trained language models; choosing one makes it the model the
Generate, Find and Classify tabs use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.panes.text_state import TextSession
from engine.text import lstm


def status_text(status: str) -> str:
    return {
        "finished": QCoreApplication.translate("TextRunsWidget", "finished"),
        "early_stopped": QCoreApplication.translate("TextRunsWidget", "finished early"),
        "time_up": QCoreApplication.translate("TextRunsWidget", "time limit"),
        "step_limit": QCoreApplication.translate("TextRunsWidget", "step limit"),
        "cancelled": QCoreApplication.translate("TextRunsWidget", "cancelled"),
        "diverged": QCoreApplication.translate("TextRunsWidget", "diverged"),
        "running": QCoreApplication.translate("TextRunsWidget", "interrupted"),
    }.get(status, status or "—")


class TextRunsWidget(QWidget):
    """Runs of the project, newest first, with their figures."""

    def __init__(self, session: TextSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.caption = QLabel()
        self.tree = QTreeWidget()
        self.tree.setObjectName("textRuns")
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(5)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.tree, 1)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        session.runs_changed.connect(self.refill)
        session.active_run_changed.connect(self._select)

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Trained models (choose the one to use):"))
        self.tree.setHeaderLabels(
            [
                self.tr("Model"),
                self.tr("Status"),
                self.tr("Best validation loss"),
                self.tr("Steps"),
                self.tr("Tokenizer"),
            ]
        )
        self.refill()

    def refill(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for run in reversed(self.session.runs()):
            self.tree.addTopLevelItem(self._item(run))
        self.tree.blockSignals(False)
        self._select(self.session.active_run)

    def _item(self, run: Path) -> QTreeWidgetItem:
        metrics = lstm.read_metrics(run)
        best = metrics.get("best_val_loss")
        locale = QLocale()
        kind = metrics.get("tokenizer", "")
        item = QTreeWidgetItem(
            [
                run.name,
                status_text(metrics.get("status", "")),
                "—" if best is None else locale.toString(float(best), "f", 3),
                locale.toString(int(metrics.get("steps", 0))),
                {"char": self.tr("characters"), "bpe": self.tr("BPE")}.get(kind, kind),
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, run)
        return item

    def rows(self) -> list[tuple[str, str]]:
        """(run name, status shown) of each row, for tests and the log."""
        return [
            (self.tree.topLevelItem(i).text(0), self.tree.topLevelItem(i).text(1))
            for i in range(self.tree.topLevelItemCount())
        ]

    def _select(self, run: Path | None) -> None:
        self.tree.blockSignals(True)
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == run:
                self.tree.setCurrentItem(item)
                break
        else:
            self.tree.setCurrentItem(None)
        self.tree.blockSignals(False)

    def _on_current_changed(self, current: QTreeWidgetItem | None) -> None:
        if current is not None:
            self.session.set_active_run(current.data(0, Qt.ItemDataRole.UserRole))
