"""The window part of ``pictor self-test``: build the window offscreen, paint it."""

from __future__ import annotations

import os


def check_window() -> str:
    """Open the main window offscreen, paint it once; raise on failure.

    Returns:
        A short detail, e.g. ``"1100x720 painted, 1 pane(s)"``.
    """
    import shiboken6
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.app import create_application
    from desktop.main_window import MainWindow

    create_application()
    window = MainWindow()
    try:
        image = window.grab().toImage()
        if image.isNull() or image.width() < 100 or image.height() < 100:
            raise RuntimeError("the main window painted an empty image")
        panes = len(window.project_view.panes)
        return f"{image.width()}x{image.height()} painted, {panes} pane(s)"
    finally:
        window.jobs.shutdown(1.0)
        # delete now: a deferred delete of a window Python still holds can
        # free it twice if the garbage collector runs at the wrong moment
        shiboken6.delete(window)
