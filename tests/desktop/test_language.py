"""Switching language in Preferences re-translates the window at once."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from desktop.dialogs import preferences as preferences_dialog
from desktop.dialogs.preferences import PreferencesDialog
from desktop.errors import user_message
from engine.jobs import JobFailed


def _choose_language(window, qtbot, monkeypatch, code: str) -> None:
    monkeypatch.setattr(preferences_dialog, "detect_gpu", lambda: None)
    window.menus.actions["preferences"].trigger()
    dialog = window.findChild(PreferencesDialog)
    dialog.language.setCurrentIndex(dialog.language.findData(code))
    dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Ok
    ).click()
    qtbot.waitUntil(lambda: window.findChild(PreferencesDialog) is None, timeout=2000)


def _menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_switch_to_chinese_and_back(window, qtbot, monkeypatch):
    assert _menu_titles(window) == ["&File", "&Edit", "&View", "&Help"]

    _choose_language(window, qtbot, monkeypatch, "zh_CN")

    assert _menu_titles(window) == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    assert window.menus.actions["new"].text() == "新建项目(&N)…"
    assert window.welcome._new.text() == "新建项目…"
    assert window.welcome._recent_caption.text() == "最近的项目"
    assert window.jobs_dock.windowTitle() == "任务"
    assert window.preferences.language == "zh_CN"

    _choose_language(window, qtbot, monkeypatch, "en")

    assert _menu_titles(window) == ["&File", "&Edit", "&View", "&Help"]
    assert window.welcome._new.text() == "New project…"


def test_engine_messages_are_translated(qapp):
    from desktop.i18n import install_language

    install_language("zh_CN")
    error = JobFailed(title="导入", reason="磁盘已满")
    assert user_message(error) == "任务“导入”失败：磁盘已满"
    assert "KeyError" in user_message(KeyError("x"))
    assert "意外错误" in user_message(KeyError("x"))


def test_gpu_choice_disabled_without_gpu(qtbot, monkeypatch):
    from desktop.preferences import Preferences

    monkeypatch.setattr(preferences_dialog, "_gpu_probe", {})
    monkeypatch.setattr(preferences_dialog, "detect_gpu", lambda: None)
    dialog = PreferencesDialog(Preferences())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "No GPU" in dialog.gpu_note.text(), timeout=3000)
    gpu_item = dialog.device.model().item(dialog.device.findData("gpu"))
    assert not gpu_item.isEnabled()
    assert dialog.result_preferences() == Preferences()
