"""Preferences: stored versioned, upgraded step by step, bad values ignored."""

from __future__ import annotations

import json

from desktop import preferences
from desktop.dialogs import preferences as preferences_dialog
from desktop.dialogs.preferences import PreferencesDialog
from desktop.preferences import Preferences
from engine import compute, paths


def test_round_trip(pictor_home):
    prefs = Preferences(language="zh_CN", device="cpu", threads=3, models_dir="/m")
    preferences.save(prefs)
    assert preferences.load() == prefs
    assert (pictor_home / "settings.ini").is_file()


def test_unversioned_settings_are_upgraded(pictor_home):
    store = preferences.settings()
    store.setValue("preferences/use_gpu", "true")
    store.setValue("preferences/language", "en")
    store.sync()
    assert preferences.load() == Preferences(language="en", device="gpu")


def test_bad_values_fall_back_to_defaults(pictor_home):
    store = preferences.settings()
    store.setValue("preferences/version", preferences.VERSION)
    store.setValue("preferences/device", "tpu")
    store.setValue("preferences/threads", "many")
    store.setValue("preferences/colour", "blue")
    store.sync()
    assert preferences.load() == Preferences()


def test_default_model_folder_is_the_engines(pictor_home):
    from engine.paths import user_models_dir

    assert Preferences().models_path() == user_models_dir()


def test_saving_shares_the_engine_choices_with_commands(pictor_home, tmp_path):
    folder = tmp_path / "我的模型"
    prefs = Preferences(
        language="zh_CN", device="cpu", threads=2, models_dir=str(folder)
    )

    preferences.save(prefs)

    shared = json.loads((pictor_home / "engine.json").read_text(encoding="utf-8"))
    assert shared == {"models_dir": str(folder), "device": "cpu", "threads": 2}
    # What a `pictor` command started now sees: nothing set in its process.
    paths.set_user_models_dir(None)
    assert paths.user_models_dir() == folder
    assert compute.shared_settings() == compute.ComputeSettings("cpu", 2)


def test_the_dialog_keeps_a_chosen_model_folder(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(preferences_dialog, "_gpu_probe", {"gpu": None})
    prefs = Preferences(models_dir=str(tmp_path / "models"))
    preferences.put_into_effect(prefs)
    try:
        dialog = PreferencesDialog(prefs)
        qtbot.addWidget(dialog)
        assert dialog.result_preferences() == prefs
    finally:
        preferences.put_into_effect(Preferences())
        compute.configure(compute.ComputeSettings())
