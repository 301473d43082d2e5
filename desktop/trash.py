"""Moving photo files to the system trash (never deleting them outright)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QFile

if TYPE_CHECKING:
    from desktop.search_calls import ResultItem

log = logging.getLogger(__name__)


def move_to_trash(
    items: Iterable[ResultItem],
) -> tuple[list[ResultItem], list[tuple[ResultItem, str]]]:
    """Send each item's file to the trash; returns (moved, [(item, reason)])."""
    moved: list[ResultItem] = []
    failed: list[tuple[ResultItem, str]] = []
    # Limit: files go one by one on the GUI thread, so trashing thousands of
    # look-alikes at once pauses the window until it is done.
    for item in items:
        reason = _trash(item.path)
        if reason:
            log.warning("cannot move %s to the trash: %s", item.path, reason)
            failed.append((item, reason))
        else:
            log.info("moved %s to the trash", item.path)
            moved.append(item)
    return moved, failed


def _trash(path: str) -> str:
    """An empty string when the file went to the trash, else why not."""
    if not os.path.lexists(path):
        return QCoreApplication.translate("Trash", "the file is no longer there")
    result = QFile.moveToTrash(path)
    done = result[0] if isinstance(result, tuple) else bool(result)
    if done and not os.path.lexists(path):
        return ""
    return QCoreApplication.translate(
        "Trash", "the system has no trash here, or refused to move the file"
    )
