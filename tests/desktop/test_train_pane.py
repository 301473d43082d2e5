"""The Train pane: the data check, training with live curves, cancelling,
the confusion matrix with relabelling and undo, trying a photo, the
missing-model prompt and exporting a model that predicts as the app does.

Photos are small red and blue squares; the ResNet-18 has random weights
imported like a user's file, and inputs are 32 px so a run takes seconds.
"""

from __future__ import annotations

import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.dialogs.models import MissingModelBox
from desktop.panes.train_settings import TrainSettingsWidget
from desktop.workers import JobState
from engine import labels, library
from engine.vision import runs, training
from tests.desktop.library_helpers import class_of, drop, pane
from tests.engine import classifier_fixtures as cf

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def weights_file(tmp_path_factory):
    return cf.random_weights_file(tmp_path_factory.mktemp("weights"))


@pytest.fixture(autouse=True)
def tiny_photos(monkeypatch):
    monkeypatch.setattr(TrainSettingsWidget, "config_defaults", dict(cf.TINY))


@pytest.fixture
def installed(weights_file):
    cf.install_random_resnet18(weights_file)


def open_train_pane(qtbot, window, project):
    path = project.path
    project.close()
    window.open_project(path)
    train_pane = pane(window, "train")
    qtbot.waitUntil(lambda: train_pane.train.check.summary is not None, timeout=10000)
    return train_pane


def wait_idle(qtbot, window, timeout=60000):
    qtbot.waitUntil(lambda: not window.jobs.active(), timeout=timeout)


@pytest.fixture
def trained(tmp_path, installed):
    """A project of 8 red and 8 blue photos with one quick run trained."""
    project, ids = cf.make_project(tmp_path)
    training.train(project, cf.tiny_config())
    return project, ids


def curves(live):
    return (
        live.loss_chart.points("train"),
        live.loss_chart.points("val"),
        live.acc_chart.points("val"),
    )


def watch(tab, handle):
    """What the charts showed at each progress report: (still running,
    an epoch's figures, the curves)."""
    seen = []

    def on_progress(progress):
        running = handle.state == JobState.RUNNING
        seen.append((running, "val_loss" in progress.metrics, curves(tab.live)))

    handle.progressed.connect(on_progress)
    return seen


def test_the_check_blocks_training_with_one_class(window, qtbot, tmp_path):
    project, ids = cf.make_project(tmp_path)
    labels.unlabel_photos(project, ids["blue"])

    train_pane = open_train_pane(qtbot, window, project)

    texts = train_pane.train.check.problem_texts()
    assert any("at least two classes" in t and "has 1" in t for t in texts)
    assert not train_pane.train.train_button.isEnabled()
    assert "at least two classes" in train_pane.train.reason.text()
    assert "at least two classes" in train_pane.train.train_button.toolTip()


def test_train_watch_then_cancel_keeps_the_previous_model(
    window, qtbot, tmp_path, installed, monkeypatch
):
    project, _ = cf.make_project(tmp_path)
    train_pane = open_train_pane(qtbot, window, project)
    tab = train_pane.train
    assert tab.train_button.isEnabled()

    qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    seen = watch(tab, tab.handle)
    assert not tab.train_button.isEnabled()
    wait_idle(qtbot, window)

    # the curves grew epoch by epoch while the run was still going
    epochs = [shown for running, epoch, shown in seen if running and epoch]
    assert len(epochs) >= 2
    assert len(epochs[0][2]) == 1
    assert len(epochs[1][2]) == 2
    assert epochs[0][0]  # the training loss, too
    assert curves(tab.live) == seen[-1][2]  # and stay as watched once it ends
    assert train_pane.results.headline.text().startswith("Accuracy")
    assert "validation photos" in train_pane.results.headline.text()
    first = train_pane.active_run.id
    assert "Done: accuracy" in tab.live.state.text()

    # a long second run, cancelled as soon as its first loss arrives
    monkeypatch.setattr(
        TrainSettingsWidget, "config_defaults", {**cf.TINY, "patience": 1000}
    )
    tab.settings.epochs.setValue(500)
    handle = tab.start_training()
    seen = watch(tab, handle)
    handle.progressed.connect(
        lambda p: "train_loss" in p.metrics and tab.cancel_button.click()
    )
    wait_idle(qtbot, window)

    newest = runs.list_runs(window.project)[0]
    assert newest.id != first
    assert newest.status == runs.CANCELLED
    assert train_pane.active_run.id == first
    assert runs.get_run(window.project).id == first
    assert "cancelled" in tab.live.state.text()
    assert train_pane.history.table.item(0, 6).text().startswith("cancelled")
    assert f"run {first}," in train_pane.model_label.text()
    # the cancelled run's curves stay, not those of the model in use
    assert curves(tab.live) == seen[-1][2]
    kept = runs.get_run(window.project, first)
    assert tab.live.acc_chart.points("val") != [
        (float(m["epoch"]), m["val_acc"]) for m in kept.metrics
    ]
    train_pane.use_run(first)  # until the user picks a run
    assert tab.live.acc_chart.points("val") == [
        (float(m["epoch"]), m["val_acc"]) for m in kept.metrics
    ]


def test_a_failed_run_keeps_its_curves_until_another_run_is_picked(
    window, qtbot, trained, monkeypatch
):
    project, _ = trained
    train_pane = open_train_pane(qtbot, window, project)
    tab = train_pane.train
    shown_first = curves(tab.live)
    assert shown_first[2]  # the model in use's history
    monkeypatch.setattr(
        TrainSettingsWidget, "config_defaults", {**cf.TINY, "lr": float("inf")}
    )

    seen = watch(tab, tab.start_training())
    wait_idle(qtbot, window)

    assert runs.list_runs(window.project)[0].status == runs.FAILED
    assert "loss became" in tab.live.state.text()
    assert curves(tab.live) == (seen[-1][2] if seen else ([], [], []))
    assert curves(tab.live) != shown_first
    window.last_error.close()
    train_pane.use_run(runs.get_run(window.project).id)
    assert curves(tab.live)[2] == shown_first[2]


def test_the_same_picture_in_both_sets_is_shown_before_and_after_training(
    window, qtbot, trained, tmp_path
):
    from PIL import Image

    from engine.vision import checks

    project, ids = trained
    source = library.get_photo(project, ids["red"][0])  # in validation
    twin = tmp_path / "twin" / "twin.png"
    twin.parent.mkdir()
    Image.open(source.path).save(twin)
    added = library.import_paths(project, [twin], workers=1).added
    labels.label_photos(project, added, labels.require_class(project, "red").id)
    labels.pin_split(project, added, "train")
    training.train(project, cf.tiny_config())  # computes and stores its features
    pair = {source.id, added[0]}

    train_pane = open_train_pane(qtbot, window, project)

    check = train_pane.train.check
    assert any("show the same picture" in t for t in check.problem_texts())
    button = check.problems.button_for(checks.SAME_IN_BOTH)
    assert button.text() == "Show 2 photos"
    button.click()
    assert set(train_pane.dialogs[-1].browser.model.ids()) == pair
    results = train_pane.results.problems
    assert any("show the same picture" in t for t in results.problem_texts())
    results.button_for(checks.SAME_IN_BOTH).click()
    assert set(train_pane.dialogs[-1].browser.model.ids()) == pair
    for dialog in train_pane.dialogs:
        dialog.close()


def test_try_it_says_none_of_these_for_a_photo_unlike_the_training_photos(
    window, qtbot, trained, tmp_path
):
    project, _ = trained
    odd = cf.unlike_photo(tmp_path / "odd" / "green.jpg", "green")
    train_pane = open_train_pane(qtbot, window, project)
    train_pane.tabs.setCurrentWidget(train_pane.use_page)
    widget = train_pane.try_photo
    assert widget.threshold.value() == 60  # two classes: above the 50 % of chance

    drop(widget.zone, [odd])

    qtbot.waitUntil(lambda: bool(widget.top_classes()), timeout=20000)
    assert widget.answer.text() == (
        "None of these: it looks like none of the training photos"
    )
    widget.threshold.setValue(5)
    assert widget.answer.text().startswith("None of these")


def test_a_confusion_cell_shows_its_photos_to_relabel_with_undo(window, qtbot, trained):
    project, _ = trained
    train_pane = open_train_pane(qtbot, window, project)
    train_pane.tabs.setCurrentWidget(train_pane.results)
    matrix = train_pane.results.matrix
    cells = [
        (r, c)
        for r in range(matrix.matrix.rowCount())
        for c in range(matrix.matrix.columnCount())
        if matrix.matrix.counts[r][c]
    ]
    row, column = cells[0]
    index = matrix.matrix.index(row, column)
    qtbot.mouseClick(
        matrix.viewport(),
        Qt.MouseButton.LeftButton,
        pos=matrix.visualRect(index).center(),
    )

    dialog = train_pane.dialogs[-1]
    expected = matrix.matrix.photo_ids(row, column)
    assert dialog.browser.model.ids() == expected
    assert dialog.isVisible()
    photo_id = expected[0]
    before = class_of(window.project, [photo_id])[0]
    other = next(c for c in labels.list_classes(window.project) if c.name != before)
    dialog.browser.select_row(0)
    QTest.keyClick(dialog.grid, getattr(Qt.Key, f"Key_{other.hotkey}"))

    assert class_of(window.project, [photo_id]) == [other.name]
    dialog.undo_action.trigger()
    assert class_of(window.project, [photo_id]) == [before]
    dialog.close()


def test_relabel_as_guess_from_the_mislabelled_list(window, qtbot, trained):
    project, ids = trained
    # the list as the engine stores it: a red photo the model calls blue
    red = labels.require_class(project, "red").id
    blue = labels.require_class(project, "blue").id
    run = runs.get_run(project)
    doubted = {
        "photo_id": ids["red"][3],
        "split": "train",
        "label": red,
        "predicted": blue,
        "confidence": 0.93,
    }
    runs.record_results(project, run.id, {**run.results, "mislabelled": [doubted]})
    train_pane = open_train_pane(qtbot, window, project)
    table = train_pane.results.mislabelled
    assert train_pane.results.mislabelled_ids() == [ids["red"][3]]
    assert table.item(0, 1).text() == "red"
    assert table.item(0, 2).text() == "blue (93.0 %)"

    table.cellWidget(0, 3).click()

    assert class_of(window.project, [ids["red"][3]]) == ["blue"]
    assert table.item(0, 1).text() == "blue"
    assert not table.cellWidget(0, 3).isEnabled()
    window.undo_stack.undo()
    assert class_of(window.project, [ids["red"][3]]) == ["red"]
    assert table.cellWidget(0, 3).isEnabled()


def test_drop_a_photo_on_try_it_shows_the_top_classes(window, qtbot, trained, tmp_path):
    project, ids = trained
    photo = library.get_photo(project, ids["red"][0]).path
    train_pane = open_train_pane(qtbot, window, project)
    train_pane.tabs.setCurrentWidget(train_pane.use_page)

    drop(train_pane.try_photo.zone, [photo])

    widget = train_pane.try_photo
    qtbot.waitUntil(lambda: bool(widget.top_classes()), timeout=20000)
    names = [name for name, _ in widget.top_classes()]
    assert sorted(names) == ["blue", "red"]
    assert sum(value for _, value in widget.top_classes()) == pytest.approx(1000, abs=2)
    best = widget.prediction.top[0].probability
    widget.threshold.setValue(95)
    expected = "None of these" if best < 0.95 else f"“{names[0]}”"
    assert widget.answer.text() == expected
    widget.threshold.setValue(5)
    assert widget.answer.text() == f"“{names[0]}”"


def test_a_missing_network_offers_download_and_import(window, qtbot, tmp_path):
    project, _ = cf.make_project(tmp_path)
    train_pane = open_train_pane(qtbot, window, project)
    tab = train_pane.train
    qtbot.waitUntil(lambda: tab.missing is not None, timeout=20000)
    assert tab.get_model.isVisibleTo(tab)
    assert "is not installed" in tab.settings.estimate.text()

    qtbot.mouseClick(tab.train_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MissingModelBox) and w.isVisible()
    ]
    assert boxes
    assert "ResNet-18" in boxes[0].text()
    assert boxes[0].download_button.text() == "Download"
    assert boxes[0].import_button.text() == "Import file…"
    for box in boxes:
        box.close()
    assert runs.list_runs(window.project) == []


def test_export_onnx_says_the_predictions_match(
    window, qtbot, trained, tmp_path, monkeypatch
):
    project, _ = trained
    train_pane = open_train_pane(qtbot, window, project)
    train_pane.tabs.setCurrentWidget(train_pane.use_page)
    out = tmp_path / "exported"
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(out))
    )
    use = train_pane.use
    use.export_format.setCurrentIndex(use.export_format.findData("onnx"))

    qtbot.mouseClick(use.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    text = use.export_result.text()
    assert "gives the same predictions as Pictor on 4 validation photos" in text
    assert (out / "model.onnx").is_file()


def test_the_pane_and_the_engine_sentences_follow_the_language(window, qtbot, tmp_path):
    from desktop.i18n import install_language

    project, ids = cf.make_project(tmp_path)
    labels.unlabel_photos(project, ids["blue"])
    train_pane = open_train_pane(qtbot, window, project)

    install_language("zh_CN")

    qtbot.waitUntil(lambda: train_pane.tabs.tabText(1) == "结果", timeout=3000)
    assert train_pane.nav_title() == "训练"
    assert train_pane.train.check.title() == "检查数据"
    assert any("训练至少需要两个" in t for t in train_pane.train.check.problem_texts())
    assert "训练至少需要两个" in train_pane.train.reason.text()


def test_suggested_labels_are_accepted_with_enter_and_undone(window, qtbot, trained):
    project, ids = trained
    doubtful = ids["red"][4:6]
    labels.unlabel_photos(project, doubtful)
    train_pane = open_train_pane(qtbot, window, project)
    train_pane.tabs.setCurrentWidget(train_pane.use_page)

    qtbot.mouseClick(train_pane.use.suggest_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    dialog = train_pane.use.dialogs[-1]
    assert dialog.table.rowCount() == 2
    first = dialog.suggestions[0]
    dialog.table.selectRow(0)
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)

    assert class_of(window.project, [first.photo_id]) == [first.class_name]
    assert dialog.table.rowCount() == 1
    window.undo_stack.undo()
    assert class_of(window.project, [first.photo_id]) == [None]
    dialog.close()


def test_predict_a_folder_lists_answers_and_the_unreadable_file(
    window, qtbot, trained, tmp_path, monkeypatch
):
    project, _ = trained
    folder = tmp_path / "to sort"
    cf.coloured_photo(folder / "a.jpg", "red", 77)
    cf.coloured_photo(folder / "b.jpg", "blue", 78)
    (folder / "broken.jpg").write_bytes(b"not a photo at all")
    train_pane = open_train_pane(qtbot, window, project)

    dialog = train_pane.use.predict([folder])
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    table = dialog.table
    assert table.rowCount() == 3
    assert {table.item(r, 0).text() for r in range(2)} == {"a.jpg", "b.jpg"}
    assert table.item(2, 0).text() == "broken.jpg"
    assert table.item(2, 1).text() == "Not read"
    assert "Could not be read: 1" in dialog.summary.text()
    target = tmp_path / "out.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    dialog.save_button.click()
    assert target.read_text(encoding="utf-8").splitlines()[0] == "path,class,confidence"
    dialog.close()
