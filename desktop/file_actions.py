"""Photo files in the desktop: open, show in the file manager, copy paths."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

log = logging.getLogger(__name__)


def open_file(path: str) -> bool:
    """Open a photo with the system's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def reveal_in_file_manager(path: str) -> bool:
    """Show the file selected in Explorer or Finder; on Linux open its folder."""
    try:
        if sys.platform == "win32":
            subprocess.Popen(["explorer", "/select,", os.path.normpath(path)])  # noqa: S603, S607
            return True
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", path])  # noqa: S603, S607
            return True
    except OSError:
        log.warning("cannot reveal %s", path, exc_info=True)
        return False
    # Limit: on Linux the folder opens without the file selected, since file
    # managers there share no common way to select a file.
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def copy_paths(paths: Sequence[str]) -> None:
    """Put the paths on the clipboard, one a line."""
    QGuiApplication.clipboard().setText("\n".join(paths))
