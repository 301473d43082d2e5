"""The Text pane: drop text files, train with a live chart, cancel, write
text as it streams, find sentences by meaning and classify texts."""

from __future__ import annotations

import csv
import threading
import time

import pytest
import torch
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog

from engine.text.lstm import list_runs
from tests.desktop.library_helpers import drop, pane

torch.set_num_threads(1)

LINES = [
    f"the {a} cat {b} on the {c}."
    for a in ("small", "black", "old")
    for b in ("sleeps", "sits", "purrs")
    for c in ("sofa", "bed")
] + [
    f"{a} waves {b} over the {c} sea."
    for a in ("big", "grey", "cold")
    for b in ("roll", "crash", "break")
    for c in ("deep", "blue")
]


@pytest.fixture
def text_pane(window, patch_new_project):
    patch_new_project("Words")
    window.new_project()
    return pane(window, "text")


def corpus(tmp_path, name="story.txt", *, encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(LINES * 4) + "\n", encoding=encoding)
    return path


def add_and_wait(qtbot, text_pane, window, paths):
    drop(window, paths)
    qtbot.waitUntil(
        lambda: all(
            p in text_pane.session.summaries or p in text_pane.files.problems
            for p in paths
        ),
        timeout=10000,
    )


def tiny_settings(train, *, minutes=None, epochs=None):
    """The Small preset shrunk so training takes a second or two."""
    train.preset.setCurrentIndex(0)
    train.advanced.setChecked(True)
    train.layers.setValue(1)
    train.hidden.setValue(32)
    train.dropout.setValue(0.0)
    train.seq_len.setValue(24)
    train.tokenizer.setCurrentIndex(train.tokenizer.findData("char"))
    if minutes is not None:
        train.by_minutes.setChecked(True)
        train.minutes.setValue(minutes)
    else:
        train.by_epochs.setChecked(True)
        train.epochs.setValue(epochs)


def test_dropped_files_show_counts_and_refusals(text_pane, window, qtbot, tmp_path):
    story = corpus(tmp_path)
    chinese = tmp_path / "诗.txt"
    chinese.write_bytes("床前明月光，\n疑是地上霜。\n".encode("gbk"))
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 16)

    add_and_wait(qtbot, text_pane, window, [story, chinese, binary])

    files = text_pane.files
    assert window.project_view.current_key() == "text"
    assert text_pane.session.files == [story, chinese]
    files.list.setCurrentRow(0)
    characters = QLocale().toString(len(story.read_text(encoding="utf-8")))
    assert f"{characters} characters, 25 distinct characters" in files.counts.text()
    assert files.preview.toPlainText().startswith(LINES[0])
    files.list.setCurrentRow(1)
    assert "encoding GB18030" in files.counts.text()
    assert files.preview.toPlainText().split() == ["床前明月光，", "疑是地上霜。"]
    assert "photo.txt" in files.problem.text()
    assert "not a text file" in files.problem.text()
    assert files.problem.isVisible()

    files.list.setCurrentRow(0)
    files.remove_selected()
    assert text_pane.session.files == [chinese]
    assert window.project.store.get_meta("text.files") == f'["{chinese}"]'


def test_training_draws_the_chart_and_cancel_keeps_the_run(
    text_pane, window, qtbot, tmp_path
):
    add_and_wait(qtbot, text_pane, window, [corpus(tmp_path)])
    train = text_pane.train
    tiny_settings(train, minutes=5)

    train.train_button.click()
    qtbot.waitUntil(lambda: len(train.chart.points("train")) >= 3, timeout=20000)
    train.cancel_button.click()
    qtbot.waitUntil(lambda: train.handle is None, timeout=20000)

    runs = list_runs(window.project.runs_dir)
    assert len(runs) == 1
    assert train.runs.rows() == [(runs[0].name, "cancelled")]
    assert text_pane.session.active_run == runs[0]
    assert "keeps the best model" in train.state.text()
    assert train.train_button.isEnabled()
    assert train.figures["step"].text() != "—"


def test_a_trained_model_writes_finds_and_classifies(
    text_pane, window, qtbot, tmp_path, monkeypatch
):
    add_and_wait(qtbot, text_pane, window, [corpus(tmp_path)])
    train = text_pane.train
    tiny_settings(train, epochs=3)
    with qtbot.waitSignal(text_pane.session.active_run_changed, timeout=30000):
        train.train_button.click()
    assert "is ready" in train.state.text()
    assert train.chart.points("val")

    generate = text_pane.generate
    generate.prompt.setPlainText("the cat")
    generate.max_length.setValue(60)
    generate.seed.setValue(1)
    pieces: list[str] = []
    generate.relay.piece.connect(pieces.append)
    generate.generate_button.click()
    qtbot.waitUntil(lambda: generate.handle is None, timeout=30000)
    assert len(pieces) > 5  # streamed piece by piece
    assert generate.generated_text() == "the cat" + "".join(pieces)

    search = text_pane.search
    search.query.setText("waves over the sea")
    with qtbot.waitSignal(search.results_shown, timeout=20000) as shown:
        search.search_button.click()
    assert shown.args == [20]
    assert search.results.topLevelItem(0).text(2).startswith("story.txt:")

    rows = [["text", "label"]] + [[t, "cat" if "cat" in t else "sea"] for t in LINES]
    table = tmp_path / "labels.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(table), ""))
    )
    classify = text_pane.classify
    classify.import_button.click()
    qtbot.waitUntil(classify.train_button.isEnabled, timeout=10000)
    with qtbot.waitSignal(classify.trained, timeout=20000):
        classify.train_button.click()
    assert classify.matrix.rowCount() == 2
    assert "Accuracy" in classify.accuracy.text()
    classify.text.setText("the old cat sleeps on the bed.")
    with qtbot.waitSignal(classify.classified, timeout=10000) as guessed:
        classify.classify_button.click()
    assert guessed.args[0][0].label == "cat"
    assert "cat:" in classify.guesses.text()


def test_generation_stops_when_asked(text_pane, window, qtbot, tmp_path):
    add_and_wait(qtbot, text_pane, window, [corpus(tmp_path)])
    train = text_pane.train
    tiny_settings(train, epochs=1)
    with qtbot.waitSignal(text_pane.session.active_run_changed, timeout=30000):
        train.train_button.click()
    generate = text_pane.generate
    generate.max_length.setValue(20_000)

    with qtbot.waitSignal(generate.relay.piece, timeout=30000):
        generate.generate_button.click()
    generate.stop_button.click()
    qtbot.waitUntil(lambda: generate.handle is None, timeout=30000)

    assert 0 < len(generate.generated_text()) < 20_000
    assert generate.generate_button.isEnabled()


def test_the_pane_follows_the_language(text_pane, window, qtbot, tmp_path):
    from desktop.i18n import install_language

    add_and_wait(qtbot, text_pane, window, [corpus(tmp_path)])
    install_language("zh_CN")
    qtbot.waitUntil(lambda: text_pane.tabs.tabText(0) == "文件")

    assert text_pane.nav_title() == "文本"
    assert text_pane.train.train_button.text() == "训练"
    assert "个参数" in text_pane.train.estimate.text()
    assert "个字符" in text_pane.files.counts.text()
    assert text_pane.train.runs.tree.headerItem().text(0) == "模型"
    item = window.project_view.nav.item(window.project_view.panes.index(text_pane))
    assert item.text() == "文本"


def write_labels(tmp_path, monkeypatch):
    rows = [["text", "label"]] + [[t, "cat" if "cat" in t else "sea"] for t in LINES]
    table = tmp_path / "labels.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(table), ""))
    )


def test_a_csv_imported_before_any_model_is_trainable_once_one_exists(
    text_pane, window, qtbot, tmp_path, monkeypatch
):
    write_labels(tmp_path, monkeypatch)
    classify = text_pane.classify
    text_pane.tabs.setCurrentWidget(classify)
    classify.import_button.click()
    qtbot.waitUntil(lambda: classify.data is not None, timeout=10000)
    assert not classify.train_button.isEnabled()

    add_and_wait(qtbot, text_pane, window, [corpus(tmp_path)])
    tiny_settings(text_pane.train, epochs=1)
    with qtbot.waitSignal(text_pane.session.active_run_changed, timeout=30000):
        text_pane.train.train_button.click()
    assert classify.train_button.isEnabled()

    text_pane.session.set_active_run(None)
    assert not classify.train_button.isEnabled()
    text_pane.session.set_active_run(list_runs(window.project.runs_dir)[0])
    assert classify.train_button.isEnabled()


def lm_folders(window):
    return sorted(p.name for p in window.project.runs_dir.glob("lm-*"))


def test_cancel_while_learning_the_vocabulary_keeps_no_empty_run(
    text_pane, window, qtbot, tmp_path, monkeypatch
):
    import engine.text.train as training

    learning = threading.Event()

    def slow_vocabulary(texts, kind, *, ctx, **options):
        learning.set()
        while True:  # a huge corpus: only cancel ends it
            ctx.check()
            time.sleep(0.01)

    monkeypatch.setattr(training, "train_tokenizer", slow_vocabulary)
    add_and_wait(qtbot, text_pane, window, [corpus(tmp_path)])
    train = text_pane.train
    tiny_settings(train, epochs=1)

    train.train_button.click()
    qtbot.waitUntil(learning.is_set, timeout=10000)
    train.cancel_button.click()
    assert train.state.text() == "Stopping…"
    qtbot.waitUntil(lambda: train.handle is None, timeout=20000)

    assert lm_folders(window) == []
    assert "before any model was saved" in train.state.text()
    assert "keeps" not in train.state.text()
    assert train.runs.rows() == []
    assert text_pane.session.active_run is None
    assert train.train_button.isEnabled()


def test_a_failed_training_keeps_no_run_folder(text_pane, window, qtbot, tmp_path):
    from engine.text.lstm import LMConfig
    from engine.text.train import TrainOptions

    add_and_wait(qtbot, text_pane, window, [corpus(tmp_path)])
    train = text_pane.train
    diverging = LMConfig(0, embed_size=32, hidden_size=32, layers=1, lr=1e30)
    options = TrainOptions(
        tokenizer="char", config=diverging, epochs=5, warmup_steps=1, clip=1e30
    )
    train.options = lambda: options

    train.train_button.click()
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=30000)

    assert "NaN" in window.last_error.message.text()
    assert train.handle is None
    assert lm_folders(window) == []
    assert train.runs.rows() == []
    window.last_error.close()


def test_the_time_per_epoch_is_measured_on_this_computer(
    text_pane, window, qtbot, tmp_path
):
    from desktop.panes.text_widgets import human_duration

    train = text_pane.train
    text_pane.tabs.setCurrentWidget(train)
    tiny_settings(train, epochs=1)
    assert "measuring the speed of this computer" in train.estimate.text()
    qtbot.waitUntil(
        lambda: "per million characters" in train.estimate.text(), timeout=20000
    )
    assert "measuring" not in train.estimate.text()

    add_and_wait(qtbot, text_pane, window, [corpus(tmp_path)])
    text_pane.tabs.setCurrentWidget(train)
    assert "measuring the speed" in train.estimate.text()  # a new vocabulary
    qtbot.waitUntil(lambda: "per epoch" in train.estimate.text(), timeout=20000)
    speed = train.speed_meter.speed(train._estimate_config())
    seconds = text_pane.session.characters() / speed
    assert f"about {human_duration(seconds)} per epoch" in train.estimate.text()

    train.hidden.setValue(64)  # other sizes: measured afresh
    assert "measuring the speed" in train.estimate.text()
    qtbot.waitUntil(lambda: "per epoch" in train.estimate.text(), timeout=20000)
    train.hidden.setValue(32)  # back to sizes measured already
    assert "per epoch" in train.estimate.text()
