"""The Label pane: digit keys label the selection, Ctrl+A then a digit
labels a whole view in one step, undo and redo restore the engine state,
S skips, 0 unlabels, and the viewer labels and moves on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine import labels
from tests.desktop.library_helpers import class_of, make_project, pane


@pytest.fixture
def labelling(window, tmp_path):
    """The window on a project of 6 photos and classes ants (1), bees (2)."""
    project_path, ids = make_project(tmp_path, count=6)
    window.open_project(project_path)
    label_pane = pane(window, "label")
    return window, label_pane, ids


def key(widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, k, modifier)


def test_a_digit_labels_the_current_photo_and_moves_on(labelling):
    window, label_pane, ids = labelling
    label_pane.browser.select_row(0)

    key(label_pane.grid, Qt.Key.Key_1)

    assert class_of(window.project, ids[:2]) == ["ants", None]
    assert label_pane.grid.currentIndex().row() == 1
    key(label_pane.grid, Qt.Key.Key_2)
    assert class_of(window.project, ids[:3]) == ["ants", "bees", None]
    assert (
        "ants  ·  1"
        in label_pane.class_bar.class_buttons[
            labels.require_class(window.project, "ants").id
        ].text()
    )


def test_select_all_then_a_digit_labels_everything_in_one_undo_step(labelling):
    window, label_pane, ids = labelling
    label_pane.browser.select_row(0)
    key(label_pane.grid, Qt.Key.Key_1)

    key(label_pane.grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(label_pane.grid.selected_rows()) == 6
    key(label_pane.grid, Qt.Key.Key_2)

    assert class_of(window.project, ids) == ["bees"] * 6
    assert window.undo_stack.count() == 2
    window.menus.actions["undo"].trigger()
    assert class_of(window.project, ids) == ["ants"] + [None] * 5
    window.menus.actions["redo"].trigger()
    assert class_of(window.project, ids) == ["bees"] * 6
    assert label_pane.progress.value() == 6


def test_skip_and_unlabel_keys(labelling):
    window, label_pane, ids = labelling
    label_pane.browser.advance_after_label = False
    label_pane.browser.select_row(2)

    key(label_pane.grid, Qt.Key.Key_S)
    state = labels.photo_states(window.project, [ids[2]])[0]
    assert state.skipped
    assert state.class_id is None

    key(label_pane.grid, Qt.Key.Key_1)
    key(label_pane.grid, Qt.Key.Key_Backspace)
    assert class_of(window.project, [ids[2]]) == [None]
    key(label_pane.grid, Qt.Key.Key_2)
    key(label_pane.grid, Qt.Key.Key_0)
    assert class_of(window.project, [ids[2]]) == [None]
    window.undo_stack.undo()
    assert class_of(window.project, [ids[2]]) == ["bees"]


def test_a_digit_without_a_class_says_so(labelling):
    window, label_pane, ids = labelling
    label_pane.browser.select_row(0)

    key(label_pane.grid, Qt.Key.Key_7)

    assert class_of(window.project, ids[:1]) == [None]
    assert "No class has the key 7" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_the_viewer_labels_and_jumps_to_the_next_unlabeled(labelling):
    window, label_pane, ids = labelling
    browser = label_pane.browser
    bees = labels.require_class(window.project, "bees").id
    labels.label_photos(window.project, [ids[1]], bees)  # done: passed over
    browser.select_row(0)

    key(label_pane.grid, Qt.Key.Key_Return)
    assert browser.viewer_open()
    assert browser.viewer_photo().id == ids[0]
    assert browser.viewer.position.text() == "1 of 6"

    key(browser.viewer.view, Qt.Key.Key_1)

    assert class_of(window.project, ids[:1]) == ["ants"]
    assert browser.viewer_photo().id == ids[2]
    key(browser.viewer.view, Qt.Key.Key_S)
    assert browser.viewer_photo().id == ids[3]
    key(browser.viewer.view, Qt.Key.Key_Left)
    assert browser.viewer_photo().id == ids[2]
    assert browser.viewer.chip.text() == "Skipped"
    key(browser.viewer.view, Qt.Key.Key_Escape)
    assert not browser.viewer_open()
    assert label_pane.grid.currentIndex().row() == 2


def test_viewer_zoom_keys_and_fit(labelling):
    window, label_pane, ids = labelling
    browser = label_pane.browser
    browser.select_row(0)
    key(label_pane.grid, Qt.Key.Key_Space)
    view = browser.viewer.view
    start = view.zoom_factor()

    key(view, Qt.Key.Key_Plus)
    assert view.zoom_factor() > start
    key(view, Qt.Key.Key_F)
    assert view.zoom_factor() == pytest.approx(start)


def test_class_bar_and_next_unlabeled(labelling):
    window, label_pane, ids = labelling
    labels.label_photos(window.project, ids[:3], 1)
    label_pane.session.photos_changed_all()
    label_pane.browser.select_row(0)

    label_pane.next_button.click()
    assert label_pane.grid.currentIndex().row() == 3
    bees = labels.require_class(window.project, "bees")
    label_pane.class_bar.class_buttons[bees.id].click()

    assert class_of(window.project, ids[3:4]) == ["bees"]
    assert label_pane.grid.currentIndex().row() == 4


def test_n_jumps_to_the_next_unlabeled(labelling):
    window, label_pane, ids = labelling
    labels.label_photos(window.project, ids[:2], 1)
    label_pane.session.photos_changed_all()
    label_pane.browser.select_row(0)

    key(label_pane.grid, Qt.Key.Key_N)

    assert label_pane.grid.currentIndex().row() == 2


def test_undo_and_redo_with_the_keys_on_the_window(labelling, qtbot):
    window, label_pane, ids = labelling
    label_pane.browser.select_row(0)
    key(label_pane.grid, Qt.Key.Key_1)
    assert class_of(window.project, ids[:1]) == ["ants"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert class_of(window.project, ids[:1]) == [None]
    assert label_pane.progress.value() == 0
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    key(window, Qt.Key.Key_Z, shift_ctrl)
    assert class_of(window.project, ids[:1]) == ["ants"]
    assert label_pane.progress.value() == 1


# the Unlabeled view while labelling


def unlabeled_view(label_pane):
    from engine.library import PhotoFilter, Show

    assert label_pane.filter_box.select_filter(PhotoFilter(Show.UNLABELED))
    return label_pane.model


def unlabeled_count(label_pane) -> str:
    return label_pane.filter_box.itemText(1)


def test_a_labelled_photo_leaves_the_unlabeled_view_once_the_user_moves_on(
    labelling,
):
    window, label_pane, ids = labelling
    browser = label_pane.browser
    browser.advance_after_label = False
    model = unlabeled_view(label_pane)
    browser.select_row(0)

    key(label_pane.grid, Qt.Key.Key_1)

    assert model.rowCount() == 6  # still there: the user sees what they did
    assert model.photo_at(0).class_id is not None
    assert unlabeled_count(label_pane) == "Unlabeled  (5)"
    key(label_pane.grid, Qt.Key.Key_Right)
    assert model.ids() == ids[1:]
    assert browser.selected_ids() == [ids[1]]


def test_the_label_pane_moves_on_and_a_batch_leaves_at_once(labelling):
    window, label_pane, ids = labelling
    model = unlabeled_view(label_pane)
    label_pane.browser.select_row(0)

    key(label_pane.grid, Qt.Key.Key_2)  # labels, then goes to the next one

    assert model.ids() == ids[1:]
    assert label_pane.browser.selected_ids() == [ids[1]]
    key(label_pane.grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key(label_pane.grid, Qt.Key.Key_1)
    assert model.rowCount() == 0
    assert unlabeled_count(label_pane) == "Unlabeled  (0)"

    window.undo_stack.undo()  # the batch comes back
    assert model.ids() == ids[1:]
    assert unlabeled_count(label_pane) == "Unlabeled  (5)"


def test_the_viewer_in_the_unlabeled_view_labels_and_moves_on(labelling):
    window, label_pane, ids = labelling
    browser = label_pane.browser
    model = unlabeled_view(label_pane)
    browser.select_row(0)
    key(label_pane.grid, Qt.Key.Key_Return)

    key(browser.viewer.view, Qt.Key.Key_1)
    key(browser.viewer.view, Qt.Key.Key_2)

    assert browser.viewer_photo().id == ids[2]
    assert browser.viewer.position.text() == "1 of 4"
    assert model.ids() == ids[2:]
    key(browser.viewer.view, Qt.Key.Key_Escape)
    assert browser.selected_ids() == [ids[2]]


def test_the_viewer_follows_a_language_switch(labelling, qtbot):
    from desktop.i18n import install_language

    window, label_pane, ids = labelling
    browser = label_pane.browser
    browser.select_row(0)
    key(label_pane.grid, Qt.Key.Key_Return)
    assert browser.viewer.hint.text().startswith("1–9 label")

    install_language("zh_CN")

    qtbot.waitUntil(lambda: browser.viewer.hint.text().startswith("1–9 标注"))
    assert browser.viewer.position.text() != "1 of 6"
    assert browser.viewer.chip.text() != "Unlabeled"


# selecting with the mouse


def cell_centre(grid, row):
    return grid.visualRect(grid.model().index(row)).center()


def test_shift_click_selects_a_range(labelling):
    window, label_pane, ids = labelling
    grid = label_pane.grid
    viewport = grid.viewport()
    left = Qt.MouseButton.LeftButton

    QTest.mouseClick(
        viewport, left, Qt.KeyboardModifier.NoModifier, cell_centre(grid, 1)
    )
    QTest.mouseClick(
        viewport, left, Qt.KeyboardModifier.ShiftModifier, cell_centre(grid, 4)
    )

    assert grid.selected_rows() == [1, 2, 3, 4]
    key(grid, Qt.Key.Key_2)
    assert class_of(window.project, ids) == [None, "bees", "bees", "bees", "bees", None]
    assert window.undo_stack.count() == 1


def test_a_rubber_band_selects_the_photos_it_touches(labelling):
    from PySide6.QtCore import QPoint

    window, label_pane, ids = labelling
    grid = label_pane.grid
    viewport = grid.viewport()
    # from the empty space under the fourth photo up to the second one
    start = QPoint(cell_centre(grid, 3).x(), cell_centre(grid, 5).y())
    end = cell_centre(grid, 1)
    assert not grid.indexAt(start).isValid()
    assert cell_centre(grid, 5).x() < end.x()  # the last photo is left of it

    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)

    assert grid.selected_rows() == [1, 2, 3]


# suggested labels: from the trained classifier, else from the class names


@pytest.fixture
def trained_colours(tmp_path):
    """Red and blue photos, a quick classifier trained on them, then four
    photos unlabelled again for it to suggest."""
    from engine.vision import training
    from tests.engine import classifier_fixtures as cf

    cf.install_random_resnet18(cf.random_weights_file(tmp_path))
    project, ids = cf.make_project(tmp_path)
    training.train(project, cf.tiny_config())
    doubtful = ids["red"][6:8] + ids["blue"][6:8]
    labels.unlabel_photos(project, doubtful)
    path = project.path
    project.close()
    return path, doubtful


def open_suggestions(window, qtbot):
    label_pane = pane(window, "label")
    qtbot.mouseClick(label_pane.assist.suggest_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: label_pane.assist.dialog is not None, timeout=30000)
    qtbot.waitUntil(lambda: not window.jobs.active(), timeout=30000)
    return label_pane.assist.dialog


def test_suggest_labels_uses_the_trained_classifier_most_uncertain_first(
    window, qtbot, trained_colours
):
    from desktop.label_assist import ZeroShotSuggestionsDialog

    path, doubtful = trained_colours
    window.open_project(path)

    dialog = open_suggestions(window, qtbot)

    assert not isinstance(dialog, ZeroShotSuggestionsDialog)
    assert "trained classifier, run 1" in dialog.source.text()
    suggestions = dialog.suggestions
    assert sorted(s.photo_id for s in suggestions) == sorted(doubtful)
    margins = [s.margin for s in suggestions]
    assert margins == sorted(margins)  # the least sure first
    first = suggestions[0]
    assert dialog.table.item(0, 1).text() == first.class_name
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    state = labels.photo_states(window.project, [first.photo_id])[0]
    assert (state.class_id, state.source) == (first.class_id, "suggestion")
    assert dialog.table.rowCount() == 3
    window.undo_stack.undo()
    assert class_of(window.project, [first.photo_id]) == [None]
    dialog.close()


def test_suggest_labels_falls_back_to_the_class_names_when_classes_changed(
    window, qtbot, trained_colours, monkeypatch
):
    from desktop import search_calls
    from desktop.label_assist import ZeroShotSuggestionsDialog
    from engine.project import Project
    from engine.vision import indexing
    from tests.engine.test_search import ColourEmbedder

    path, doubtful = trained_colours
    model = ColourEmbedder()
    monkeypatch.setattr(search_calls, "embedder_factory", lambda: model)
    with Project.open(path) as project:
        labels.add_class(project, "green")  # unknown to the model
        green = labels.require_class(project, "green").id
        labels.label_photos(project, doubtful[:1], green)
        indexing.index_photos(project, embedder=model)
    window.open_project(path)

    dialog = open_suggestions(window, qtbot)

    assert isinstance(dialog, ZeroShotSuggestionsDialog)
    assert "class names" in dialog.source.text()
    assert sorted(s.photo_id for s in dialog.suggestions) == sorted(doubtful[1:])
    dialog.close()
