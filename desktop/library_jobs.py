"""Library work that runs as jobs: import, check files, relink, export.

Each method asks what it needs with a standard dialog (tests patch the
static QFileDialog and QMessageBox methods), submits an engine job and
routes its result to a handler that refreshes the views and reports.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.dialogs.import_report import ImportReportDialog
from engine import library
from engine.media import PHOTO_SUFFIXES

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from desktop.panes.base import PaneServices
    from desktop.workers import JobHandle
    from engine.library import Photo
    from engine.project import Project

log = logging.getLogger(__name__)

# the quick check runs when a project opens and, at most this often, when
# the app comes back to the front (a drive may have been unplugged meanwhile)
QUICK_CHECK_INTERVAL_S = 60.0


class LibraryJobs(QObject):
    """Import, check, relink and export for the session of a pane."""

    def __init__(
        self,
        services: PaneServices,
        session: Callable[[], LibrarySession | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._session = session
        self._parent = parent
        self.last_report: ImportReportDialog | None = None
        self._quick: Project | None = None  # the project being checked
        self._quick_started = float("-inf")

    # import

    def ask_photos(self) -> None:
        suffixes = " ".join(f"*{s}" for s in sorted(PHOTO_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(
            self._parent,
            self.tr("Add photos"),
            "",
            self.tr("Photos ({patterns})").format(patterns=suffixes),
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def ask_folder(self, *, classes_from_folders: bool = False) -> None:
        title = (
            self.tr("Import a folder whose subfolders are the classes")
            if classes_from_folders
            else self.tr("Add a folder of photos")
        )
        folder = QFileDialog.getExistingDirectory(self._parent, title, "")
        if folder:
            self.import_paths([Path(folder)], classes_from_folders=classes_from_folders)

    def import_paths(
        self, paths: Sequence[Path], *, classes_from_folders: bool = False
    ) -> JobHandle | None:
        session = self._session()
        if session is None:
            return None
        job = library.import_job(
            session.project, paths, classes_from_folders=classes_from_folders
        )
        return self._submit(job, self._on_imported)

    def _on_imported(self, report: library.ImportReport) -> None:
        session = self._session()
        if session is not None:
            session.photos_changed_all()
        self._services.show_status(
            self.tr(
                "Added {added} photos; {duplicates} already there; "
                "{problems} could not be used."
            ).format(
                added=len(report.added),
                duplicates=len(report.duplicates),
                problems=len(report.problems),
            )
        )
        if report.problems or report.duplicates:
            if self.last_report is not None:
                self.last_report.deleteLater()
            self.last_report = ImportReportDialog(report, self._parent)
            self.last_report.open()

    # missing files

    def check_files(self) -> JobHandle | None:
        session = self._session()
        if session is None:
            return None
        return self._submit(library.check_files_job(session.project), self._on_checked)

    def _on_checked(self, report: library.FileCheckReport) -> None:
        self._refresh()
        self._services.show_status(
            self.tr(
                "Checked the files: {missing} missing, {damaged} damaged, "
                "{back} found again, {changed} changed."
            ).format(
                missing=len(report.missing),
                damaged=len(report.damaged),
                back=len(report.back),
                changed=len(report.changed),
            )
        )

    def check_quickly(self, *, at_most_every: float = 0.0) -> JobHandle | None:
        """Stat every photo's file in the background (no reading) so photos
        on a moved folder or an unplugged drive show as Missing."""
        session = self._session()
        if session is None or self._quick is session.project:
            return None
        if time.monotonic() - self._quick_started < at_most_every:
            return None
        project = session.project
        self._quick, self._quick_started = project, time.monotonic()
        return self._services.jobs.submit(
            library.check_files_job(project, reread=False),
            on_success=partial(self._on_checked_quickly, project),
            on_failure=partial(self._on_quick_failed, project),
            on_cancel=partial(self._forget_quick, project),
        )

    def _on_checked_quickly(
        self, project: Project, report: library.FileCheckReport
    ) -> None:
        self._forget_quick(project)
        session = self._session()
        changed = report.missing + report.back + report.damaged
        if session is None or session.project is not project or not changed:
            return
        session.forget_thumbnails(report.back)  # try their thumbnails again
        # only those photos repaint: a reset would lose the user's selection
        session.photos_changed.emit(tuple(changed))
        session.classes_changed.emit()
        if report.missing:
            self._services.show_status(
                self.tr(
                    "Photos not found where they were: {n}. They are in the "
                    "Missing view; right-click one and choose Locate folder…"
                ).format(n=len(report.missing))
            )

    def _on_quick_failed(
        self, project: Project, exc: BaseException, details: str
    ) -> None:
        self._forget_quick(project)
        log.error("quick file check failed: %s\n%s", exc, details)

    def _forget_quick(self, project: Project) -> None:
        if self._quick is project:
            self._quick = None

    def locate_folder(self, photo: Photo) -> JobHandle | None:
        """Ask where a missing photo's folder went; relink everything moved."""
        session = self._session()
        if session is None:
            return None
        folder = QFileDialog.getExistingDirectory(
            self._parent,
            self.tr("Where is the folder of “{name}” now?").format(name=photo.name),
            _existing_parent(photo.path),
        )
        if not folder:
            return None
        new_path = Path(folder) / photo.name
        if not new_path.is_file():
            QMessageBox.warning(
                self._parent,
                self.tr("Locate folder"),
                self.tr(
                    "“{name}” is not in “{folder}”. Choose the folder that holds it."
                ).format(name=photo.name, folder=folder),
            )
            return None
        old_prefix, new_prefix = library.relink_prefixes(
            photo.path, os.fspath(new_path)
        )
        job = library.relink_job(session.project, old_prefix, new_prefix)
        return self._submit(job, self._on_relinked)

    def _on_relinked(self, report: library.RelinkReport) -> None:
        self._refresh()
        text = self.tr("Relinked {relinked} photos.").format(
            relinked=len(report.relinked)
        )
        if report.not_found or report.refused:
            text += " " + self.tr("{left} could not be found there.").format(
                left=len(report.not_found) + len(report.refused)
            )
        self._services.show_status(text)

    # export

    def export(self) -> JobHandle | None:
        from desktop.dialogs.export import ask_export

        session = self._session()
        if session is None:
            return None
        answer = ask_export(self._parent)
        if answer is None:
            return None
        fmt, destination = answer
        job = library.export_job(session.project, destination, fmt=fmt)
        return self._submit(job, self._on_exported)

    def _on_exported(self, report: library.ExportReport) -> None:
        text = self.tr("Exported {count} photos to “{path}”.").format(
            count=report.exported, path=report.destination
        )
        if report.problems:
            text += " " + self.tr("{n} could not be copied (see the log).").format(
                n=len(report.problems)
            )
        self._services.show_status(text)

    # jobs

    def _submit(self, job: Any, on_success: Callable[[Any], None]) -> JobHandle:
        return self._services.jobs.submit(
            job,
            on_success=on_success,
            on_failure=self._on_failed,
            on_cancel=self._refresh,
        )

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self._refresh()  # a cancelled or failed import keeps what it committed
        self._services.show_error(exc, details)

    def _refresh(self) -> None:
        session = self._session()
        if session is not None:
            session.photos_changed_all()


def _existing_parent(path: str) -> str:
    folder = Path(path).parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return os.fspath(folder)
