"""The base class of every pane in the project view, and what a pane may use.

A pane is a QWidget subclass of :class:`Pane`. It overrides :meth:`nav_title`
(translated with ``self.tr``), sets ``key`` (a stable id saved in settings)
and ``icon_name``, and may override :meth:`set_project`, :meth:`accepts_drop`,
:meth:`handle_drop` and :meth:`retranslate`. It reaches the rest of the app
only through :class:`PaneServices`: the job manager, the window's undo stack,
the status bar, the error dialog and the current preferences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QEvent
from PySide6.QtGui import QIcon, QUndoStack
from PySide6.QtWidgets import QStyle, QWidget

from desktop.preferences import Preferences
from desktop.workers import JobManager

if TYPE_CHECKING:
    from engine.project import Project


@dataclass(frozen=True)
class PaneServices:
    """What the window lends to its panes.

    ``undo_stack``: push one QUndoCommand per user edit (Edit ▸ Undo/Redo
    follow it; the stack is cleared when the project closes).
    ``show_status(text)``: a short message in the status bar.
    ``show_error(exc, details)``: the one-sentence error dialog.
    """

    jobs: JobManager
    undo_stack: QUndoStack
    show_status: Callable[[str], None]
    show_error: Callable[[BaseException, str], None]
    preferences: Callable[[], Preferences]


class Pane(QWidget):
    """One workspace of the project view (Overview, Library, Label, ...)."""

    key: ClassVar[str] = ""
    # a resource icon (resources/icons/NAME.svg) or a QStyle standard pixmap name
    icon_name: ClassVar[str] = "SP_FileIcon"

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.project: Project | None = None

    def nav_title(self) -> str:
        """The pane's name in the navigation and the View menu, translated."""
        raise NotImplementedError

    def icon(self) -> QIcon:
        from resources import path as resource_path

        svg = resource_path("icons", f"{self.icon_name}.svg")
        if svg.is_file():
            return QIcon(str(svg))
        pixmap = getattr(QStyle.StandardPixmap, self.icon_name, None)
        return self.style().standardIcon(pixmap) if pixmap is not None else QIcon()

    def set_project(self, project: Project | None) -> None:
        """Show ``project``, or nothing when it is None (project closed)."""
        self.project = project

    def accepts_drop(self, paths: Sequence[Path]) -> bool:
        """Whether dropped files or folders mean something to this pane."""
        return False

    def handle_drop(self, paths: Sequence[Path]) -> None:
        """Act on dropped files or folders (called only if accepts_drop)."""

    def retranslate(self) -> None:
        """Set every visible string again; called on a language change."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
