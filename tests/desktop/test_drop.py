"""Dropped files and folders reach the pane that wants them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.panes import register_pane, unregister_pane
from desktop.panes.base import Pane
from tests.desktop.conftest import dispose_window


class FolderPane(Pane):
    key = "folders"
    received: list[list[Path]] = []

    def nav_title(self) -> str:
        return "Folders"

    def accepts_drop(self, paths) -> bool:
        return all(p.is_dir() for p in paths)

    def handle_drop(self, paths) -> None:
        FolderPane.received.append(list(paths))


@pytest.fixture
def folder_pane():
    FolderPane.received = []
    register_pane(FolderPane, position=1)  # asked before the Library pane
    yield FolderPane
    unregister_pane(FolderPane)


def drop(widget, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(20, 20), actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, event)
    return event


def test_dropped_folder_reaches_the_pane_that_accepts_it(
    folder_pane, qtbot, patch_new_project, tmp_path
):
    from desktop.main_window import MainWindow

    window = MainWindow()
    patch_new_project("Drops")
    window.new_project()
    assert window.project_view.current_key() == "overview"
    photos = tmp_path / "照片 2024"
    photos.mkdir()

    event = drop(window, [photos])

    assert event.isAccepted()
    assert folder_pane.received == [[photos]]
    assert window.project_view.current_key() == "folders"
    dispose_window(window)


def test_drop_nobody_wants_says_so(window, folder_pane, patch_new_project, tmp_path):
    patch_new_project("Drops")
    window.new_project()
    note = tmp_path / "tune.mp3"
    note.write_text("hello", encoding="utf-8")
    drop(window, [note])
    assert folder_pane.received == []
    assert "Nothing in this project" in window.statusBar().currentMessage()


def test_drop_without_project_asks_for_one(window, tmp_path):
    drop(window, [tmp_path])
    assert "Open or create a project first" in window.statusBar().currentMessage()


def test_dropping_a_project_folder_opens_it(window, tmp_path):
    from engine.project import Project

    Project.create(tmp_path / "Dropped").close()
    drop(window, [tmp_path / "Dropped.pictor"])
    assert window.project is not None
    assert window.project.name == "Dropped"
