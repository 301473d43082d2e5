"""Helpers for the Library and Label pane tests: projects with tiny photos,
drops, and waiting for the library jobs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from engine import labels, library
from engine.project import Project
from tests.engine import imaging


def photos(
    folder: Path, count: int, *, start: int = 0, prefix: str = "p"
) -> list[Path]:
    """``count`` distinct tiny JPEGs named p000.jpg, p001.jpg, ..."""
    return [
        imaging.distinct_jpeg(folder / f"{prefix}{i:03}.jpg", i)
        for i in range(start, start + count)
    ]


def make_project(
    tmp_path: Path, count: int = 6, classes: tuple[str, ...] = ("ants", "bees")
) -> tuple[Path, list[int]]:
    """A closed project with ``count`` unlabeled photos and some classes."""
    path = tmp_path / "Bugs.pictor"
    with Project.create(path) as project:
        photos(tmp_path / "photos", count)
        ids = library.import_paths(project, [tmp_path / "photos"], workers=1).added
        for name in classes:
            labels.add_class(project, name)
    return path, ids


def drop(widget, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(30, 30), actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(30, 30), actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, event)
    return event


def pane(window, key: str):
    window.project_view.show_pane(key)
    return next(p for p in window.project_view.panes if p.key == key)


def wait_for_jobs(qtbot, window, timeout: int = 20000) -> None:
    """Wait until every job has finished and its result was handled."""
    qtbot.waitUntil(lambda: not window.jobs.active(), timeout=timeout)


def class_of(project: Project, photo_ids) -> list[str | None]:
    names = {c.id: c.name for c in labels.list_classes(project)}
    return [names.get(s.class_id) for s in labels.photo_states(project, photo_ids)]
