"""The Library pane: drop to import, the import report, folder-as-classes,
views and counts, sorting, class merge and delete with undo, missing files
and relinking, thumbnails, removal."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from engine import labels, library
from engine.library import PhotoFilter, Show
from tests.desktop.library_helpers import (
    class_of,
    drop,
    make_project,
    pane,
    photos,
    wait_for_jobs,
)
from tests.engine import imaging


@pytest.fixture
def library_window(window, patch_new_project):
    patch_new_project("Bugs")
    window.new_project()
    return window


def names_shown(model) -> list[str]:
    return [model.photo_at(row).name for row in range(model.rowCount())]


def test_dropped_folder_is_imported_with_a_report_of_bad_files(
    library_window, qtbot, tmp_path
):
    window = library_window
    folder = tmp_path / "Drop 照片"
    photos(folder, 3)
    shutil.copy(folder / "p000.jpg", folder / "p000 copy.jpg")
    imaging.truncated_jpeg(folder / "cut.jpg")
    imaging.text_as_jpeg(folder / "list.jpg")
    imaging.empty_file(folder / "empty.jpg")

    drop(window, [folder])
    wait_for_jobs(qtbot, window)

    library_pane = pane(window, "library")
    assert window.project_view.current_key() == "library"
    assert library_pane.model.rowCount() == 3
    report = library_pane.jobs.last_report
    assert report is not None
    assert report.isVisible()
    reasons = dict(report.rows())
    assert reasons[str(folder / "cut.jpg")] == "The file is truncated or damaged"
    assert reasons[str(folder / "list.jpg")] == "The file is not a photo"
    assert reasons[str(folder / "empty.jpg")] == "The file is empty"
    same = [r for r in reasons.values() if r.startswith("The same photo as")]
    assert len(same) == 1
    assert "Added: 3 photos" in report.summary.text()
    assert "Could not be used: 3" in report.summary.text()

    drop(window, [folder])
    wait_for_jobs(qtbot, window)

    assert library_pane.model.rowCount() == 3
    again = dict(library_pane.jobs.last_report.rows())
    assert again[str(folder / "p001.jpg")].startswith("Already in the library")


def test_import_folder_as_classes_labels_the_photos(
    library_window, qtbot, tmp_path, monkeypatch
):
    window = library_window
    root = tmp_path / "hymenoptera"
    photos(root / "ants", 3)
    photos(root / "bees", 2, start=10)
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(root))
    )
    library_pane = pane(window, "library")

    library_pane.actions_by_name["import_classes"].trigger()
    wait_for_jobs(qtbot, window)

    project = window.project
    assert [c.name for c in labels.list_classes(project)] == ["ants", "bees"]
    assert library.count_photos(project, PhotoFilter(Show.UNLABELED)) == 0
    ants = labels.require_class(project, "ants")
    assert library_pane.filters.count_of(PhotoFilter.of_class(ants.id)) == 3
    assert library_pane.filters.count_of(PhotoFilter()) == 5
    assert library_pane.jobs.last_report is None  # nothing to report


def test_views_show_their_counts_and_sort_by_name(window, qtbot, tmp_path):
    project_path, ids = make_project(tmp_path, count=0)
    folder = tmp_path / "named"
    for name, seed in (("b.jpg", 1), ("A.jpg", 2), ("c.jpg", 3), ("d.jpg", 4)):
        imaging.distinct_jpeg(folder / name, seed)
    window.open_project(project_path)
    library_pane = pane(window, "library")
    library_pane.jobs.import_paths([folder])
    wait_for_jobs(qtbot, window)
    project = window.project
    ants = labels.require_class(project, "ants")
    by_name = {
        p.name: p.id for p in library.get_photos(project, library_pane.model.ids())
    }
    labels.label_photos(project, [by_name["b.jpg"]], ants.id)
    (folder / "d.jpg").unlink()
    library_pane.jobs.check_files()
    wait_for_jobs(qtbot, window)
    model, filters = library_pane.model, library_pane.filters

    assert names_shown(model) == ["A.jpg", "b.jpg", "c.jpg", "d.jpg"]
    filters.select_filter(PhotoFilter(Show.UNLABELED))
    assert sorted(names_shown(model)) == ["A.jpg", "c.jpg"]
    assert filters.count_of(PhotoFilter(Show.UNLABELED)) == 2
    filters.select_filter(PhotoFilter.of_class(ants.id))
    assert names_shown(model) == ["b.jpg"]
    filters.select_filter(PhotoFilter(Show.MISSING))
    assert names_shown(model) == ["d.jpg"]
    assert filters.count_of(PhotoFilter(Show.MISSING)) == 1

    filters.select_filter(PhotoFilter())
    library_pane.sort.choose(library.SortKey.DATE_ADDED)
    assert model.rowCount() == 4
    library_pane.sort.choose(library.SortKey.NAME)
    assert names_shown(model) == ["A.jpg", "b.jpg", "c.jpg", "d.jpg"]


def test_merge_two_classes_then_undo(window, qtbot, tmp_path, monkeypatch):
    project_path, ids = make_project(tmp_path, count=4)
    with_labels(project_path, {"ants": ids[:2], "bees": ids[2:3]})
    window.open_project(project_path)
    library_pane = pane(window, "library")
    project = window.project
    ants = labels.require_class(project, "ants")
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda *a, **k: ("bees", True))
    )
    dialog = library_pane.show_classes()
    dialog.select_class(ants.id)

    dialog.buttons["merge"].click()

    assert [c.name for c in labels.list_classes(project)] == ["bees"]
    assert class_of(project, ids) == ["bees", "bees", "bees", None]
    assert dialog.model.rowCount() == 1
    assert "Merge" in window.menus.actions["undo"].text()

    window.menus.actions["undo"].trigger()

    assert [c.name for c in labels.list_classes(project)] == ["ants", "bees"]
    assert class_of(project, ids) == ["ants", "ants", "bees", None]
    ants_filter = PhotoFilter.of_class(ants.id)
    assert library_pane.filters.count_of(ants_filter) == 2


def test_delete_a_class_says_how_many_photos_then_undo(
    window, qtbot, tmp_path, monkeypatch
):
    project_path, ids = make_project(tmp_path, count=4)
    with_labels(project_path, {"ants": ids[:3]})
    window.open_project(project_path)
    library_pane = pane(window, "library")
    project = window.project
    ants = labels.require_class(project, "ants")
    asked = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    library_pane.class_actions.delete(ants.id)

    assert "Its 3 photos become unlabeled" in asked[0]
    assert [c.name for c in labels.list_classes(project)] == ["bees"]
    assert class_of(project, ids) == [None] * 4
    assert library_pane.filters.count_of(PhotoFilter(Show.UNLABELED)) == 4

    window.undo_stack.undo()

    assert class_of(project, ids) == ["ants", "ants", "ants", None]
    assert library_pane.filters.count_of(PhotoFilter(Show.UNLABELED)) == 1
    window.undo_stack.redo()
    assert class_of(project, ids) == [None] * 4


def test_moved_folder_goes_missing_then_is_relinked(
    window, qtbot, tmp_path, monkeypatch
):
    project_path, ids = make_project(tmp_path, count=3)
    window.open_project(project_path)
    library_pane = pane(window, "library")
    project = window.project
    moved = tmp_path / "moved" / "photos"
    moved.parent.mkdir()
    (tmp_path / "photos").rename(moved)

    library_pane.jobs.check_files()
    wait_for_jobs(qtbot, window)

    assert library_pane.filters.count_of(PhotoFilter(Show.MISSING)) == 3
    assert {p.status for p in library.get_photos(project, ids)} == {"missing"}
    library_pane.filters.select_filter(PhotoFilter(Show.MISSING))
    assert library_pane.model.rowCount() == 3
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(moved))
    )

    library_pane.jobs.locate_folder(library_pane.model.photo_at(0))
    wait_for_jobs(qtbot, window)

    assert {p.status for p in library.get_photos(project, ids)} == {"ok"}
    assert all(p.path.startswith(str(moved)) for p in library.get_photos(project, ids))
    assert library_pane.filters.count_of(PhotoFilter(Show.MISSING)) == 0
    assert "Relinked 3 photos" in window.statusBar().currentMessage()


def test_locating_the_wrong_folder_says_so(window, qtbot, tmp_path, monkeypatch):
    project_path, ids = make_project(tmp_path, count=1)
    window.open_project(project_path)
    library_pane = pane(window, "library")
    shutil.rmtree(tmp_path / "photos")
    library_pane.jobs.check_files()
    wait_for_jobs(qtbot, window)
    warnings = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a: warnings.append(a[2]))
    )

    handle = library_pane.jobs.locate_folder(library.get_photo(window.project, ids[0]))

    assert handle is None
    assert "is not in" in warnings[0]
    assert library.get_photo(window.project, ids[0]).status == "missing"


def test_thumbnails_arrive_and_a_damaged_photo_is_marked(window, qtbot, tmp_path):
    project_path, ids = make_project(tmp_path, count=3)
    broken = tmp_path / "photos" / "p001.jpg"
    broken.write_bytes(broken.read_bytes()[:150])
    window.open_project(project_path)
    library_pane = pane(window, "library")
    session = library_pane.session
    library_pane.grid.viewport().repaint()

    qtbot.waitUntil(lambda: len(session.pixmaps) == 2, timeout=10000)
    qtbot.waitUntil(
        lambda: library_pane.filters.count_of(PhotoFilter(Show.DAMAGED)) == 1,
        timeout=10000,
    )
    assert library.get_photo(window.project, ids[1]).status == "damaged"
    assert session.pixmaps.get(ids[0]) is not None


def test_remove_from_library_and_undo(window, qtbot, tmp_path):
    project_path, ids = make_project(tmp_path, count=3)
    with_labels(project_path, {"ants": ids[:1]})
    window.open_project(project_path)
    library_pane = pane(window, "library")
    library_pane.browser.select_row(0)

    library_pane.browser.edits.remove(library_pane.browser.selected_ids())

    assert library_pane.model.rowCount() == 2
    assert (tmp_path / "photos" / "p000.jpg").is_file()  # the file stays
    window.undo_stack.undo()
    assert library_pane.model.rowCount() == 3
    assert class_of(window.project, ids[:1]) == ["ants"]


def test_context_menu_offers_only_what_applies(window, qtbot, tmp_path):
    from desktop.widgets.photo_menu import build_photo_menu

    project_path, ids = make_project(tmp_path, count=2)
    window.open_project(project_path)
    browser = pane(window, "library").browser
    photo = browser.model.photo_at(0)

    texts = [a.text() for a in build_photo_menu(browser, [photo], browser).actions()]

    assert "Show in the file manager" in texts
    assert "Locate folder…" not in texts  # only for missing photos
    assert "Remove from the library" in texts


def with_labels(project_path, by_class: dict[str, list[int]]) -> None:
    from engine.project import Project

    with Project.open(project_path) as project:
        for name, photo_ids in by_class.items():
            labels.label_photos(
                project, photo_ids, labels.require_class(project, name).id
            )


def test_select_all_and_export_class_folders(window, qtbot, tmp_path, monkeypatch):
    project_path, ids = make_project(tmp_path, count=4)
    window.open_project(project_path)
    library_pane = pane(window, "library")
    library_pane.browser.select_row(0)
    QTest.keyClick(library_pane.grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(library_pane.grid, Qt.Key.Key_2)
    assert class_of(window.project, ids) == ["bees"] * 4
    target = tmp_path / "export"
    monkeypatch.setattr(
        "desktop.dialogs.export.ask_export", lambda *a, **k: ("folders", target)
    )

    library_pane.jobs.export()
    wait_for_jobs(qtbot, window)

    exported = sorted(p.relative_to(target).parts[:2] for p in target.rglob("*.jpg"))
    assert len(exported) == 4
    assert {folder for _, folder in exported} == {"bees"}
    assert "Exported 4 photos" in window.statusBar().currentMessage()


# files that went missing while the project was closed


def test_opening_a_project_marks_photos_of_a_missing_drive(window, qtbot, tmp_path):
    project_path, ids = make_project(tmp_path, count=3)
    (tmp_path / "photos").rename(tmp_path / "unplugged")

    window.open_project(project_path)

    titles = [handle.job.title for handle in window.jobs.active()]
    assert "Check photo files" in titles  # in the background: the window is up
    wait_for_jobs(qtbot, window)
    library_pane = pane(window, "library")
    assert library_pane.filters.count_of(PhotoFilter(Show.MISSING)) == 3
    tip = library_pane.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Missing: the file is not there." in tip
    assert "Photos not found where they were: 3" in window.statusBar().currentMessage()


def test_coming_back_to_the_app_checks_the_files_again(
    window, qtbot, tmp_path, monkeypatch
):
    from PySide6.QtGui import QGuiApplication

    project_path, ids = make_project(tmp_path, count=2)
    window.open_project(project_path)
    wait_for_jobs(qtbot, window)
    library_pane = pane(window, "library")
    app = QGuiApplication.instance()
    (tmp_path / "photos").rename(tmp_path / "unplugged")

    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert not window.jobs.active()  # checked a moment ago: not again yet
    monkeypatch.setattr("desktop.panes.library.QUICK_CHECK_INTERVAL_S", 0.0)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    wait_for_jobs(qtbot, window)

    assert library_pane.filters.count_of(PhotoFilter(Show.MISSING)) == 2


def test_the_viewer_says_why_a_photo_cannot_be_shown(window, qtbot, tmp_path):
    project_path, ids = make_project(tmp_path, count=2)
    window.open_project(project_path)
    wait_for_jobs(qtbot, window)
    library_pane = pane(window, "library")
    session, browser = library_pane.session, library_pane.browser
    library_pane.grid.viewport().repaint()
    qtbot.waitUntil(lambda: len(session.pixmaps) == 2, timeout=10000)
    cut = tmp_path / "photos" / "p000.jpg"
    cut.write_bytes(cut.read_bytes()[:150])  # damaged after its thumbnail

    browser.open_viewer(0)

    problem = browser.viewer.problem
    qtbot.waitUntil(problem.isVisible, timeout=10000)
    photo = library.get_photo(window.project, ids[0])
    assert photo.status == "damaged"
    assert problem.text() == f"“p000.jpg” cannot be shown: {photo.reason_message}"
    assert library_pane.filters.count_of(PhotoFilter(Show.DAMAGED)) == 1
    browser.viewer.step.emit(1)
    assert not problem.isVisible()  # the next photo shows fine


# the Classes dialog


def classes_dialog(window, tmp_path, ants=0):
    """The Classes dialog of 4 photos, the first ``ants`` labelled ants."""
    project_path, ids = make_project(tmp_path, count=4)
    with_labels(project_path, {"ants": ids[:ants]})
    window.open_project(project_path)
    library_pane = pane(window, "library")
    dialog = library_pane.show_classes()
    return library_pane, dialog, ids


def table_texts(dialog) -> list[list[str]]:
    model = dialog.model
    return [
        [model.index(row, col).data() for col in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_rename_recolour_and_hotkey_from_the_classes_dialog(
    window, qtbot, tmp_path, monkeypatch
):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QColorDialog

    library_pane, dialog, ids = classes_dialog(window, tmp_path, ants=1)
    ants = labels.require_class(window.project, "ants")
    dialog.select_class(ants.id)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Ameisen", True))
    )
    monkeypatch.setattr(
        QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor("#123456"))
    )
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda *a, **k: ("2", True))
    )

    dialog.buttons["rename"].click()
    dialog.buttons["colour"].click()
    dialog.buttons["hotkey"].click()  # bees had 2: it loses it

    split = labels.split_counts(window.project)[ants.id]
    assert table_texts(dialog) == [
        ["Ameisen", "2", "1", f"{split.train} · {split.val}"],
        ["bees", "", "0", "0 · 0"],
    ]
    assert dialog.selected_class_id() == ants.id  # still chosen after each edit
    assert labels.get_class(window.project, ants.id).colour == "#123456"
    entry = library_pane.filters.item(2)
    assert entry.text() == "Ameisen"
    assert entry.icon().pixmap(12, 12).toImage().pixelColor(6, 6) == QColor("#123456")
    assert window.undo_stack.count() == 3


def test_ctrl_z_and_ctrl_shift_z_work_inside_the_classes_dialog(
    window, qtbot, tmp_path, monkeypatch
):
    library_pane, dialog, ids = classes_dialog(window, tmp_path)
    dialog.select_class(labels.require_class(window.project, "ants").id)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("wasps", True))
    )
    dialog.buttons["rename"].click()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    names = lambda: [row[0] for row in table_texts(dialog)]  # noqa: E731
    assert names() == ["wasps", "bees"]

    QTest.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names() == ["ants", "bees"]
    QTest.keyClick(
        dialog.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert names() == ["wasps", "bees"]
    assert dialog.undo_action.text().startswith("Undo")


@pytest.mark.parametrize(
    ("labelled", "sentence"),
    [
        (0, "No photo is labelled with it."),
        (1, "Its one photo becomes unlabeled."),
        (2, "Its 2 photos become unlabeled."),
    ],
)
def test_deleting_a_class_words_its_photo_count(
    window, tmp_path, monkeypatch, labelled, sentence
):
    library_pane, dialog, ids = classes_dialog(window, tmp_path, ants=labelled)
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No),
    )
    dialog.select_class(labels.require_class(window.project, "ants").id)

    dialog.buttons["delete"].click()

    assert sentence in asked[0]
    assert [c.name for c in labels.list_classes(window.project)] == ["ants", "bees"]


def test_the_classes_dialog_follows_a_language_switch(window, qtbot, tmp_path):
    from desktop.i18n import install_language

    library_pane, dialog, ids = classes_dialog(window, tmp_path)
    assert dialog.buttons["add"].text() == "Add…"

    install_language("zh_CN")

    qtbot.waitUntil(lambda: dialog.buttons["add"].text() == "添加…")
    assert dialog.buttons["merge"].text() == "合并到…"
    assert dialog.windowTitle() == "类别"
    assert dialog.model.headerData(0, Qt.Orientation.Horizontal) == "类别"


def test_pin_a_photo_to_a_set_from_its_context_menu(window, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    project_path, ids = make_project(tmp_path, count=3)
    window.open_project(project_path)
    library_pane = pane(window, "library")
    grid = library_pane.grid
    auto = library.get_photo(window.project, ids[1]).split
    target = "Training set" if auto == "val" else "Validation set"
    chosen = []

    def pick():  # runs inside the menu's own event loop
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, pick)
            return
        sets = next(a.menu() for a in menu.actions() if a.text() == "Put in set")
        action = next(a for a in sets.actions() if a.text() == target)
        chosen.append(action.text())
        menu.close()
        action.trigger()

    QTimer.singleShot(0, pick)
    pos = grid.visualRect(library_pane.model.index(1)).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, grid.viewport().mapToGlobal(pos)
    )

    QApplication.sendEvent(grid.viewport(), event)

    assert chosen == [target]
    pinned = "train" if auto == "val" else "val"
    photo = library.get_photo(window.project, ids[1])
    assert (photo.split, photo.split_pinned) == (pinned, pinned)
    tip = library_pane.model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert f"{target} (pinned)" in tip
    window.undo_stack.undo()
    assert library.get_photo(window.project, ids[1]).split_pinned is None


def test_export_a_csv_through_the_export_dialog(window, qtbot, tmp_path):
    import csv

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from desktop.dialogs.export import ExportDialog

    project_path, ids = make_project(tmp_path, count=3)
    with_labels(project_path, {"ants": ids[:2]})
    window.open_project(project_path)
    library_pane = pane(window, "library")
    target = tmp_path / "out" / "bugs.csv"

    def fill_in():  # runs inside the dialog's own event loop
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, ExportDialog) and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(20, fill_in)
            return
        shown[0].csv.click()
        shown[0].destination.setText(str(target))
        shown[0].buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_in)
    library_pane.actions_by_name["export"].trigger()
    wait_for_jobs(qtbot, window)

    with target.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    splits = {i.photo_id: i.split for i in labels.dataset(window.project)}
    photos = library.get_photos(window.project, ids[:2])
    assert rows == [["path", "label", "split"]] + [
        [p.path, "ants", splits[p.id]] for p in photos
    ]
    assert "Exported 2 photos" in window.statusBar().currentMessage()
