"""File ▸ Models… and the preferences that reach the engine."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QApplication

from desktop.dialogs.models import ModelsDialog
from engine import compute, paths


def test_file_menu_opens_the_models_window(window, qtbot):
    window.menus.actions["models"].trigger()
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ModelsDialog) and w.isVisible()
            for w in QApplication.topLevelWidgets()
        )
    )
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ModelsDialog)
    )
    titles = [
        dialog.tree.topLevelItem(i).text(0)
        for i in range(dialog.tree.topLevelItemCount())
    ]
    assert any("ResNet-18" in title for title in titles), titles
    dialog.close()


def test_preferences_set_the_model_folder_and_compute_for_jobs(window, tmp_path):
    folder = tmp_path / "我的模型"
    prefs = replace(window.preferences, models_dir=str(folder), device="cpu", threads=1)
    window.apply_preferences(prefs)
    assert paths.user_models_dir() == folder
    assert compute.current().threads == 1
    assert compute.current().device == "cpu"
    window.apply_preferences(replace(prefs, models_dir=""))
    assert paths.user_models_dir() == paths.app_data_dir() / "models"
    compute.configure(compute.ComputeSettings())
