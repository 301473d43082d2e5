"""The ``pictor`` command without a display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "init" in out
    assert "self-test" in out


def test_init_and_info_with_json(tmp_path, capsys):
    assert main(["init", str(tmp_path / "花园 photos"), "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["path"].endswith("花园 photos.pictor")
    assert main(["info", created["path"], "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["name"] == "花园 photos"
    assert info["schema"] >= 1


def test_errors_are_one_sentence_and_exit_1(tmp_path, capsys):
    assert main(["info", str(tmp_path / "nothing")]) == 1
    err = capsys.readouterr().err
    assert "is not a Pictor project" in err
    assert "Traceback" not in err
    assert main(["info", str(tmp_path / "nothing"), "--json"]) == 1
    assert "error" in json.loads(capsys.readouterr().out)


def test_the_pictor_entry_point_runs_without_a_display(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")
    }
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "init", str(tmp_path / "p"), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "p"
    assert "PySide6" not in result.stderr


def test_engine_never_imports_qt():
    code = (
        "import importlib, pkgutil, sys, engine\n"
        "for m in pkgutil.walk_packages(engine.__path__, 'engine.'):\n"
        "    importlib.import_module(m.name)\n"
        "import engine.cli; engine.cli.build_parser()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_commands_follow_the_choices_saved_in_preferences(
    pictor_home, tmp_path, capsys, monkeypatch
):
    import torch

    from engine import compute, paths
    from tests.engine.weights_server import random_resnet18_state

    monkeypatch.setattr(compute, "_applied", None)
    monkeypatch.setattr(paths, "_models_override", None)
    folder = tmp_path / "我的模型"
    settings = {"models_dir": str(folder), "device": "cpu", "threads": 1}
    (pictor_home / "engine.json").write_text(json.dumps(settings), encoding="utf-8")
    weights = tmp_path / "r18.pth"
    torch.save(random_resnet18_state(), weights)

    assert main(["models", "import", "resnet18", str(weights), "--json"]) == 0

    assert json.loads(capsys.readouterr().out)["folder"] == str(folder / "resnet18")
    assert compute.current() == compute.ComputeSettings(device="cpu", threads=1)


def test_a_damaged_settings_file_leaves_the_defaults(pictor_home, monkeypatch):
    from engine import compute, paths

    monkeypatch.setattr(compute, "_applied", None)
    monkeypatch.setattr(paths, "_models_override", None)
    (pictor_home / "engine.json").write_text('{"models_dir": ', encoding="utf-8")
    assert paths.user_models_dir() == pictor_home / "models"
    assert compute.current() == compute.ComputeSettings()


CRASHING_COMMAND = """
import sys
from engine.commands import project

def crash(args):
    raise KeyError("width")

project.run_info = crash
from engine.cli import main
sys.exit(main(["info", "somewhere"]))
"""


def test_a_crash_is_logged_and_told_in_one_sentence(tmp_path):
    home = tmp_path / "家"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PICTOR_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_COMMAND],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    log_file = home / "logs" / "pictor.log"
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "pictor: Something unexpected went wrong (KeyError: 'width'). The details "
        f"are in the log file {log_file}."
    ]
    logged = log_file.read_text(encoding="utf-8")
    assert "pictor info crashed" in logged
    assert "Traceback" in logged
    assert "KeyError: 'width'" in logged


def test_a_missing_model_says_which_command_gets_it(tmp_path, capsys):
    assert main(["init", str(tmp_path / "p")]) == 0
    photos = tmp_path / "photos"
    photos.mkdir()
    capsys.readouterr()

    assert main(["index", str(tmp_path / "p.pictor"), str(photos)]) == 1

    err = capsys.readouterr().err
    assert "“CLIP ViT-B/32 (LAION-2B)” (605 MB) is not installed" in err
    assert "`pictor models download clip-vit-b32`" in err
    assert "`pictor models import clip-vit-b32 FILE`" in err
    assert "Models window" not in err


def test_help_loads_no_numerical_or_network_library():
    # `pictor --help` must answer at once: no numpy, torch, HTTP or SSL
    script = (
        "import sys\n"
        "from engine.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('numpy', 'torch', 'http.client', 'ssl')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stderr.strip().splitlines()[-1] == "[]"
