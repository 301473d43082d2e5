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
