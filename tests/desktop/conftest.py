"""Desktop fixtures: fresh settings per test (they live under the per-test
PICTOR_HOME), English by default, and a check that no QThread is left running."""

from __future__ import annotations

import pytest

from desktop.i18n import install_language
from desktop.workers import running_workers, wait_for_workers
from engine import logs


@pytest.fixture(scope="session", autouse=True)
def _logging_ring():
    """The in-app log view reads the ring buffer; no log file in tests."""
    logs.setup_logging(to_stderr=False, to_file=False)


@pytest.fixture(autouse=True)
def no_running_qthreads(qapp, qtbot):
    """Fail a test that leaves a worker thread running."""
    yield
    try:
        qtbot.waitUntil(lambda: not running_workers(), timeout=5000)
    except AssertionError:
        stuck = wait_for_workers(5.0)
        pytest.fail(f"test left worker threads running: {stuck or 'reaped late'}")


@pytest.fixture(autouse=True)
def english(qapp):
    install_language("en")
    yield
    install_language("en")


def dispose_window(win) -> None:
    """Close and delete a main window now, not at some later event.

    A window left to ``deleteLater`` while Python still holds its wrapper
    (reference cycles through connected lambdas) can be freed twice when
    the garbage collector runs in the middle of Qt's deferred delete.
    """
    import gc

    import shiboken6

    win.close()
    if shiboken6.isValid(win):
        shiboken6.delete(win)
    gc.collect()


@pytest.fixture
def window(qtbot):
    from desktop.main_window import MainWindow

    win = MainWindow()
    win.show()
    qtbot.waitExposed(win)
    yield win
    dispose_window(win)


@pytest.fixture
def patch_new_project(monkeypatch, tmp_path):
    """Answer the New project questions: a name, then tmp_path as location."""

    def answer(name: str):
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        monkeypatch.setattr(
            QInputDialog, "getText", staticmethod(lambda *a, **k: (name, True))
        )
        monkeypatch.setattr(
            QFileDialog,
            "getExistingDirectory",
            staticmethod(lambda *a, **k: str(tmp_path)),
        )
        return tmp_path / f"{name}.pictor"

    return answer
