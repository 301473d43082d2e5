"""Labelling helpers for the Label pane.

"Suggest labels" proposes a class for every unlabeled photo. With a trained
classifier whose classes are still the project's, the suggestions are its
predictions, the most uncertain first; otherwise they come from the class
names alone through the search model (zero-shot: "a photo of a {class}"),
the most confident first. Enter accepts, undo restores. "Label similar…"
lists the unlabeled photos that look like the current one, above a
similarity the user picks, and labels the ones left selected in one undo
step. The search-model helpers need the photos indexed for search.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop import search_calls, search_link
from desktop.dialogs.models import ask_for_missing_model
from desktop.dialogs.suggestions import SuggestionsDialog
from desktop.errors import details_of, user_message
from desktop.models.search_results import SearchResultsModel
from desktop.search_thumbs import ResultThumbnails
from desktop.undo import EngineCommand
from desktop.widgets.photo_menu import colour_icon
from desktop.widgets.search_grid import ResultsGridView
from desktop.workers import run_quietly
from engine import labels, library
from engine.weights import ModelMissing

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from desktop.panes.base import PaneServices
    from desktop.search_calls import ResultItem

log = logging.getLogger(__name__)

SIMILAR_LIMIT = 200  # photos offered by "Label similar…"
DEFAULT_SIMILARITY = 80  # percent


class LabelAssistBar(QWidget):
    """The two buttons the Label pane shows, and what they do."""

    def __init__(
        self,
        services: PaneServices,
        session: Callable[[], LibrarySession | None],
        target_ids: Callable[[], list[int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._session = session
        self._target_ids = target_ids
        self.dialog: QDialog | None = None
        self.missing_box: QMessageBox | None = None
        self.suggest_handle: Any = None  # the trained classifier's job
        self.suggest_button = QPushButton()
        self.suggest_button.setObjectName("suggestLabels")
        self.similar_button = QPushButton()
        self.similar_button.setObjectName("labelSimilar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.suggest_button)
        layout.addWidget(self.similar_button)
        self.suggest_button.clicked.connect(self.suggest_labels)
        self.similar_button.clicked.connect(self.label_similar)
        self.retranslate()

    def retranslate(self) -> None:
        self.suggest_button.setText(self.tr("Suggest labels…"))
        self.suggest_button.setToolTip(
            self.tr(
                "Propose a class for each unlabeled photo: with the trained "
                "classifier if it knows the current classes, otherwise from the "
                "class names using the search model"
            )
        )
        self.similar_button.setText(self.tr("Label similar…"))
        self.similar_button.setToolTip(
            self.tr("Label all unlabeled photos that look like the selected one")
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def close_dialog(self) -> None:
        """Close the open list (the project is closing or changing)."""
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            try:
                dialog.close()
            except RuntimeError:  # already closed and deleted
                pass

    # actions

    def suggest_labels(self) -> None:
        from engine.vision.classifier import matching_run

        session = self._session()
        if session is None or self.suggest_handle is not None:
            return
        if not session.classes():
            self.services.show_status(
                self.tr("Add classes first: suggestions come from their names.")
            )
            return
        project = session.project
        self.suggest_button.setEnabled(False)
        run = matching_run(project)
        if run is not None:
            self._suggest_with_classifier(project, run.id)
            return
        run_quietly(
            lambda: search_calls.suggestion_items(project),
            self._on_suggestions,
            on_error=lambda exc, details: self._failed(
                exc, details, self.suggest_labels
            ),
            parent=self,
        )

    def _suggest_with_classifier(self, project: Any, run_id: int) -> None:
        from engine.vision.classifier import suggest_job

        self.services.show_status(
            self.tr("Asking the trained classifier about the unlabeled photos…")
        )
        self.suggest_handle = self.services.jobs.submit(
            suggest_job(project, run_id=run_id),
            on_success=lambda found: self._on_model_suggestions(project, run_id, found),
            on_failure=self._on_model_failed,
            on_cancel=lambda: self._on_model_failed(None, ""),
        )

    def _on_model_suggestions(
        self, project: Any, run_id: int, suggestions: list[Any]
    ) -> None:
        self.suggest_handle = None
        self.suggest_button.setEnabled(True)
        session = self._session()
        if session is None or session.project is not project:
            return
        if not suggestions:
            self.services.show_status(self.tr("No unlabeled photos to suggest for."))
            return
        self._show_dialog(
            SuggestionsDialog(self.services, project, suggestions, self, run_id=run_id)
        )

    def _on_model_failed(self, exc: BaseException | None, details: str) -> None:
        self.suggest_handle = None
        if exc is None:
            self.suggest_button.setEnabled(True)
        else:
            self._failed(exc, details, self.suggest_labels)

    def _on_suggestions(self, items: list[ResultItem]) -> None:
        self.suggest_button.setEnabled(True)
        session = self._session()
        if session is None:
            return
        if not items:
            self.services.show_status(self.tr("No unlabeled photos to suggest for."))
            return
        self._show_dialog(
            ZeroShotSuggestionsDialog(
                self.services, session.project, [i.extra for i in items], self
            )
        )

    def label_similar(self) -> None:
        session = self._session()
        ids = self._target_ids()
        if session is None:
            return
        if len(ids) != 1:
            self.services.show_status(
                self.tr("Select one photo to find the ones that look like it.")
            )
            return
        project, photo_id = session.project, ids[0]
        self.similar_button.setEnabled(False)
        run_quietly(
            lambda: search_calls.similar_items(project, photo_id, k=SIMILAR_LIMIT),
            lambda items: self._on_similar(photo_id, items),
            on_error=lambda exc, details: self._failed(
                exc, details, self.label_similar
            ),
            parent=self,
        )

    def _on_similar(self, photo_id: int, items: list[ResultItem]) -> None:
        self.similar_button.setEnabled(True)
        session = self._session()
        if session is None:
            return
        if not items:
            self.services.show_status(
                self.tr("No unlabeled photos look like this one.")
            )
            return
        source = library.get_photo(session.project, photo_id)
        self._show_dialog(
            SimilarLabelDialog(self.services, session, source, items, self)
        )

    def _show_dialog(self, dialog: QDialog) -> None:
        self.close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        dialog.show()

    def _forget_dialog(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _failed(
        self, exc: BaseException, details: str, retry: Callable[[], None]
    ) -> None:
        self.suggest_button.setEnabled(True)
        self.similar_button.setEnabled(True)
        if isinstance(exc, ModelMissing):
            self.missing_box = ask_for_missing_model(self, exc, self.services.jobs)
        elif type(exc).__name__ == "NotIndexed":
            self._offer_indexing(exc, retry)
        else:
            self.services.show_error(exc, details)

    def _offer_indexing(self, exc: BaseException, retry: Callable[[], None]) -> None:
        found = search_link.search_pane_of(self)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Index photos"),
            user_message(exc),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if found is not None:
            index_now = box.addButton(
                self.tr("Index now"), QMessageBox.ButtonRole.AcceptRole
            )
            index_now.clicked.connect(lambda: found[1].start_indexing(then=retry))
        self.missing_box = box
        box.open()


class ZeroShotSuggestionsDialog(SuggestionsDialog):
    """The suggestions list of a trained model, filled from class names."""

    def __init__(
        self,
        services: PaneServices,
        project: Any,
        suggestions: Sequence[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, project, suggestions, parent)
        self.setObjectName("zeroShotSuggestions")
        ids = [s.photo_id for s in self.suggestions]
        self.session.request_thumbnails(library.get_photos(project, ids))

    def source_text(self) -> str:
        return self.tr(
            "Source: the class names, matched by the search model. A classifier "
            "trained on the current classes would suggest from your labelled "
            "photos instead."
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Suggested labels from the class names"))
        self.hint.setText(
            self.tr(
                "{n} unlabeled photos, the most confident suggestions first. "
                "Select photos and press Enter to label them as suggested; Ctrl+Z "
                "undoes. The suggestions come from the class names alone, so check "
                "them before accepting."
            ).format(n=len(self.suggestions))
        )


class SimilarLabelDialog(QDialog):
    """Unlabelled photos like one photo: a similarity slider, a class, and
    one button that labels the selected ones."""

    def __init__(
        self,
        services: PaneServices,
        session: LibrarySession,
        source: Any,
        items: list[ResultItem],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("similarLabelDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.services = services
        self.session = session
        self.source = source
        self.all_items = items
        self.thumbnails = ResultThumbnails(self)
        self.thumbnails.set_project(session.project)
        self.model = SearchResultsModel(self.thumbnails, session.class_by_id, self)
        self.grid = ResultsGridView()
        self.grid.setModel(self.model)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.count = QLabel()
        self.count.setObjectName("similarCount")
        self.slider_label = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setValue(_starting_similarity(items))
        self.class_box = QComboBox()
        self.label_button = QPushButton()
        self.label_button.setObjectName("labelSimilarPhotos")
        self._build_layout()
        self._fill_classes()
        self.slider.valueChanged.connect(self._refilter)
        self.grid.selectionModel().selectionChanged.connect(self._update_button)
        self.class_box.currentIndexChanged.connect(self._update_button)
        self.label_button.clicked.connect(self.label_selected)
        undo = services.undo_stack.createUndoAction(self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.addAction(undo)
        self.finished.connect(self.thumbnails.close)
        self.retranslate()
        self._refilter()
        self.resize(860, 620)

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(self.slider_label)
        controls.addWidget(self.slider, 1)
        controls.addSpacing(16)
        controls.addWidget(self.class_box)
        controls.addWidget(self.label_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(controls)
        layout.addWidget(self.count)
        layout.addWidget(self.grid, 1)
        layout.addWidget(buttons)

    def _fill_classes(self) -> None:
        for label_class in self.session.classes():
            self.class_box.addItem(
                colour_icon(label_class.colour), label_class.name, label_class.id
            )
        found = self.class_box.findData(self.source.class_id)
        self.class_box.setCurrentIndex(max(0, found))

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Photos like “{name}”").format(name=self.source.name)
        )
        self.hint.setText(
            self.tr(
                "Unlabeled photos that look like “{name}”, the most similar first. "
                "Raise the similarity to keep only close ones, Ctrl+click a photo to "
                "leave it out, then label the selected ones in one step."
            ).format(name=self.source.name)
        )
        self._update_button()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def threshold(self) -> float:
        return self.slider.value() / 100

    def _refilter(self, *_args: object) -> None:
        self.slider_label.setText(
            self.tr("Similarity at least {value}").format(
                value=f"{self.threshold():.2f}"
            )
        )
        kept = [i for i in self.all_items if i.score >= self.threshold()]
        self.model.set_items(kept)
        self.count.setText(
            self.tr("{n} photos at this similarity").format(n=len(kept))
            if kept
            else self.tr("None at this similarity: move the slider left to see more.")
        )
        self.grid.selectAll()
        self._update_button()

    def selected_ids(self) -> list[int]:
        items = (self.model.item_at(r) for r in self.grid.selected_rows())
        return [i.photo_id for i in items if i is not None and i.photo_id]

    def _update_button(self, *_args: object) -> None:
        count = len(self.selected_ids())
        name = self.class_box.currentText()
        self.label_button.setText(
            self.tr("Label {n} photos as “{name}”").format(n=count, name=name)
        )
        self.label_button.setEnabled(count > 0 and self.class_box.count() > 0)

    def label_selected(self) -> int:
        """Label the selected photos with the chosen class (one undo step)."""
        ids = self.selected_ids()
        class_id = self.class_box.currentData()
        if not ids or class_id is None:
            return 0
        project = self.session.project
        try:
            record = labels.label_photos(project, ids, class_id)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            log.exception("labelling similar photos failed")
            self.services.show_error(exc, details_of(exc))
            return 0
        self.services.undo_stack.push(
            EngineCommand(
                project,
                record,
                on_change=self.session.notify,
                on_error=self.services.show_error,
            )
        )
        done = set(ids)
        self.all_items = [i for i in self.all_items if i.photo_id not in done]
        self._refilter()
        self.services.show_status(
            self.tr("Labelled {n} photos as “{name}”.").format(
                n=len(ids), name=self.class_box.currentText()
            )
        )
        return len(ids)


def _starting_similarity(items: list[ResultItem]) -> int:
    """The default threshold, lowered when even the best photo is below it
    (in 0.05 steps), so the list never opens empty."""
    best = max((i.score for i in items), default=1.0)
    return max(0, min(DEFAULT_SIMILARITY, int(best * 20) * 5))
