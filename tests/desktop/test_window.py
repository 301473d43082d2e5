"""The welcome screen, creating and reopening projects, window state."""

from __future__ import annotations

from PySide6.QtCore import QByteArray

from desktop import session
from desktop.main_window import MainWindow
from desktop.panes import register_pane, unregister_pane
from desktop.panes.base import Pane
from desktop.panes.welcome import MissingRole
from engine.store import schema_version
from tests.desktop.conftest import dispose_window


class NotesPane(Pane):
    key = "notes"

    def nav_title(self) -> str:
        return "Notes"


def _overview(win: MainWindow):
    return next(p for p in win.project_view.panes if p.key == "overview")


def test_new_project_from_welcome_shows_overview(window, patch_new_project):
    assert window.pages.currentWidget() is window.welcome
    expected = patch_new_project("Holiday photos")

    window.welcome._new.click()

    assert (expected / "project.db").is_file()
    assert window.pages.currentWidget() is window.project_view
    overview = _overview(window)
    assert overview._title.text() == "Holiday photos"
    assert overview._values["folder"].text() == str(expected)
    assert overview._values["schema"].text() == str(schema_version())
    assert "Holiday photos" in window.windowTitle()
    assert "Holiday photos" in window.project_label.text()
    assert overview._values["photos"].text() == "none yet"
    assert overview._hint.text().startswith("Next, add photos")


def test_overview_counts_what_the_project_holds(window, qtbot, tmp_path):
    from desktop.i18n import install_language
    from engine import library
    from engine.project import Project
    from tests.engine import imaging

    for i in range(6):
        imaging.distinct_jpeg(
            tmp_path / "in" / ("ants" if i < 3 else "bees") / f"{i}.jpg", i
        )
    with Project.create(tmp_path / "Insects") as project:
        library.import_paths(project, [tmp_path / "in"], classes_from_folders=True)
        path = project.path

    window.open_project(path)

    overview = _overview(window)
    window.project_view.show_pane("overview")
    values = overview._values
    assert values["photos"].text() == "6 (labelled 6 · unlabeled 0)"
    assert values["classes"].text() == "2"
    assert values["classifier"].text() == "not trained yet"
    assert values["search"].text() == "none yet: index them in Search"
    assert "at least two classes with 5 photos" in overview._hint.text()

    install_language("zh_CN")
    qtbot.waitUntil(lambda: overview._captions["photos"].text() == "照片：")
    assert "已标注 6" in values["photos"].text()
    assert "类别" in overview._hint.text()


def test_reopen_from_recent_restores_pane_and_geometry(qtbot, patch_new_project):
    register_pane(NotesPane)
    try:
        first = MainWindow()
        first.show()
        folder = patch_new_project("Birds")
        first.new_project()
        first.project_view.show_pane("notes")
        # near the screen's size: above every pane's minimum, inside the screen
        screen = first.screen().availableGeometry()
        size = (screen.width() - 5, screen.height() - 50)
        first.resize(*size)
        splitter_sizes = [230, 670]
        first.project_view.splitter.setSizes(splitter_sizes)
        splitter_sizes = first.project_view.splitter.sizes()
        dispose_window(first)
        assert session.recent_projects() == [str(folder)]

        second = MainWindow()
        second.show()
        recent = second.welcome._recent
        assert recent.count() == 1
        recent.itemActivated.emit(recent.item(0))

        assert second.project is not None
        assert second.project.path == folder
        assert second.project_view.current_key() == "notes"
        assert (second.width(), second.height()) == size
        assert second.project_view.splitter.sizes() == splitter_sizes
        dispose_window(second)
    finally:
        unregister_pane(NotesPane)


def test_missing_recent_project_is_greyed_then_removed(window, tmp_path):
    gone = tmp_path / "Gone.pictor"
    session.add_recent(gone)
    window.welcome.refresh()
    item = window.welcome._recent.item(0)
    assert item.data(MissingRole) is True
    assert "not found" in item.text()

    window.welcome._recent.itemActivated.emit(item)

    assert session.recent_projects() == []
    assert window.project is None
    assert "removed" in window.statusBar().currentMessage()


def test_close_project_returns_to_welcome_and_releases_it(window, patch_new_project):
    from engine.project import Project

    folder = patch_new_project("Cats")
    window.new_project()
    window.menus.actions["close"].trigger()

    assert window.project is None
    assert window.pages.currentWidget() is window.welcome
    assert not window.menus.actions["close"].isEnabled()
    with Project.open(folder) as again:  # the lock was released
        assert again.name == "Cats"


def test_window_state_bytes_survive_in_settings(window):
    window.close()
    assert isinstance(session.load_bytes("geometry"), QByteArray)
    assert isinstance(session.load_bytes("state"), QByteArray)


def test_project_name_with_a_slash_is_refused(window, patch_new_project, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *args: warnings.append(args[2]))
    )
    folder = patch_new_project("a/b")
    window.new_project()
    assert window.project is None
    assert not folder.exists()
    assert "cannot contain" in warnings[0]
