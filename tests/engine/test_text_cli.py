"""``pictor lm train``, ``generate`` and ``search`` run in-process, as a user
would type them."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from engine.cli import main
from engine.text.lstm import (
    DEFAULT_PRESET,
    WEIGHTS_FILE,
    LMConfig,
    parameter_count,
    read_run_config,
)

STORY = (
    "".join(
        f"the {a} {b} on the {c}.\n" + ("\n" if c == "bed" else "")
        for a in ("cat", "dog", "fox")
        for b in ("sat", "slept", "lay")
        for c in ("mat", "rug", "bed")
    )
    * 3
)
TINY = ["--tokenizer", "char", "--layers", "1", "--hidden", "32"]
TINY += ["--dropout", "0", "--seq-len", "16"]


def cli(*argv: str) -> tuple[int, str]:
    """Run ``pictor ARGV``; return the exit code and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([str(a) for a in argv])
    return code, out.getvalue()


def cli_json(*argv: str) -> dict:
    code, out = cli(*argv, "--json")
    assert code == 0, out
    return json.loads(out)


def new_project(folder):
    return cli_json("init", folder / "words")["path"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lm-cli")
    project = new_project(folder)
    story = folder / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = cli_json("lm", "train", project, story, *TINY, "--max-steps", "20")
    return project, result


def test_train_writes_a_run_and_reports_its_figures_and_skipped_files(tmp_path):
    project = new_project(tmp_path)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    photo = tmp_path / "photo.txt"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)

    result = cli_json("lm", "train", project, story, photo, *TINY, "--max-steps", "3")

    run_dir = tmp_path / "words.pictor" / "runs" / result["run"]
    assert result["run_dir"] == str(run_dir)
    assert (run_dir / WEIGHTS_FILE).is_file()
    saved = read_run_config(run_dir)
    config = LMConfig.from_dict(saved["model"])
    assert (config.layers, config.hidden_size, config.embed_size) == (1, 32, 32)
    assert config.dropout == 0.0
    assert config.tied
    assert saved["preset"] == DEFAULT_PRESET
    assert result["steps"] == 3
    assert result["stopped"] == "step_limit"
    assert result["tokenizer"] == "char"
    assert result["vocab_size"] == config.vocab_size
    assert result["parameters"] == parameter_count(config)
    assert result["tokens_per_s"] > 0
    assert result["best_val_loss"] > 0
    assert [s["file"] for s in result["skipped"]] == ["photo.txt"]
    assert "not a text file" in result["skipped"][0]["reason"]

    # the Text pane lists the file the model learnt from, not the skipped one
    from engine.project import Project
    from engine.text.corpus import project_text_files

    with Project.open(project) as opened:
        assert project_text_files(opened) == [story.resolve()]


def test_train_says_which_files_it_skipped(tmp_path):
    project = new_project(tmp_path)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out = cli("lm", "train", project, story, empty, *TINY, "--max-steps", "1")
    assert code == 0
    assert "Skipped empty.txt:" in out
    assert "is empty" in out


def test_a_failed_train_leaves_no_empty_run_folder(tmp_path):
    project = new_project(tmp_path)
    short = tmp_path / "short.txt"
    short.write_text("hi\n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    runs = tmp_path / "words.pictor" / "runs"

    for files in ([short], [binary]):
        code, out = cli("lm", "train", project, *files, *TINY, "--json")
        assert code == 1
        assert json.loads(out)["error"]
        assert not list(runs.glob("lm-*"))


def test_bad_sizes_are_refused_before_training(tmp_path, capsys):
    project = new_project(tmp_path)
    with pytest.raises(SystemExit) as info:
        main(["lm", "train", project, "story.txt", "--dropout", "1.5"])
    assert info.value.code == 2
    assert "between 0 and 0.9" in capsys.readouterr().err


def test_generate_repeats_itself_with_a_seed_and_takes_emoji(trained):
    project, run = trained
    args = ("lm", "generate", project, "--prompt", "the 😀 cat", "--max-tokens", "30")
    first = cli_json(*args, "--seed", "3")
    again = cli_json(*args, "--seed", "3")
    other = cli_json(*args, "--seed", "4")
    assert first["run"] == run["run"]
    assert first["prompt"] == "the 😀 cat"
    assert len(first["text"]) == 30
    assert "\ufffd" not in first["text"]
    assert first["text"] == again["text"]
    assert first["text"] != other["text"]


def test_search_lists_lines_and_paragraphs_with_scores(trained):
    project, _run = trained
    lines = cli_json("lm", "search", project, "the dog lay on the rug", "-k", "5")
    assert lines["unit"] == "line"
    assert len(lines["results"]) == 5
    scores = [r["score"] for r in lines["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(-1.0 <= s <= 1.0 for s in scores)
    assert all(r["file"] == "story.txt" and r["line"] >= 1 for r in lines["results"])
    assert all("\n" not in r["text"] for r in lines["results"])

    blocks = cli_json("lm", "search", project, "the fox", "--paragraphs", "-k", "3")
    assert blocks["unit"] == "paragraph"
    assert len(blocks["results"]) == 3
    assert all(r["text"].count("\n") == 2 for r in blocks["results"])
