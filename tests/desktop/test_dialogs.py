"""The log view, the error dialog behind the exception hook, About, self-test."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.dialogs import about
from desktop.dialogs.about import AboutDialog
from desktop.dialogs.log_view import LogDialog
from desktop.errors import ErrorReporter, details_of
from engine.project import NotAProject


def test_log_view_shows_lines_logged_from_other_threads(window, qtbot):
    window.menus.actions["log"].trigger()
    dialog = window.findChild(LogDialog)
    assert dialog is not None
    marker = "a line from a worker thread"
    worker = threading.Thread(target=lambda: logging.getLogger("test").warning(marker))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: marker in dialog.view.toPlainText(), timeout=2000)
    dialog.close()
    logging.getLogger("test").warning("after the view closed")


def test_error_from_a_thread_reaches_the_dialog_on_the_gui_thread(window, qtbot):
    reporter = ErrorReporter()
    reporter.raised.connect(window.show_error)
    error = NotAProject(path="/tmp/x")

    worker = threading.Thread(target=lambda: reporter.report(error, "Traceback: x"))
    worker.start()
    worker.join()

    qtbot.waitUntil(lambda: window.last_error is not None, timeout=2000)
    dialog = window.last_error
    assert dialog.message.text().startswith("“/tmp/x” is not a Pictor project")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Traceback: x"


def test_details_hold_the_traceback():
    with pytest.raises(NotAProject) as caught:
        raise NotAProject(path="p")
    details = details_of(caught.value)
    assert "Traceback" in details
    assert "NotAProject" in details


def test_about_shows_library_versions_from_a_worker(qtbot, monkeypatch):
    monkeypatch.setattr(
        about,
        "library_versions",
        lambda: {
            "torch": "9.9",
            "torchvision": None,
            "open_clip": "3.0",
            "hnswlib": "0.8",
        },
    )
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.library_labels["torch"].text() == "checking…"
    qtbot.waitUntil(
        lambda: dialog.library_labels["torch"].text() == "9.9", timeout=3000
    )
    assert dialog.library_labels["torchvision"].text() == "not available"


def test_window_self_test_paints(qapp):
    from desktop.selftest import check_window

    assert "painted" in check_window()
