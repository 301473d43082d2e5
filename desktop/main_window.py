"""The main window: welcome screen or project view, menus, Jobs panel, status.

It composes and wires; project questions live in ``project_actions``, menus
in ``menus``, pane routing in ``project_view`` and jobs in ``workers``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from desktop import preferences, project_actions, session
from desktop.dialogs.error import ErrorDialog, show_error
from desktop.errors import details_of, user_message
from desktop.i18n import install_language
from desktop.menus import Menus
from desktop.models.jobs import JobsModel
from desktop.panes.base import PaneServices
from desktop.panes.welcome import WelcomePane
from desktop.project_view import ProjectView
from desktop.widgets.jobs_panel import JobsDock
from desktop.workers import JobManager
from engine import logs
from engine.i18n import UserError
from engine.project import Project, is_project

log = logging.getLogger(__name__)

QUIT_TIMEOUT = 5.0


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pictorMainWindow")
        self.project: Project | None = None
        self.preferences = preferences.load()
        preferences.put_into_effect(self.preferences)
        self.undo_stack = QUndoStack(self)
        self.jobs = JobManager(self)
        self.jobs_model = JobsModel(self.jobs, self)
        self.last_error: ErrorDialog | None = None
        self.services = PaneServices(
            jobs=self.jobs,
            undo_stack=self.undo_stack,
            show_status=self.show_status,
            show_error=self.show_error,
            preferences=lambda: self.preferences,
        )
        self._build()
        self._connect()
        self.retranslate()
        self._show_welcome()
        self._restore_window_state()

    # composition

    def _build(self) -> None:
        self.welcome = WelcomePane()
        self.project_view = ProjectView(self.services)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.project_view)
        self.setCentralWidget(self.pages)
        self.jobs_dock = JobsDock(self.jobs_model, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.jobs_dock)
        self.menus = Menus(self, self.undo_stack)
        self.menus.fill_view_menu(self.jobs_dock.toggleViewAction())
        self.project_label = QLabel()
        self.statusBar().addPermanentWidget(self.project_label)
        self.setAcceptDrops(True)
        self.resize(1100, 720)

    def _connect(self) -> None:
        a = self.menus.actions
        a["new"].triggered.connect(self.new_project)
        a["open"].triggered.connect(self.open_project_dialog)
        a["close"].triggered.connect(self.close_project)
        a["preferences"].triggered.connect(self.edit_preferences)
        a["models"].triggered.connect(self.show_models)
        a["quit"].triggered.connect(self.close)
        a["log"].triggered.connect(self.show_log)
        a["about"].triggered.connect(self.show_about)
        a["log_folder"].triggered.connect(self.open_log_folder)
        self.menus.recent_menu.aboutToShow.connect(
            lambda: self.menus.fill_recent_menu(self.open_project)
        )
        self.menus.pane_group.triggered.connect(
            lambda action: self.project_view.show_pane(action.data())
        )
        self.project_view.current_changed.connect(self.menus.check_pane)
        self.project_view.panes_built.connect(self._on_panes_built)
        self.welcome.new_requested.connect(self.new_project)
        self.welcome.open_requested.connect(self.open_project_dialog)
        self.welcome.recent_requested.connect(self._on_recent_requested)

    def _on_panes_built(self) -> None:
        panes = self.project_view.built_panes()
        self.menus.add_pane_actions(panes)
        self.menus.set_project_open(self.project is not None, panes)
        self.menus.retranslate(panes)

    def retranslate(self) -> None:
        self.menus.retranslate(self.project_view.built_panes())
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # user actions: projects

    def new_project(self) -> None:
        answer = project_actions.ask_new_project(self)
        if answer is not None:
            name, folder = answer
            self._open_with(lambda: Project.create(folder, name=name))

    def open_project_dialog(self) -> None:
        folder = project_actions.ask_project_folder(self)
        if folder is not None:
            self.open_project(folder)

    def open_project(self, path: str | os.PathLike[str]) -> None:
        self._open_with(lambda: Project.open(path))

    def _on_recent_requested(self, path: str) -> None:
        if is_project(path):
            self.open_project(path)
            return
        session.remove_recent(path)
        self.welcome.refresh()
        self.show_status(
            self.tr(
                "“{path}” was not found and was removed from the recent projects."
            ).format(path=path)
        )

    def _open_with(self, opener: Callable[[], Project]) -> None:
        # Limit: the database check on open runs on the GUI thread, so a very
        # large project pauses the window for a moment while it opens.
        try:
            project = opener()
        except UserError as exc:
            log.warning("cannot open the project: %s", exc)
            self.show_error(exc, details_of(exc))
            return
        except Exception as exc:
            log.exception("opening the project failed")
            self.show_error(exc, details_of(exc))
            return
        self._on_project_opened(project)

    def _on_project_opened(self, project: Project) -> None:
        if self.project is not None:
            self.close_project()
        self.project = project
        session.add_recent(project.path)
        self.project_view.set_project(project)
        self.project_view.show_pane(session.last_pane(project.path) or "")
        self.pages.setCurrentWidget(self.project_view)
        self._update_title()
        self.menus.set_project_open(True, self.project_view.panes)
        self.show_status(self.tr("Opened {name}.").format(name=project.name))

    def close_project(self) -> None:
        project = self.project
        if project is None:
            return
        if self.jobs.active():
            self.jobs.shutdown(QUIT_TIMEOUT)
        session.save_last_pane(project.path, self.project_view.current_key())
        self._save_window_state()
        self.project_view.set_project(None)
        self.undo_stack.clear()
        self.project = None
        project.close()
        self._show_welcome()

    def _show_welcome(self) -> None:
        self.welcome.refresh()
        self.pages.setCurrentWidget(self.welcome)
        self.menus.set_project_open(False, self.project_view.built_panes())
        self._update_title()

    def _update_title(self) -> None:
        name = self.project.name if self.project is not None else ""
        self.setWindowTitle(f"{name} — Pictor" if name else "Pictor")
        self.project_label.setText(
            self.tr("Project: {name}").format(name=name) if name else ""
        )

    # user actions: drops

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if _dropped_paths(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if _dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = _dropped_paths(event)
        if not paths:
            return
        event.acceptProposedAction()
        self.handle_drop(paths)

    def handle_drop(self, paths: list[Path]) -> None:
        """Open a dropped project; otherwise give the paths to a pane."""
        if len(paths) == 1 and is_project(paths[0]):
            self.open_project(paths[0])
        elif self.project is None:
            self.show_status(
                self.tr(
                    "Open or create a project first, then drop your photos onto it."
                )
            )
        elif self.project_view.route_drop(paths) is None:
            self.show_status(
                self.tr("Nothing in this project can use the dropped files.")
            )

    # user actions: dialogs

    def edit_preferences(self) -> None:
        from desktop.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.preferences, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.apply_preferences(dialog.result_preferences())
        )
        dialog.open()

    def apply_preferences(self, prefs: preferences.Preferences) -> None:
        previous, self.preferences = self.preferences, prefs
        preferences.save(prefs)
        preferences.put_into_effect(prefs)
        if prefs.language != previous.language:
            install_language(prefs.language)

    def show_models(self) -> None:
        from desktop.dialogs.models import ModelsDialog

        dialog = ModelsDialog(self.jobs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_log(self) -> None:
        from desktop.dialogs.log_view import LogDialog

        dialog = LogDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_about(self) -> None:
        from desktop.dialogs.about import AboutDialog

        AboutDialog(self).open()

    def open_log_folder(self) -> None:
        folder = logs.log_file().parent
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(os.fspath(folder)))

    # feedback

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_error(self, exc: BaseException, details: str) -> None:
        self.last_error = show_error(self, user_message(exc), details)

    # window state and quitting

    def _save_window_state(self) -> None:
        session.save_bytes("geometry", self.saveGeometry())
        session.save_bytes("state", self.saveState())
        session.save_bytes("splitter", self.project_view.splitter.saveState())

    def _restore_window_state(self) -> None:
        geometry = session.load_bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = session.load_bytes("state")
        if state is None or not self.restoreState(state):
            self.resizeDocks([self.jobs_dock], [150], Qt.Orientation.Vertical)
        splitter = session.load_bytes("splitter")
        if splitter is not None:
            self.project_view.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        stuck = self.jobs.shutdown(QUIT_TIMEOUT)
        if stuck:
            log.warning("quitting with jobs still running: %s", ", ".join(stuck))
        if self.project is not None:
            self.close_project()
        self._save_window_state()
        super().closeEvent(event)


def _dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
