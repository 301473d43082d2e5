"""Preferences: stored versioned, upgraded step by step, bad values ignored."""

from __future__ import annotations

from desktop import preferences
from desktop.preferences import Preferences


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
