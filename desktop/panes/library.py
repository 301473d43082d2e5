"""The Library pane: import photos, browse them by view, manage the library.

Dropping files or folders on the window imports them here. The side list
picks a view (all, unlabeled, a class, skipped, damaged, missing) with its
count; the grid shows it. Classes, file checks and export live in the
toolbar; the photo's context menu holds the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import library_session
from desktop.dialogs.classes import ClassActions, ClassesDialog
from desktop.library_jobs import QUICK_CHECK_INTERVAL_S
from desktop.panes.base import Pane, PaneServices
from desktop.widgets.filter_list import FilterListWidget
from desktop.widgets.photo_browser import PhotoBrowserWidget
from desktop.widgets.view_controls import SortComboBox, zoom_slider
from engine.library import PhotoFilter
from engine.media import PHOTO_SUFFIXES

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from engine.project import Project


def is_importable(path: Path) -> bool:
    """A folder, or a file with a photo's name ending."""
    return path.is_dir() or path.suffix.lower() in PHOTO_SUFFIXES


class LibraryPane(Pane):
    key = "library"
    icon_name = "SP_DirIcon"

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.session: LibrarySession | None = None
        self.browser = PhotoBrowserWidget(services)
        self.grid = self.browser.grid
        self.model = self.browser.model
        self.jobs = self.browser.jobs
        self.class_actions = ClassActions(
            self.browser.edits, lambda: self.session, self
        )
        self.classes_dialog: ClassesDialog | None = None
        self.filters = FilterListWidget()
        self.sort = SortComboBox()
        self.zoom = zoom_slider(self.grid)
        self.summary = QLabel()
        self.summary.setObjectName("librarySummary")
        self.toolbar = QToolBar()
        self.actions_by_name: dict[str, QAction] = {}
        self._build_toolbar()
        self._build_layout()
        self._connect()
        self.retranslate()

    def _build_toolbar(self) -> None:
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        handlers = {
            "add_photos": self.jobs.ask_photos,
            "add_folder": self.jobs.ask_folder,
            "import_classes": lambda: self.jobs.ask_folder(classes_from_folders=True),
            "check": self.jobs.check_files,
            "classes": self.show_classes,
            "export": self.jobs.export,
        }
        icons = {
            "add_photos": "SP_FileIcon",
            "add_folder": "SP_DirOpenIcon",
            "import_classes": "SP_FileDialogNewFolder",
            "check": "SP_BrowserReload",
            "classes": "SP_FileDialogListView",
            "export": "SP_DialogSaveButton",
        }
        for name, handler in handlers.items():
            pixmap = getattr(self.style().StandardPixmap, icons[name])
            action = QAction(self.style().standardIcon(pixmap), "", self)
            action.triggered.connect(handler)
            self.actions_by_name[name] = action
            self.toolbar.addAction(action)
            if name in ("import_classes", "check"):
                self.toolbar.addSeparator()

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.setContentsMargins(6, 0, 8, 0)
        controls.addWidget(self.toolbar, 1)
        controls.addWidget(self.sort)
        self.zoom_label = QLabel()
        controls.addWidget(self.zoom_label)
        controls.addWidget(self.zoom)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.browser, 1)
        self.summary.setContentsMargins(8, 3, 8, 3)
        right_layout.addWidget(self.summary)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.filters)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 800])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(controls)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.filters.filter_chosen.connect(self.model.set_view)
        self.sort.sort_chosen.connect(
            lambda key, descending: self.model.set_view(sort=key, descending=descending)
        )
        self.model.modelReset.connect(self._update_summary)
        self.model.rowsRemoved.connect(self._update_summary)
        self.model.rowsInserted.connect(self._update_summary)
        self.grid.selectionModel().selectionChanged.connect(self._update_summary)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state_changed)

    def nav_title(self) -> str:
        return self.tr("Library")

    def retranslate(self) -> None:
        texts = {
            "add_photos": self.tr("Add photos…"),
            "add_folder": self.tr("Add folder…"),
            "import_classes": self.tr("Import folder as classes…"),
            "check": self.tr("Check files"),
            "classes": self.tr("Classes…"),
            "export": self.tr("Export…"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)
        self.actions_by_name["import_classes"].setToolTip(
            self.tr("Each subfolder becomes a class and labels its photos")
        )
        self.actions_by_name["check"].setToolTip(
            self.tr("Find photos whose file was moved, deleted or damaged")
        )
        self.zoom_label.setText(self.tr("Size"))
        self.browser.set_empty_text(
            self.tr(
                "No photos yet. Drop photos or folders anywhere on this window, or "
                "use Add photos… and Add folder…. To import photos already sorted "
                "into one folder per class, use Import folder as classes…."
            )
        )
        self._refresh_filters()
        self._update_summary()

    # project

    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        if self.classes_dialog is not None:
            self.classes_dialog.close()
            self.classes_dialog.deleteLater()
            self.classes_dialog = None
        old, self.session = self.session, None
        if old is not None:
            old.classes_changed.disconnect(self._refresh_filters)
            self.browser.set_session(None)
            library_session.release(old)
        if project is not None:
            self.session = library_session.acquire(project)
            self.session.classes_changed.connect(self._refresh_filters)
            self.browser.set_session(self.session)
            self.jobs.check_quickly()  # a drive may be gone since last time
        self._refresh_filters()
        for action in self.actions_by_name.values():
            action.setEnabled(project is not None)

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.jobs.check_quickly(at_most_every=QUICK_CHECK_INTERVAL_S)

    def accepts_drop(self, paths: Sequence[Path]) -> bool:
        return self.session is not None and any(is_importable(p) for p in paths)

    def handle_drop(self, paths: Sequence[Path]) -> None:
        self.jobs.import_paths([p for p in paths if is_importable(p)])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.grid.setFocus()

    # views and classes

    def show_classes(self) -> ClassesDialog | None:
        if self.session is None:
            return None
        if self.classes_dialog is None:
            self.classes_dialog = ClassesDialog(self.session, self.class_actions, self)
        self.classes_dialog.show()
        self.classes_dialog.raise_()
        return self.classes_dialog

    def _refresh_filters(self) -> None:
        self.filters.refresh(self.session, self.model.photo_filter)
        if self.session is not None and self.filters.currentItem() is None:
            self.filters.select_filter(PhotoFilter())
        self._update_summary()

    def _update_summary(self) -> None:
        if self.session is None:
            self.summary.clear()
            return
        shown = self.model.rowCount()
        selected = len(self.grid.selected_rows())
        text = self.tr("{n} photos in this view").format(n=f"{shown:,}")
        if selected:
            text += " · " + self.tr("{n} selected").format(n=f"{selected:,}")
        self.summary.setText(text)
