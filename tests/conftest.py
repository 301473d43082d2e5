"""Fixtures shared by every test: an isolated app-data folder, offscreen Qt,
and a check that no test leaves a thread running."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def pictor_home(tmp_path_factory, monkeypatch) -> Path:
    """Each test gets its own app-data folder (models, logs, settings)."""
    home = tmp_path_factory.mktemp("pictor-home")
    monkeypatch.setenv("PICTOR_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Fail a test that leaves a thread of its own running."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5
    while True:
        extra = [
            t
            for t in threading.enumerate()
            if t not in before and t.is_alive() and not t.daemon
        ]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not extra, f"test left threads running: {[t.name for t in extra]}"


@pytest.fixture
def shared_data() -> Path:
    """The real photos and text beside the repository; skips when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA
