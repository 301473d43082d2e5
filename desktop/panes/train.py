"""The Train pane: one-click training of the user's image classifier.

Tabs: Train (data check, settings, live curves), Results (accuracy, per
class, confusion matrix, probably mislabelled photos), Try and use (try a
photo, predict a folder, suggest labels, export) and History (the runs and
the one in use). Dropping a photo on the pane tries it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desktop import library_session
from desktop.errors import details_of, user_message
from desktop.library_edits import LibraryEdits
from desktop.panes.base import Pane, PaneServices
from desktop.panes.train_history import TrainHistoryWidget
from desktop.panes.train_live import percent
from desktop.panes.train_results import TrainResultsWidget
from desktop.panes.train_tab import TrainTabWidget
from desktop.panes.train_try import TryPhotoWidget, is_photo
from desktop.panes.train_use import TrainUseWidget, report_failure
from desktop.workers import run_quietly
from engine.i18n import UserError

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from engine.project import Project
    from engine.vision.runs import TrainingRun

log = logging.getLogger(__name__)


class TrainPane(Pane):
    key = "train"
    icon_name = "SP_MediaPlay"

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.session: LibrarySession | None = None
        self.active_run: TrainingRun | None = None
        self.edits = LibraryEdits(services, lambda: self.session)
        self.dialogs: list[QWidget] = []
        self._classifier: Any = None  # the loaded model, reused by "Try a photo"
        self.train = TrainTabWidget(services)
        self.results = TrainResultsWidget()
        self.try_photo = TryPhotoWidget()
        self.use = TrainUseWidget(
            services, lambda: self.project, self.try_photo.threshold_value
        )
        self.history = TrainHistoryWidget()
        self.model_label = QLabel()
        self.model_label.setObjectName("trainModelInUse")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trainTabs")
        use_page = QWidget()
        use_layout = QVBoxLayout(use_page)
        use_layout.addWidget(self.try_photo, 1)
        use_layout.addWidget(self.use)
        for page in (self.train, self.results, _scrolling(use_page), self.history):
            self.tabs.addTab(page, "")
        self.use_page = self.tabs.widget(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.model_label)
        layout.addWidget(self.tabs, 1)
        self._connect()
        self.retranslate()

    def _connect(self) -> None:
        self.train.run_ended.connect(self._on_run_ended)
        self.train.show_photos.connect(self.show_photos)
        self.results.show_photos.connect(self.show_photos)
        self.results.relabel.connect(self.relabel)
        self.results.retrain_requested.connect(self.retrain)
        self.try_photo.try_requested.connect(self.classify)
        self.history.use_requested.connect(self.use_run)

    def nav_title(self) -> str:
        return self.tr("Train")

    def retranslate(self) -> None:
        names = [
            self.tr("Train"),
            self.tr("Results"),
            self.tr("Try and use"),
            self.tr("History"),
        ]
        for index, name in enumerate(names):
            self.tabs.setTabText(index, name)
        for part in (self.train, self.results, self.try_photo, self.use, self.history):
            part.retranslate()
        self._show_model()

    # project

    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        self._close_dialogs()
        self._classifier = None
        old, self.session = self.session, None
        if old is not None:
            old.classes_changed.disconnect(self._on_labels_changed)
            self.results.set_session(None)
            library_session.release(old)
        if project is not None:
            self.session = library_session.acquire(project)
            self.session.classes_changed.connect(self._on_labels_changed)
            self.results.set_session(self.session)
        self.train.set_project(project)
        self.refresh_runs()

    def showEvent(self, event) -> None:  # noqa: N802, ANN001
        super().showEvent(event)
        self.train.schedule_check()

    def _on_labels_changed(self) -> None:
        if self.isVisible():
            self.train.schedule_check()

    def refresh_runs(self) -> None:
        from engine.vision import runs

        found = runs.list_runs(self.project) if self.project is not None else []
        usable = [r for r in found if r.has_model]
        active = next((r for r in usable if r.active), usable[0] if usable else None)
        if self._classifier is not None and (
            active is None or self._classifier.run_id != active.id
        ):
            self._classifier = None
        self.active_run = active
        self.history.show_runs(found)
        self.results.show_run(active)
        self.use.set_model_available(active is not None)
        if active is not None:
            self.try_photo.set_class_count(int(active.config.get("n_classes", 2)))
        # a run just watched (finished, cancelled or failed) keeps its curves
        if active is not None and self.train.handle is None and not self.train.watching:
            self.train.live.show_history(active.metrics, active.results)
        self._show_model()

    def _show_model(self) -> None:
        run = self.active_run
        if run is None:
            self.model_label.setText(
                self.tr("No classifier yet: label photos, then press Train.")
            )
            return
        accuracy = (run.results or {}).get("accuracy")
        self.model_label.setText(
            self.tr("Model in use: run {id}, accuracy {accuracy}.").format(
                id=run.id, accuracy=percent(accuracy)
            )
        )

    def _on_run_ended(self) -> None:
        before = self.active_run.id if self.active_run else None
        self.refresh_runs()
        if self.active_run is not None and self.active_run.id != before:
            self.tabs.setCurrentWidget(self.results)

    # actions

    def retrain(self) -> None:
        if self.active_run is not None:
            self.train.settings.set_from_config(self.active_run.config.get("train", {}))
        self.tabs.setCurrentWidget(self.train)
        self.train.start_training()

    def use_run(self, run_id: int) -> None:
        from engine.vision import runs

        if self.project is None:
            return
        try:
            runs.set_active_run(self.project, run_id)
        except UserError as exc:
            self.services.show_error(exc, details_of(exc))
        if self.train.handle is None:
            self.train.watching = False  # show the chosen run's curves
        self.refresh_runs()
        self.history.select_run(run_id)

    def relabel(self, photo_id: int, class_id: int) -> None:
        self.edits.label([photo_id], class_id)

    def show_photos(self, photo_ids: Sequence[int], title: str) -> QWidget | None:
        from desktop.dialogs.photo_set import PhotoSetDialog

        if self.project is None or not photo_ids:
            return None
        dialog = PhotoSetDialog(
            self.services, self.project, photo_ids, title=title, parent=self
        )
        self.dialogs = [d for d in self.dialogs if _alive(d)] + [dialog]
        dialog.show()
        return dialog

    def _close_dialogs(self) -> None:
        for dialog in self.dialogs:
            if _alive(dialog):
                dialog.close()
        self.dialogs = []
        self.use.close_dialogs()

    # try a photo

    def classify(self, path: Path) -> None:
        project = self.project
        if project is None:
            return
        run_quietly(
            lambda: self._classify(project, path),
            lambda prediction: self._on_classified(project, prediction),
            on_error=self._on_classify_failed,
            parent=self,
        )

    def _classify(self, project: Project, path: Path) -> Any:
        # runs in a worker; the model is loaded once per run in use
        from engine import compute
        from engine.vision import classifier

        compute.apply(compute.current())
        loaded = self._classifier
        wanted = self.active_run.id if self.active_run is not None else None
        if loaded is None or loaded.run_id != wanted:
            loaded = classifier.load_classifier(project, wanted)
            self._classifier = loaded
        return classifier.classify_photo(loaded, path, threshold=0.0, top=3)

    def _on_classified(self, project: Project, prediction: Any) -> None:
        if project is self.project:
            self.try_photo.show_prediction(prediction)

    def _on_classify_failed(self, exc: BaseException, details: str) -> None:
        from engine.weights import ModelMissing

        self.try_photo.show_failure(user_message(exc))
        if isinstance(exc, ModelMissing) or not isinstance(exc, UserError):
            report_failure(self, self.services, exc, details)

    # drops

    def accepts_drop(self, paths: Sequence[Path]) -> bool:
        return (
            self.project is not None
            and self.isVisible()
            and bool(paths)
            and all(is_photo(Path(p)) for p in paths)
        )

    def handle_drop(self, paths: Sequence[Path]) -> None:
        if len(paths) == 1:
            self.tabs.setCurrentWidget(self.use_page)
            self.try_photo.try_photo(Path(paths[0]))
        else:
            self.use.predict([Path(p) for p in paths])


def _scrolling(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    return scroll


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)
