"""Text classification on the frozen language model: CSV import, training the
head, figures, saving, classifying new text, bad files and cancel."""

from __future__ import annotations

import csv
import json
import shutil

import numpy as np
import pytest
import torch

from engine.jobs import Cancelled, CancelToken, JobContext
from engine.text.classify import (
    HEAD_CONFIG,
    HEAD_WEIGHTS,
    ClassifierOptions,
    ClassifierOutdated,
    EmptyTextToClassify,
    NoTextClassifier,
    classifier_training_job,
    classify_text,
    load_classifier,
    stratified_split,
)
from engine.text.corpus import BinaryTextFile, EmptyTextFile
from engine.text.labelled_csv import (
    LONE_EXAMPLE,
    NO_LABEL,
    TOO_FEW_CELLS,
    NoLabelledRows,
    TooFewLabels,
    read_labelled_csv,
)
from engine.text.lstm import LMConfig, load_checkpoint
from engine.text.train import TrainOptions, training_job

torch.set_num_threads(1)

CATS = [
    f"the {a} cat {b} on the {c}."
    for a in ("small", "black", "old")
    for b in ("sleeps", "sits", "purrs")
    for c in ("sofa", "bed")
]
SEA = [
    f"{a} waves {b} over the {c} sea."
    for a in ("big", "grey", "cold")
    for b in ("roll", "crash", "break")
    for c in ("deep", "blue")
]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    torch.set_num_threads(1)
    folder = tmp_path_factory.mktemp("lm")
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(CATS + SEA) * 3 + "\n", encoding="utf-8")
    config = LMConfig(
        0, embed_size=32, hidden_size=32, layers=1, seq_len=24, batch_size=8, lr=1e-2
    )
    options = TrainOptions(config=config, max_steps=20, sample_tokens=5)
    return training_job([corpus], folder / "lm-run", options).run(JobContext()).run_dir


def write_csv(path, rows, *, encoding="utf-8", delimiter=","):
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def cats_and_sea(path, **kwargs):
    rows = [["text", "label"]] + [[s, "cats"] for s in CATS] + [[s, "sea"] for s in SEA]
    return write_csv(path, rows, **kwargs)


@pytest.mark.parametrize("pooling", ["mean", "last"])
def test_separable_labels_are_learned_saved_and_used(run_dir, tmp_path, pooling):
    data = cats_and_sea(tmp_path / "examples.csv")
    job = classifier_training_job(run_dir, data, ClassifierOptions(pooling=pooling))

    result = job.run(JobContext())

    assert result.labels == ("cats", "sea")
    assert result.accuracy == 1.0
    assert result.validation_count == 8  # 20% of each label's 18 examples
    assert result.confusion == ((4, 0), (0, 4))
    assert [s.recall for s in result.per_class] == [1.0, 1.0]
    config = json.loads((run_dir / HEAD_CONFIG).read_text(encoding="utf-8"))
    assert config["labels"] == ["cats", "sea"]
    assert config["pooling"] == pooling
    assert config["run"] == run_dir.name
    assert (run_dir / HEAD_WEIGHTS).is_file()
    assert not list(run_dir.glob(".*.tmp"))

    classifier = load_classifier(run_dir)
    model, tok = load_checkpoint(run_dir)
    guesses = classify_text(classifier, model, tok, "the grey cat sits on the bed.")
    assert guesses[0].label == "cats"
    assert guesses[0].probability > 0.5
    assert sum(g.probability for g in guesses) == pytest.approx(1.0, abs=1e-5)
    sea = classify_text(classifier, model, tok, "cold waves crash over the sea.")
    assert sea[0].label == "sea"
    with pytest.raises(EmptyTextToClassify):
        classify_text(classifier, model, tok, "  ")


def test_columns_are_found_without_a_header_and_gbk_decodes(tmp_path):
    rows = [["猫", f"小猫在{p}上睡觉了。"] for p in ("沙发", "床", "桌子")]
    rows += [
        ["海", f"大海的{w}很{a}。"] for w in ("波浪", "颜色") for a in ("大", "深")
    ]
    path = write_csv(tmp_path / "中文.csv", rows, encoding="gbk", delimiter=";")

    data = read_labelled_csv(path)

    assert data.encoding == "gb18030"
    assert not data.has_header
    assert (data.text_column, data.label_column) == (1, 0)
    assert data.labels == ["海", "猫"]
    assert data.examples[0].text == "小猫在沙发上睡觉了。"


def test_bad_rows_are_reported_with_their_line(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "label,text\n"
        "a,first a\n"
        'a,"a text over\ntwo lines"\n'
        "b,first b\n"
        "b,second b\n"
        ",no label here\n"
        "lonely\n"
        "c,the only c\n",
        encoding="utf-8",
    )

    data = read_labelled_csv(path)

    assert data.counts() == {"a": 2, "b": 2}
    assert data.examples[1].text == "a text over\ntwo lines"
    assert [(b.line, b.reason) for b in data.bad_rows] == [
        (7, NO_LABEL),
        (8, TOO_FEW_CELLS),
        (9, LONE_EXAMPLE),
    ]
    assert data.bad_rows[2].message == "the label “c” has only this one example"


def test_bad_csv_files_are_refused_with_a_reason(tmp_path):
    rows = [["text", "label"]] + [["x y", "a"]] * 3
    one_label = write_csv(tmp_path / "one.csv", rows)
    with pytest.raises(TooFewLabels, match="“a” \\(3\\)"):
        read_labelled_csv(one_label)
    one_column = tmp_path / "column.csv"
    one_column.write_text("text\nhello\nworld\n", encoding="utf-8")
    with pytest.raises(NoLabelledRows, match="column.csv"):
        read_labelled_csv(one_column)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(EmptyTextFile):
        read_labelled_csv(empty)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(BinaryTextFile):
        read_labelled_csv(binary)


def test_cancel_stops_and_keeps_no_half_written_head(run_dir, tmp_path):
    data = cats_and_sea(tmp_path / "examples.csv")
    for name in (HEAD_CONFIG, HEAD_WEIGHTS):
        (run_dir / name).unlink(missing_ok=True)
    token = CancelToken()

    def on_progress(progress):
        if progress.metrics.get("step", 0) >= 5:
            token.cancel()

    with pytest.raises(Cancelled):
        classifier_training_job(run_dir, data).run(JobContext(token, on_progress))

    assert not (run_dir / HEAD_CONFIG).exists()
    with pytest.raises(NoTextClassifier):
        load_classifier(run_dir)


def test_a_retrained_model_makes_the_head_outdated(run_dir, tmp_path):
    data = cats_and_sea(tmp_path / "examples.csv")
    classifier_training_job(run_dir, data).run(JobContext())
    weights = run_dir / "weights.safetensors"
    weights.write_bytes(weights.read_bytes())  # a new time stamp
    with pytest.raises(ClassifierOutdated):
        load_classifier(run_dir)


def test_the_split_holds_out_each_label_and_never_all_of_one():
    y = np.array([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2])
    train, val = stratified_split(y, fraction=0.2)
    assert sorted(train.tolist() + val.tolist()) == list(range(len(y)))
    assert sorted(y[val].tolist()) == [0, 1, 1, 2]
    assert set(y[train].tolist()) == {0, 1, 2}


def test_the_command_line_trains_and_classifies(run_dir, tmp_path, capsys):
    from engine.cli import main
    from engine.project import Project

    with Project.create(tmp_path / "Words") as project:
        project.runs_dir.mkdir(parents=True, exist_ok=True)
        shutil.copytree(run_dir, project.runs_dir / run_dir.name)
    data = cats_and_sea(tmp_path / "examples.csv")
    project_path = str(tmp_path / "Words.pictor")

    assert main(["lm", "classify-train", project_path, str(data), "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert trained["accuracy"] == 1.0
    assert trained["labels"] == ["cats", "sea"]

    assert main(["lm", "classify", project_path, "the old cat purrs.", "--json"]) == 0
    guessed = json.loads(capsys.readouterr().out)
    assert guessed["labels"][0]["label"] == "cats"

    one = write_csv(tmp_path / "one.csv", [["text", "label"], ["x", "a"], ["y", "a"]])
    assert main(["lm", "classify-train", project_path, str(one), "--json"]) == 1
    assert "at least 2 labels" in json.loads(capsys.readouterr().out)["error"]
