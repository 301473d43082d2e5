"""Application setup: logging, error hooks, style, language, then the window.

``run(args)`` is what ``pictor`` calls without a sub-command; ``args`` may
hold one project path to open. With ``PICTOR_STARTUP_PROBE=1`` the app prints
the seconds from process start to the first paint of the window and quits
(used by ``tests/bench/bench_startup.py``).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop import preferences
from desktop.errors import ErrorReporter
from desktop.i18n import install_language
from engine import logs
from resources import path as resource_path

log = logging.getLogger(__name__)

PROBE_ENV = "PICTOR_STARTUP_PROBE"
ORGANISATION = "Pictor"
APPLICATION = "Pictor"


def create_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication, created once with Pictor's names, style and icon."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication([sys.argv[0] if sys.argv else "pictor", *argv])
    app.setApplicationDisplayName("Pictor")
    app.setDesktopFileName("pictor")
    app.setWindowIcon(QIcon(str(resource_path("icons", "pictor.svg"))))
    app.setStyle(QStyleFactory.create("Fusion"))
    follow_colour_scheme(app)
    return app


def follow_colour_scheme(app: QApplication) -> None:
    """Light or dark palette now, and again whenever the system changes."""
    hints = app.styleHints()
    apply_palette(app, dark=hints.colorScheme() == Qt.ColorScheme.Dark)
    hints.colorSchemeChanged.connect(
        lambda scheme: apply_palette(app, dark=scheme == Qt.ColorScheme.Dark)
    )


def apply_palette(app: QApplication, *, dark: bool) -> None:
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())


def _dark_palette() -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2b2b2e",
        role.WindowText: "#e6e6e6",
        role.Base: "#1f1f22",
        role.AlternateBase: "#2f2f33",
        role.ToolTipBase: "#3a3a3e",
        role.ToolTipText: "#e6e6e6",
        role.Text: "#e6e6e6",
        role.Button: "#35353a",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b",
        role.Link: "#6aa9ff",
        role.Highlight: "#3d7bd9",
        role.HighlightedText: "#ffffff",
        role.PlaceholderText: "#8c8c92",
        role.Mid: "#44444a",
        role.Dark: "#1a1a1c",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(disabled, colour_role, QColor("#77777c"))
    return palette


class _StartupProbe(QObject):
    """Prints the time to the window's first paint, then quits."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self._started = started
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            elapsed = time.time() - self._started
            sys.stdout.write(f"pictor-startup-probe {elapsed:.4f}\n")
            sys.stdout.flush()
            QTimer.singleShot(0, QCoreApplication.quit)
        return False


def process_start_time() -> float:
    """Unix time the process started (Linux: from /proc; else now-ish)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/self/stat", "rb") as stat, open("/proc/uptime", "rb") as up:
            start_ticks = int(stat.read().rsplit(b")", 1)[1].split()[19])
            uptime = float(up.read().split()[0])
        return time.time() - uptime + start_ticks / ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return _IMPORTED_AT


_IMPORTED_AT = time.time()


def run(args: Sequence[str] = ()) -> int:
    """Open the window (and the project in ``args``, if any); return the exit code."""
    logs.setup_logging()
    prefs = preferences.load()
    app = create_application()
    install_language(prefs.language)
    reporter = ErrorReporter()
    logs.install_exception_hooks(reporter.report)

    from desktop.main_window import MainWindow

    window = MainWindow()
    reporter.raised.connect(window.show_error)
    if os.environ.get(PROBE_ENV) == "1":
        probe = _StartupProbe(process_start_time())
        window.installEventFilter(probe)
    window.show()
    if args:
        window.open_project(args[0])
    app.aboutToQuit.connect(lambda: window.jobs.shutdown())
    log.info("window shown")
    return app.exec()
