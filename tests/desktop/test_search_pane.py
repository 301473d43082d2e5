"""The Search pane with a small colour model: index from the pane, words and
dropped photos find ranked results with scores, filters, Find similar from
the Library grid, look-alikes with the slider and the trash, and the
refusals (Chinese with an English model, no model installed)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QFile, Qt
from PySide6.QtWidgets import QMessageBox

from desktop import search_calls
from desktop.models.search_results import BadgeRole
from engine import labels, library
from engine.project import Project
from engine.vision import indexing
from tests.desktop.library_helpers import drop, pane, wait_for_jobs
from tests.engine.test_search import (
    BLUE,
    GREEN,
    ColourEmbedder,
    make_folder,
    photo,
    pretend_installed,
)


@pytest.fixture
def colour(monkeypatch):
    """Index and search with the colour model instead of CLIP."""
    model = ColourEmbedder()
    monkeypatch.setattr(search_calls, "embedder_factory", lambda: model)
    return model


@pytest.fixture
def made(tmp_path):
    """A project whose library holds 3 red, 3 green and 3 blue photos."""
    folders = make_folder(tmp_path / "lib")
    with Project.create(tmp_path / "Colours.pictor") as project:
        library.import_paths(project, [tmp_path / "lib"], workers=1)
        labels.add_class(project, "ants")
    return folders


@pytest.fixture
def search_pane(window, made, tmp_path, colour):
    window.open_project(tmp_path / "Colours.pictor")
    return pane(window, "search")


def index(qtbot, window, search_pane, count: int = 9) -> None:
    qtbot.mouseClick(search_pane.places.index_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, window)
    qtbot.waitUntil(
        lambda: search_pane.state is not None and search_pane.state.count == count
    )


def ask(qtbot, search_pane, text: str) -> list[str]:
    """Type a query, press Enter, wait for the results; their file names."""
    find = search_pane.find
    find.query_box.setText(text)
    before = find.page
    qtbot.keyClick(find.query_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: find.page is not before or find.message.isVisible())
    return shown(search_pane)


def shown(search_pane) -> list[str]:
    return [item.name for item in search_pane.find.model.items()]


def badges(search_pane) -> list[str]:
    model = search_pane.find.model
    return [model.index(row).data(BadgeRole) for row in range(model.rowCount())]


def test_index_from_the_pane_then_words_give_ranked_results_with_scores(
    window, qtbot, search_pane
):
    assert "always searched" in search_pane.places.library_note.text()
    index(qtbot, window, search_pane)
    assert search_pane.places.status.text().startswith("9 photos indexed")
    assert "last indexed" in search_pane.places.status.text()

    names = ask(qtbot, search_pane, "blue")

    assert {n.split("-")[0] for n in names[:3]} == {"blue"}
    scores = badges(search_pane)
    assert all(re.fullmatch(r"-?\d\.\d\d", s) for s in scores)
    assert [float(s) for s in scores] == sorted(map(float, scores), reverse=True)
    assert scores[0] == "1.00"
    assert search_pane.find.heading.text() == "9 photos, most similar first"
    first = search_pane.find.model.items()[0]
    qtbot.waitUntil(lambda: search_pane.thumbnails.pixmap(first) is not None)


def test_dropped_photo_finds_its_neighbours_first(window, qtbot, search_pane, tmp_path):
    index(qtbot, window, search_pane)
    dropped = photo(tmp_path / "elsewhere" / "sea.jpg", BLUE, seed=500)

    drop(search_pane, [dropped])
    qtbot.waitUntil(lambda: search_pane.find.page is not None)

    assert search_pane.find.chip.isVisible()
    assert "sea.jpg" in search_pane.find.chip.name.text()
    assert {n.split("-")[0] for n in shown(search_pane)[:3]} == {"blue"}

    # words and the photo together; removing the chip searches by words alone
    names = ask(qtbot, search_pane, "green")
    assert {n.split("-")[0] for n in names[:6]} == {"blue", "green"}
    before = search_pane.find.page
    qtbot.mouseClick(search_pane.find.chip.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: search_pane.find.page is not before)
    assert not search_pane.find.chip.isVisible()
    assert {n.split("-")[0] for n in shown(search_pane)[:3]} == {"green"}


def test_filters_by_label_and_by_folder(window, qtbot, search_pane, made, tmp_path):
    project = window.project
    ants = labels.require_class(project, "ants").id
    blue_ids = [library.find_photo(project, p).id for p in made["blue"][:2]]
    labels.label_photos(project, blue_ids, ants)
    extra = tmp_path / "extra photos"
    photo(extra / "lawn.jpg", GREEN, seed=301)
    search_pane.add_folder(str(extra))
    index(qtbot, window, search_pane, count=10)
    assert search_pane.places.folders.item(0).text() == str(extra)
    find = search_pane.find
    ask(qtbot, search_pane, "red")

    find.label_box.setCurrentIndex(find.label_box.findText("ants"))
    before = find.page
    find.label_box.activated.emit(find.label_box.currentIndex())
    qtbot.waitUntil(lambda: find.page is not before)
    assert sorted(shown(search_pane)) == ["blue-0.jpg", "blue-1.jpg"]

    find.label_box.setCurrentIndex(0)
    find.folder_box.setCurrentIndex(find.folder_box.findData(str(extra)))
    before = find.page
    find.folder_box.activated.emit(find.folder_box.currentIndex())
    qtbot.waitUntil(lambda: find.page is not before)
    assert shown(search_pane) == ["lawn.jpg"]
    assert find.model.items()[0].photo is None
    menu = [a.text() for a in search_pane.result_menu(find.model.items()).actions()]
    assert "Add to the library" in menu

    # the library's own folder is a choice too
    assert (
        find.folder_box.itemText(find.folder_box.findData(str(tmp_path / "lib")))
        == "lib"
    )
    find.folder_box.setCurrentIndex(find.folder_box.findData(str(tmp_path / "lib")))
    before = find.page
    find.folder_box.activated.emit(find.folder_box.currentIndex())
    qtbot.waitUntil(lambda: find.page is not before)
    assert len(shown(search_pane)) == 9
    assert "lawn.jpg" not in shown(search_pane)


def test_find_similar_from_the_library_context_menu(window, qtbot, search_pane, made):
    from desktop.widgets.photo_menu import build_photo_menu

    index(qtbot, window, search_pane)
    browser = pane(window, "library").browser
    row = next(
        r
        for r in range(browser.model.rowCount())
        if browser.model.photo_at(r).name == "green-1.jpg"
    )
    photo_record = browser.model.photo_at(row)

    menu = build_photo_menu(browser, [photo_record], browser)
    action = next(a for a in menu.actions() if a.text() == "Find similar photos")
    action.trigger()

    assert window.project_view.current_key() == "search"
    qtbot.waitUntil(lambda: search_pane.find.page is not None)
    names = shown(search_pane)
    assert "green-1.jpg" not in names
    assert set(names[:2]) == {"green-0.jpg", "green-2.jpg"}
    assert "green-1.jpg" in search_pane.find.chip.name.text()


def test_find_similar_from_the_photo_viewer(window, qtbot, search_pane, made):
    index(qtbot, window, search_pane)
    window.project_view.show_pane("library")
    browser = pane(window, "library").browser
    row = next(
        r
        for r in range(browser.model.rowCount())
        if browser.model.photo_at(r).name == "green-1.jpg"
    )
    browser.select_row(row)
    browser.open_current()
    assert browser.viewer_open()

    menu = browser.viewer.photo_menu()
    texts = [a.text() for a in menu.actions()]
    assert texts[:3] == [
        "Open with the system viewer",
        "Show in the file manager",
        "Copy path",
    ]
    next(a for a in menu.actions() if a.text() == "Find similar photos").trigger()

    assert window.project_view.current_key() == "search"
    qtbot.waitUntil(lambda: search_pane.find.page is not None)
    assert set(shown(search_pane)[:2]) == {"green-0.jpg", "green-2.jpg"}


def test_look_alikes_regroup_with_the_slider_and_go_to_the_trash(
    window, qtbot, search_pane, made, tmp_path, monkeypatch
):
    trash = tmp_path / "trash"
    trash.mkdir()
    trashed: list[str] = []

    def fake_trash(path):
        trashed.append(path)
        target = trash / Path(path).name
        shutil.move(path, target)
        return True, str(target)

    monkeypatch.setattr(QFile, "moveToTrash", staticmethod(fake_trash))
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes),
    )
    index(qtbot, window, search_pane)
    looks = search_pane.duplicates
    search_pane.tabs.setCurrentWidget(looks)

    qtbot.mouseClick(looks.find_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, window)
    qtbot.waitUntil(lambda: looks.found is not None)
    assert [len(g) for g in looks.groups] == [3, 3, 3]
    assert len(looks.chosen_items()) == 6  # the largest of each group is kept

    looks.slider.setValue(100)
    assert len(looks.groups) < 3
    looks.slider.setValue(95)
    assert [len(g) for g in looks.groups] == [3, 3, 3]
    first_card = looks.cards[looks.groups[0][0].id]
    assert not first_card.remove.isChecked()
    assert "in the library" in first_card.size.text()

    qtbot.mouseClick(looks.trash_button, Qt.MouseButton.LeftButton)

    assert len(trashed) == 6
    assert all(not Path(p).exists() for p in trashed)
    assert len(list(trash.iterdir())) == 6
    assert looks.groups == []
    library_pane = pane(window, "library")
    assert library_pane.model.rowCount() == 3
    assert search_pane.places.stale.isVisibleTo(search_pane)


def test_a_look_alike_opens_with_a_double_click_and_finds_similar_photos(
    window, qtbot, search_pane, monkeypatch
):
    from desktop import file_actions

    opened: list[str] = []
    monkeypatch.setattr(file_actions, "open_file", opened.append)
    index(qtbot, window, search_pane)
    looks = search_pane.duplicates
    search_pane.tabs.setCurrentWidget(looks)
    qtbot.mouseClick(looks.find_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, window)
    qtbot.waitUntil(lambda: looks.found is not None)
    green = next(i for g in looks.groups for i in g if i.name == "green-1.jpg")
    card = looks.cards[green.id]

    ticked = card.remove.isChecked()
    qtbot.mouseDClick(card.picture, Qt.MouseButton.LeftButton)
    assert opened == [green.path]
    assert card.remove.isChecked() == ticked  # looking does not change the choice

    menu = {a.text(): a for a in card.menu().actions()}
    assert {"Open", "Show in the file manager"} <= set(menu)
    menu["Find similar photos"].trigger()

    assert search_pane.tabs.currentWidget() is search_pane.find
    qtbot.waitUntil(lambda: search_pane.find.page is not None)
    assert "green-1.jpg" in search_pane.find.chip.name.text()
    names = shown(search_pane)
    assert "green-1.jpg" not in names
    assert set(names[:2]) == {"green-0.jpg", "green-2.jpg"}


def _fake_run(photo_ids, class_id):
    from types import SimpleNamespace

    results = {
        "accuracy": 0.5,
        "classes": [{"id": class_id, "name": "ants"}],
        "per_class": [],
        "mislabelled": [
            {"photo_id": p, "predicted": class_id, "confidence": 0.9} for p in photo_ids
        ],
        "confusion": [[len(photo_ids)]],
        "confusion_photos": [[list(photo_ids)]],
    }
    config = {"backbone": "resnet18", "train": {"mode": "quick"}}
    return SimpleNamespace(
        id=1, config=config, results=results, message="", message_args={}
    )


def test_find_similar_from_the_train_results_lists(
    window, qtbot, search_pane, made, monkeypatch
):
    from desktop import search_link
    from desktop.widgets.photo_menu import build_photo_menu

    index(qtbot, window, search_pane)
    project = window.project
    blue = library.find_photo(project, made["blue"][0])
    ants = labels.require_class(project, "ants").id
    train = pane(window, "train")
    results = train.results
    results.show_run(_fake_run([blue.id], ants))

    # the mislabelled list: right-click a row
    table = results.mislabelled
    assert results.mislabelled_ids() == [blue.id]
    chosen = []

    def choose_find_similar(menu, *args):
        chosen.append([a.text() for a in menu.actions()])
        next(a for a in menu.actions() if a.text() == "Find similar photos").trigger()

    monkeypatch.setattr(search_link, "show_menu", choose_find_similar)
    cell = table.visualItemRect(table.item(0, 0)).center()
    table.customContextMenuRequested.emit(cell)

    assert chosen == [["Find similar photos"]]
    assert window.project_view.current_key() == "search"
    qtbot.waitUntil(lambda: search_pane.find.page is not None)
    assert "blue-0.jpg" in search_pane.find.chip.name.text()
    assert set(shown(search_pane)[:2]) == {"blue-1.jpg", "blue-2.jpg"}

    # the photos of a confusion matrix cell, in their own window
    window.project_view.show_pane("train")
    dialog = train.show_photos([blue.id], "Labelled ants")
    browser = dialog.browser
    before = search_pane.find.page
    menu = build_photo_menu(browser, [browser.model.photo_at(0)], browser)
    next(a for a in menu.actions() if a.text() == "Find similar photos").trigger()
    assert window.project_view.current_key() == "search"
    qtbot.waitUntil(lambda: search_pane.find.page is not before)
    assert set(shown(search_pane)[:2]) == {"blue-1.jpg", "blue-2.jpg"}
    dialog.close()


def test_chinese_words_with_the_english_model_point_to_the_models_window(
    window, qtbot, search_pane
):
    index(qtbot, window, search_pane)

    ask(qtbot, search_pane, "海边的日落")

    message = search_pane.find.message
    assert message.isVisible()
    assert "understands only English" in message.text.text()
    assert "Multilingual CLIP" in message.text.text()
    assert message.button.text() == "Open the Models window"
    qtbot.mouseClick(message.button, Qt.MouseButton.LeftButton)
    assert search_pane.models_dialog is not None
    assert search_pane.models_dialog.isVisible()
    search_pane.models_dialog.close()


def test_chinese_words_with_the_multilingual_model_installed_offer_to_switch(
    window, qtbot, search_pane, monkeypatch
):
    from engine.weights import MULTILINGUAL_SEARCH

    index(qtbot, window, search_pane)
    pretend_installed(MULTILINGUAL_SEARCH)
    models = []
    real_job = indexing.index_job

    def recording_job(project, folders=(), **kwargs):
        models.append(kwargs["model"])
        return real_job(project, folders, **kwargs)

    monkeypatch.setattr(indexing, "index_job", recording_job)

    ask(qtbot, search_pane, "海边的日落")

    message = search_pane.find.message
    assert message.isVisible()
    assert "index your photos again" in message.text.text()
    assert "install" not in message.text.text()
    assert message.button.text() == "Switch and index again"
    qtbot.mouseClick(message.button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, window)

    assert models == [MULTILINGUAL_SEARCH]
    assert search_pane.places.model_name() == MULTILINGUAL_SEARCH
    # the query ran again (the small test model still reads only English)
    qtbot.waitUntil(lambda: message.isVisible())


def test_searching_before_indexing_offers_index_now(window, qtbot, search_pane):
    ask(qtbot, search_pane, "red")

    message = search_pane.find.message
    assert "No photos are indexed" in message.text.text()
    assert message.button.text() == "Index now"
    qtbot.mouseClick(message.button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, window)

    qtbot.waitUntil(lambda: search_pane.find.page is not None)
    assert not message.isVisible()
    assert {n.split("-")[0] for n in shown(search_pane)[:3]} == {"red"}
    assert search_pane.places.status.text().startswith("9 photos indexed")


def test_photos_imported_later_are_indexed_when_the_user_next_searches(
    window, qtbot, search_pane, tmp_path
):
    index(qtbot, window, search_pane)
    new = photo(tmp_path / "later" / "navy.jpg", BLUE, seed=900)
    pane(window, "library").jobs.import_paths([new])
    wait_for_jobs(qtbot, window)
    window.project_view.show_pane("search")
    assert search_pane.places.stale.isVisible()
    assert "when you next search" in search_pane.places.stale_text.text()

    names = ask(qtbot, search_pane, "blue")
    wait_for_jobs(qtbot, window)

    # the first answer already comes from the updated index
    assert "navy.jpg" in names[:4]
    assert {n.split("-")[0] for n in names[:4] if n != "navy.jpg"} == {"blue"}
    assert not search_pane.places.stale.isVisible()


def test_files_that_cannot_be_searched_are_listed_with_their_reasons(
    window, qtbot, search_pane, tmp_path
):
    extra = tmp_path / "camera"
    photo(extra / "pond.jpg", BLUE, seed=321)
    (extra / "broken.jpg").write_bytes(b"not a photo")
    search_pane.add_folder(str(extra))
    index(qtbot, window, search_pane, count=10)

    places = search_pane.places
    qtbot.waitUntil(lambda: places.problems.isVisible())
    assert places.problems_text.text() == "Files that cannot be searched: 1"
    qtbot.mouseClick(places.problems_button, Qt.MouseButton.LeftButton)
    dialog = search_pane.problems_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.rows() == [(str(extra / "broken.jpg"), "The file is not a photo")]
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication

    copied = QGuiApplication.clipboard().text()
    assert copied == f"{extra / 'broken.jpg'}\tThe file is not a photo"
    dialog.close()

    # still listed after the next indexing, which does not read it again
    index(qtbot, window, search_pane, count=10)
    qtbot.waitUntil(lambda: places.problems.isVisible())
    from desktop.i18n import install_language

    install_language("zh_CN")
    dialog = search_pane.show_problems()
    path, reason = dialog.rows()[0]
    assert path == str(extra / "broken.jpg")
    assert reason == "该文件不是照片"
    dialog.close()


def test_without_a_model_indexing_asks_to_download_or_import(
    window, qtbot, made, tmp_path
):
    window.open_project(tmp_path / "Colours.pictor")
    search_pane = pane(window, "search")

    qtbot.mouseClick(search_pane.places.index_button, Qt.MouseButton.LeftButton)

    box = search_pane.missing_box
    assert box is not None
    assert box.isVisible()
    assert "is not installed" in box.text()
    assert box.download_button.text() == "Download"
    assert search_pane.index_handle is None
    assert indexing.INDEX_TITLE not in [h.job.title for h in window.jobs.active()]
    box.close()


# the Label pane's helpers


def test_suggested_labels_come_most_confident_first_and_enter_accepts(
    window, qtbot, search_pane
):
    project = window.project
    for name in ("red", "green", "blue"):
        labels.add_class(project, name)
    index(qtbot, window, search_pane)
    label_pane = pane(window, "label")
    label_pane.session.classes_changed.emit()

    qtbot.mouseClick(label_pane.assist.suggest_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: label_pane.assist.dialog is not None)
    dialog = label_pane.assist.dialog
    suggestions = dialog.suggestions
    assert len(suggestions) == 9
    confidences = [s.confidence for s in suggestions]
    assert confidences == sorted(confidences, reverse=True)
    photos = {
        p.id: p for p in library.get_photos(project, [s.photo_id for s in suggestions])
    }
    assert all(photos[s.photo_id].name.startswith(s.class_name) for s in suggestions)

    first = suggestions[0]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)

    state = labels.photo_states(project, [first.photo_id])[0]
    assert (state.class_id, state.source) == (first.class_id, "suggestion")
    assert len(dialog.suggestions) == 8
    window.undo_stack.undo()
    assert labels.photo_states(project, [first.photo_id])[0].class_id is None
    dialog.close()


def test_label_all_photos_similar_to_the_selected_one(window, qtbot, search_pane):
    index(qtbot, window, search_pane)
    label_pane = pane(window, "label")
    browser = label_pane.browser
    row = next(
        r
        for r in range(browser.model.rowCount())
        if browser.model.photo_at(r).name == "red-0.jpg"
    )
    browser.select_row(row)

    qtbot.mouseClick(label_pane.assist.similar_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: label_pane.assist.dialog is not None)
    dialog = label_pane.assist.dialog
    names = [i.name for i in dialog.model.items()]
    assert sorted(names) == ["red-1.jpg", "red-2.jpg"]
    dialog.slider.setValue(100)
    assert dialog.slider_label.text() == "Similarity at least 1.00"
    dialog.slider.setValue(80)
    assert dialog.label_button.text() == "Label 2 photos as “ants”"

    qtbot.mouseClick(dialog.label_button, Qt.MouseButton.LeftButton)

    project = window.project
    reds = [
        p
        for p in library.get_photos(project, browser.model.ids())
        if p.name.startswith("red")
    ]
    ants = labels.require_class(project, "ants").id
    assert sorted(
        p.name for p in reds if labels.photo_states(project, [p.id])[0].class_id == ants
    ) == ["red-1.jpg", "red-2.jpg"]
    assert dialog.model.rowCount() == 0
    window.undo_stack.undo()
    assert all(labels.photo_states(project, [p.id])[0].class_id is None for p in reds)
    dialog.close()


def test_a_query_that_matches_nothing_shows_the_banner_over_faded_results(
    window, qtbot, tmp_path, colour
):
    folders = make_folder(tmp_path / "many", per_colour=8)
    with Project.create(tmp_path / "Many.pictor") as project:
        library.import_paths(project, [tmp_path / "many"], workers=1)
    window.open_project(tmp_path / "Many.pictor")
    search_pane = pane(window, "search")
    index(qtbot, window, search_pane, count=sum(len(f) for f in folders.values()))

    ask(qtbot, search_pane, "a bicycle")

    find = search_pane.find
    assert find.banner.isVisible()
    assert find.banner.text.text().startswith("No good match")
    assert find.heading.text() == "Closest photos anyway"
    assert find.model.dimmed
    assert find.model.rowCount() == 24


def test_a_folder_photo_found_by_search_can_be_added_to_the_library(
    window, qtbot, search_pane, tmp_path
):
    extra = tmp_path / "camera"
    photo(extra / "pond.jpg", BLUE, seed=321)
    search_pane.add_folder(str(extra))
    index(qtbot, window, search_pane, count=10)
    ask(qtbot, search_pane, "blue")
    outside = [i for i in search_pane.find.model.items() if i.photo is None]
    assert [i.name for i in outside] == ["pond.jpg"]

    menu = search_pane.result_menu(outside)
    next(a for a in menu.actions() if a.text() == "Add to the library").trigger()
    wait_for_jobs(qtbot, window)

    assert library.find_photo(window.project, extra / "pond.jpg") is not None
    qtbot.waitUntil(
        lambda: all(i.photo is not None for i in search_pane.find.model.items())
    )


def test_the_pane_follows_a_language_switch(window, qtbot, search_pane):
    from desktop.i18n import install_language

    install_language("zh_CN")

    qtbot.waitUntil(lambda: search_pane.places.title.text() == "搜索范围")
    assert search_pane.nav_title() == "搜索"
    assert search_pane.find.search_button.text() == "搜索"
    assert search_pane.tabs.tabText(1) == "相似照片"
    assert pane(window, "label").assist.suggest_button.text() == "建议标注…"
