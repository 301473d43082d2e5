"""The Search pane: find photos by describing them or by showing one, and
review look-alike photos.

The side panel says where Pictor searches and how much is indexed; the
"Find" tab holds the query and the results, the "Look-alikes" tab the
near-duplicate groups. Queries run off the GUI thread (the first one loads
the model); indexing and look-alike finding run in the Jobs panel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QMenu, QMessageBox, QSplitter, QTabWidget, QVBoxLayout

from desktop import file_actions, library_session, search_calls
from desktop.dialogs.models import ask_for_missing_model
from desktop.errors import user_message
from desktop.library_edits import LibraryEdits
from desktop.panes.base import Pane, PaneServices
from desktop.panes.search_duplicates import DuplicatesWidget, LookAlikes
from desktop.panes.search_find import SearchFindWidget
from desktop.panes.search_index import SearchPlacesWidget
from desktop.search_thumbs import ResultThumbnails
from desktop.trash import move_to_trash
from desktop.widgets.photo_menu import class_text, colour_icon
from desktop.workers import run_quietly
from engine import library
from engine.jobs import Job
from engine.media import PHOTO_SUFFIXES
from engine.weights import (
    MULTILINGUAL_SEARCH,
    ModelMissing,
    get_spec,
    missing_error,
    model_status,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.library_session import LibrarySession
    from desktop.search_calls import IndexState, Query, ResultItem, ResultPage
    from desktop.workers import JobHandle, JobWorker
    from engine.project import Project

log = logging.getLogger(__name__)


def is_photo_file(path: Path) -> bool:
    return path.suffix.lower() in PHOTO_SUFFIXES and not path.is_dir()


class SearchPane(Pane):
    key = "search"
    icon_name = "SP_FileDialogContentsView"

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.session: LibrarySession | None = None
        self.edits = LibraryEdits(services, lambda: self.session)
        self.state: IndexState | None = None
        self.stale = False
        self.index_handle: JobHandle | None = None
        self.look_handle: JobHandle | None = None
        self.missing_box: QMessageBox | None = None
        self.models_dialog: QWidget | None = None
        self.trash_report: QMessageBox | None = None
        self.problems_dialog: QWidget | None = None
        self._after_index: list[Callable[[], None]] = []
        self._query_number = 0
        self._last_query: Query | None = None
        self._workers: set[JobWorker] = set()
        self._state_wanted = False
        self.thumbnails = ResultThumbnails(self)
        self.places = SearchPlacesWidget()
        self.find = SearchFindWidget(self.thumbnails, self._class_of)
        self.look_thumbnails = ResultThumbnails(self)
        self.duplicates = DuplicatesWidget(self.look_thumbnails)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("searchTabs")
        self.tabs.addTab(self.find, "")
        self.tabs.addTab(self.duplicates, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.places)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 800])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.splitter)
        self.setAcceptDrops(True)
        self._connect()
        self.retranslate()

    def _connect(self) -> None:
        self.places.add_folder_requested.connect(self.add_folder)
        self.places.remove_folders_requested.connect(self.remove_folders)
        self.places.index_requested.connect(self.start_indexing)
        self.places.problems_requested.connect(self.show_problems)
        self.find.search_requested.connect(self.search)
        grid = self.find.grid
        grid.customContextMenuRequested.connect(self._on_results_menu)
        grid.open_requested.connect(self._on_result_opened)
        grid.label_key.connect(self._on_label_key)
        self.duplicates.find_requested.connect(self.find_look_alikes)
        self.duplicates.trash_requested.connect(self.move_to_trash)

    def nav_title(self) -> str:
        return self.tr("Search")

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Find photos"))
        self.tabs.setTabText(1, self.tr("Look-alikes"))
        self.places.retranslate()
        self.find.retranslate()
        self.duplicates.retranslate()

    # project

    def set_project(self, project: Project | None) -> None:
        self._wait_for_workers()
        if self.project is not None and project is not self.project:
            for handle in (self.index_handle, self.look_handle):
                if handle is not None:
                    handle.cancel()
            _forget_indexes(self.project)
        super().set_project(project)
        self._after_index.clear()
        self._swap_session(project)
        self.thumbnails.set_project(project)
        self.look_thumbnails.set_project(project)
        self.stale = False
        self.state = None
        self.places.set_stale(False)
        self.find.clear_photo(search=False)
        self.find.query_box.clear()
        self.find.exclude_box.clear()
        self.find.clear_results()
        self.duplicates.show_found(None)
        self.find.set_classes(self.session.classes() if self.session else [])
        self._state_wanted = project is not None
        if project is not None and self.isVisible():
            self.refresh_state()

    def _swap_session(self, project: Project | None) -> None:
        old, self.session = self.session, None
        if old is not None:
            old.photos_changed.disconnect(self._on_photos_changed)
            old.classes_changed.disconnect(self._on_classes_changed)
            library_session.release(old)
        if project is not None:
            self.session = library_session.acquire(project)
            self.session.photos_changed.connect(self._on_photos_changed)
            self.session.classes_changed.connect(self._on_classes_changed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._state_wanted:
            self.refresh_state()
        self.find.query_box.setFocus()

    def refresh_state(self) -> None:
        """Read how much is indexed (off the GUI thread: it opens the index)."""
        project = self.project
        if project is None:
            return
        self._state_wanted = False
        self._quietly(
            lambda: search_calls.index_state(project),
            self._on_state,
            self._on_state_failed,
        )

    def _on_state(self, state: IndexState) -> None:
        self.state = state
        self.places.show_state(state)
        self.find.set_folders(state.filter_folders)

    def _on_state_failed(self, exc: BaseException, details: str) -> None:
        self.services.show_error(exc, details)

    # drops

    def accepts_drop(self, paths: Sequence[Path]) -> bool:
        return self.project is not None and len(paths) == 1 and is_photo_file(paths[0])

    def handle_drop(self, paths: Sequence[Path]) -> None:
        self.tabs.setCurrentWidget(self.find)
        self.search_by_photo(str(paths[0]), paths[0].name)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self.accepts_drop(_dropped(event)):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = _dropped(event)
        if self.accepts_drop(paths):
            event.acceptProposedAction()
            self.handle_drop(paths)

    # searching

    def search_by_photo(self, photo: int | str, name: str) -> None:
        """Find photos like this one (and like the words, if any are typed)."""
        self.find.set_photo(photo, name)
        self.find.request_search()
        project = self.project
        if project is not None:
            self._quietly(
                lambda: search_calls.chip_image(project, photo),
                lambda image: self._on_chip_image(photo, image),
                lambda _exc, _details: None,  # the chip stays without a picture
            )

    def _on_chip_image(self, photo: int | str, image: Any) -> None:
        if self.find.photo == photo:
            self.find.chip.set_image(image)

    def find_similar(self, photo: int | str) -> None:
        """Show the photos like ``photo`` (a library photo id or a path)."""
        if self.project is None:
            return
        if isinstance(photo, int):
            name = library.get_photo(self.project, photo).name
        else:
            name = Path(photo).name
        self.tabs.setCurrentWidget(self.find)
        self.find.query_box.clear()
        self.find.exclude_box.clear()
        self.search_by_photo(photo, name)

    def search(self, query: Query) -> None:
        if self.project is None:
            return
        refusal = self._language_refusal(query)
        if refusal is not None:
            self._show_multilingual(refusal, query)
            return
        if self.stale:
            self.find.heading.setText(self.tr("Updating the index first…"))
            self.find.heading.show()
            self.start_indexing(then=lambda: self._run(query))
            return
        self._run(query)

    def _run(self, query: Query) -> None:
        project = self.project
        if project is None:
            return
        self._query_number += 1
        number = self._query_number
        self._last_query = query
        self.find.heading.setText(self.tr("Searching…"))
        self.find.heading.show()
        self._quietly(
            lambda: search_calls.run_query(project, query),
            lambda page: self._on_page(number, page),
            lambda exc, details: self._on_search_failed(number, exc, details),
        )

    def _on_page(self, number: int, page: ResultPage) -> None:
        if number == self._query_number:
            self.find.show_page(page)

    def _on_search_failed(self, number: int, exc: BaseException, details: str):
        if number != self._query_number:
            return
        self.find.heading.hide()
        self._explain(exc, details)

    def _explain(self, exc: BaseException, details: str) -> None:
        """Turn a refusal into a sentence with the way out."""
        kind = type(exc).__name__
        if isinstance(exc, ModelMissing):
            self._ask_for_model(exc)
        elif kind == "NotIndexed":
            self.find.show_message(
                user_message(exc), self.tr("Index now"), self._index_then_search
            )
        elif kind in ("NeedsMultilingualModel", "NeedsMultilingualIndex"):
            self._show_multilingual(exc, self._last_query)
        elif _is_user_error(exc):
            self.find.show_message(user_message(exc))
        else:
            self.services.show_error(exc, details)

    def _index_then_search(self) -> None:
        query = self._last_query
        self.start_indexing(then=None if query is None else lambda: self._run(query))

    def _language_refusal(self, query: Query) -> BaseException | None:
        """The engine's refusal of Chinese words for an English-only model,
        found before any model is loaded."""
        from engine.vision.embed import has_cjk

        if not has_cjk(query.text + query.exclude):
            return None
        from engine.vision.embed import check_query

        override = search_calls.embedder()
        model = override if override is not None else _NamedModel(self._model_name())
        try:
            check_query(query.text + query.exclude, model)
        except Exception as exc:  # noqa: BLE001 - the engine's sentence is shown
            return exc
        return None

    def _show_multilingual(self, exc: BaseException, query: Query | None) -> None:
        if type(exc).__name__ == "NeedsMultilingualIndex":
            self.find.show_message(
                user_message(exc),
                self.tr("Switch and index again"),
                lambda: self.use_multilingual_model(query),
            )
            return
        self.find.show_message(
            user_message(exc), self.tr("Open the Models window"), self.show_models
        )

    def use_multilingual_model(self, query: Query | None = None) -> None:
        """Index with the multilingual model, then run ``query`` again."""
        self.places.select_model(MULTILINGUAL_SEARCH)
        self.find.message.clear()
        self.start_indexing(then=None if query is None else lambda: self._run(query))

    def show_models(self) -> None:
        from desktop.dialogs.models import ModelsDialog

        dialog = ModelsDialog(self.services.jobs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.select(MULTILINGUAL_SEARCH)
        dialog.open()
        self.models_dialog = dialog

    def _ask_for_model(self, exc: ModelMissing) -> None:
        self.missing_box = ask_for_missing_model(
            self, exc, self.services.jobs, on_change=self.refresh_state
        )

    def _model_name(self) -> str:
        if self.state is not None and self.state.model is not None:
            return self.state.model
        return self.places.model_name()

    # indexing

    def start_indexing(self, then: Callable[[], None] | None = None) -> None:
        """Index the library and the folders in the Jobs panel."""
        project = self.project
        if project is None:
            return
        if then is not None:
            self._after_index.append(then)
        if self.index_handle is not None:
            return  # the running job calls ``then`` when it ends
        override = search_calls.embedder()
        name = self.places.model_name()
        if override is None and not model_status(name).installed:
            self._after_index.clear()
            self._ask_for_model(missing_error(get_spec(name)))
            return
        from engine.vision.indexing import index_job

        self.places.set_busy(True)
        self.index_handle = self.services.jobs.submit(
            index_job(project, model=name, embedder=override),
            on_success=self._on_indexed,
            on_failure=self._on_index_failed,
            on_cancel=self._on_index_cancelled,
        )

    def _on_indexed(self, report: Any) -> None:
        self._index_ended()
        if self.project is not None:
            search_calls.mark_indexed(self.project)
        self.stale = False
        self.places.set_stale(False)
        self.find.message.clear()
        self.refresh_state()
        text = self.tr(
            "Indexed {found} photos: {encoded} read by the model, {reused} already "
            "known, {removed} gone."
        ).format(
            found=report.found,
            encoded=report.encoded,
            reused=report.reused,
            removed=report.removed,
        )
        if report.problems:
            text += " " + self.tr(
                "Files that cannot be searched: {n}. Show… in the Search pane lists "
                "them."
            ).format(n=len(report.problems))
        self.services.show_status(text)
        pending, self._after_index = self._after_index, []
        for step in pending:
            step()

    def show_problems(self) -> QWidget | None:
        """List the files that cannot be searched, each with the reason."""
        from desktop.search_problems import SearchProblemsDialog

        if self.state is None or not self.state.problems:
            return None
        dialog = SearchProblemsDialog(self.state.problems, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.problems_dialog = dialog
        return dialog

    def _on_index_failed(self, exc: BaseException, details: str) -> None:
        self._index_ended()
        self._after_index.clear()
        self.find.heading.hide()
        if isinstance(exc, ModelMissing):
            self._ask_for_model(exc)
        else:
            self.services.show_error(exc, details)

    def _on_index_cancelled(self) -> None:
        self._index_ended()
        self._after_index.clear()
        self.find.heading.hide()
        self.refresh_state()

    def _index_ended(self) -> None:
        self.index_handle = None
        self.places.set_busy(False)

    def add_folder(self, folder: str) -> None:
        from engine.vision.indexing import add_search_folders

        if self.project is not None:
            add_search_folders(self.project, [folder])
            self._mark_stale()
            self.refresh_state()

    def remove_folders(self, folders: list[str]) -> None:
        from engine.vision.indexing import remove_search_folders

        if self.project is not None:
            remove_search_folders(self.project, folders)
            self._mark_stale()
            self.refresh_state()

    def _mark_stale(self) -> None:
        self.stale = True
        self.places.set_stale(True)

    # the library changed

    def _on_photos_changed(self, ids: Sequence[int] | None) -> None:
        if ids is None:
            self._mark_stale()
            return
        if not ids:
            self.find.model.repaint_all()
            return
        self._refresh_items(ids)

    def _on_classes_changed(self) -> None:
        if self.session is not None:
            self.find.set_classes(self.session.classes())

    def _refresh_items(self, ids: Sequence[int]) -> None:
        shown = {i.photo_id: i for i in self.find.model.items() if i.photo_id}
        wanted = [i for i in ids if i in shown]
        if not wanted or self.project is None:
            return
        photos = library.get_photos(self.project, wanted)
        self.find.model.replace(_with_photo(shown[photo.id], photo) for photo in photos)

    def _class_of(self, class_id: int | None) -> Any:
        return self.session.class_by_id(class_id) if self.session else None

    # what a result offers

    def _on_results_menu(self, pos: QPoint) -> None:
        grid = self.find.grid
        index = grid.indexAt(pos)
        if not index.isValid():
            return
        if not grid.selectionModel().isSelected(index):
            grid.setCurrentIndex(index)
        items = self.find.selected_items()
        if items:
            menu = self.result_menu(items)
            menu.exec(grid.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def result_menu(self, items: list[ResultItem]) -> QMenu:
        """Open, show in folder, copy path, add to library, label, find similar."""
        menu = QMenu(self)
        first = items[0]
        menu.addAction(self.tr("Open"), lambda: file_actions.open_file(first.path))
        menu.addAction(
            self.tr("Show in the file manager"),
            lambda: file_actions.reveal_in_file_manager(first.path),
        )
        menu.addAction(
            self.tr("Copy path") if len(items) == 1 else self.tr("Copy paths"),
            lambda: file_actions.copy_paths([i.path for i in items]),
        )
        menu.addSeparator()
        outside = [i for i in items if i.photo is None]
        if outside:
            menu.addAction(
                self.tr("Add to the library"), lambda: self.add_to_library(outside)
            )
        inside = [i.photo_id for i in items if i.photo_id is not None]
        classes = self.session.classes() if self.session else []
        if inside and classes:
            label_menu = menu.addMenu(self.tr("Label as"))
            for label_class in classes:
                label_menu.addAction(
                    colour_icon(label_class.colour),
                    class_text(label_class),
                    lambda c=label_class.id: self.edits.label(inside, c),
                )
        menu.addAction(self.tr("Find similar photos"), lambda: self.similar_to(first))
        return menu

    def similar_to(self, item: ResultItem) -> None:
        photo = item.photo_id if item.photo_id is not None else item.path
        self.find.query_box.clear()
        self.find.exclude_box.clear()
        self.search_by_photo(photo, item.name)

    def add_to_library(self, items: list[ResultItem]) -> JobHandle | None:
        if self.project is None:
            return None
        job = library.import_job(self.project, [Path(i.path) for i in items])
        return self.services.jobs.submit(
            job,
            on_success=self._on_added,
            on_failure=self.services.show_error,
        )

    def _on_added(self, report: library.ImportReport) -> None:
        if self.session is not None:
            self.session.photos_changed_all()
        # the files are indexed already: only their place in the library changed
        self.stale = False
        self.places.set_stale(False)
        self.services.show_status(
            self.tr("Added {n} photos to the library.").format(n=len(report.added))
        )
        if self.find.page is not None:
            self._run(self.find.page.query)

    def _on_result_opened(self, index: Any) -> None:
        item = self.find.model.item_at(index.row())
        if item is not None:
            file_actions.open_file(item.path)

    def _on_label_key(self, hotkey: int) -> None:
        ids = [i.photo_id for i in self.find.selected_items() if i.photo_id]
        label_class = (
            next((c for c in self.session.classes() if c.hotkey == hotkey), None)
            if self.session
            else None
        )
        if ids and label_class is not None:
            self.edits.label(ids, label_class.id)

    # look-alikes

    def find_look_alikes(self) -> JobHandle | None:
        project = self.project
        if project is None or self.look_handle is not None:
            return None
        from engine.vision.duplicates import DUPLICATES_TITLE

        def run(context: Any) -> LookAlikes:
            pairs = search_calls.duplicate_pairs(project, context)
            items = search_calls.items_of_files(project, list(pairs.files.values()))
            return LookAlikes(pairs, {i.file_id: i for i in items if i.file_id})

        self.duplicates.find_button.setEnabled(False)
        self.look_handle = self.services.jobs.submit(
            Job(DUPLICATES_TITLE, run),
            on_success=self._on_look_alikes,
            on_failure=self._on_look_failed,
            on_cancel=self._look_ended,
        )
        return self.look_handle

    def _on_look_alikes(self, found: LookAlikes) -> None:
        self._look_ended()
        self.duplicates.show_found(found)

    def _on_look_failed(self, exc: BaseException, details: str) -> None:
        self._look_ended()
        self._explain(exc, details)

    def _look_ended(self) -> None:
        self.look_handle = None
        self.duplicates.find_button.setEnabled(True)

    def move_to_trash(self, items: list[ResultItem]) -> None:
        """Confirm, move the chosen files to the trash, and report failures."""
        if self.project is None or not items:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Move to trash"),
            self.tr(
                "Move {n} photos to the trash? You can restore them from the "
                "trash; photos of the library leave the library."
            ).format(n=len(items)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        moved, failed = move_to_trash(items)
        self._after_trash(moved)
        if failed:
            self._report_trash_failures(failed)
        self.services.show_status(
            self.tr("Moved {n} photos to the trash.").format(n=len(moved))
        )

    def _after_trash(self, moved: list[ResultItem]) -> None:
        photo_ids = [i.photo_id for i in moved if i.photo_id is not None]
        if photo_ids and self.project is not None:
            # the files are gone for good from the user's point of view, so
            # their photos leave the library rather than show as missing
            library.remove_photos(self.project, photo_ids)
        for item in moved:
            self.thumbnails.forget(item.id)
            self.look_thumbnails.forget(item.id)
        self.find.model.remove_ids(i.id for i in moved)
        self.duplicates.forget([i.file_id for i in moved if i.file_id])
        if self.session is not None:
            self.session.photos_changed_all()  # marks the index stale too
        self._mark_stale()

    def _report_trash_failures(self, failed: list[tuple[ResultItem, str]]) -> None:
        lines = "\n".join(f"{item.path}: {reason}" for item, reason in failed)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Move to trash"),
            self.tr("{n} photos could not be moved to the trash.").format(
                n=len(failed)
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setDetailedText(lines)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.trash_report = box

    # background calls

    def _quietly(
        self,
        function: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
    ) -> None:
        worker = run_quietly(function, on_result, on_error=on_error, parent=self)
        self._workers.add(worker)
        worker.finished.connect(lambda w=worker: self._workers.discard(w))

    def _wait_for_workers(self) -> None:
        # a query may still read the project that is about to close
        for worker in list(self._workers):
            try:
                worker.wait(10_000)
            except RuntimeError:  # already deleted: it finished
                pass
        self._workers.clear()


class _NamedModel:
    """What ``check_query`` reads of a model, without loading it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.multilingual = name == MULTILINGUAL_SEARCH


def _with_photo(item: ResultItem, photo: Any) -> ResultItem:
    from dataclasses import replace

    return replace(item, photo=photo)


def _is_user_error(exc: BaseException) -> bool:
    from engine.i18n import UserError

    return isinstance(exc, UserError)


def _forget_indexes(project: Project) -> None:
    import sys

    indexing = sys.modules.get("engine.vision.indexing")
    if indexing is not None:  # only if search was used at all
        indexing.forget_open_indexes(project)


def _dropped(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
