"""What the window remembers between runs: recent projects and window state.

Geometry, dock and splitter state are kept for the window; the last active
pane is kept per project (keyed by a hash of its folder).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from PySide6.QtCore import QByteArray

from desktop.preferences import settings

MAX_RECENT = 10


def recent_projects() -> list[str]:
    value = settings().value("recent/projects", [])
    if isinstance(value, str):  # an ini file stores a one-item list as a string
        value = [value]
    return [str(v) for v in value or [] if v]


def add_recent(path: Path) -> None:
    text = os.fspath(path)
    items = [p for p in recent_projects() if p != text]
    _save_recent([text, *items][:MAX_RECENT])


def remove_recent(path: str) -> None:
    _save_recent([p for p in recent_projects() if p != path])


def _save_recent(items: list[str]) -> None:
    store = settings()
    store.setValue("recent/projects", items)
    store.sync()


def save_bytes(key: str, data: QByteArray) -> None:
    store = settings()
    store.setValue(f"window/{key}", data)
    store.sync()


def load_bytes(key: str) -> QByteArray | None:
    value = settings().value(f"window/{key}")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def _project_key(path: Path) -> str:
    # crc32 is enough to tell a user's projects apart and avoids loading OpenSSL
    digest = zlib.crc32(os.fspath(path).encode("utf-8"))
    return f"projects/{digest:08x}"


def save_last_pane(path: Path, pane_key: str) -> None:
    store = settings()
    store.setValue(f"{_project_key(path)}/pane", pane_key)
    store.sync()


def last_pane(path: Path) -> str | None:
    value = settings().value(f"{_project_key(path)}/pane")
    return str(value) if value else None
