"""The Qt binding must not leak or free Python's singletons.

PySide6 6.12.0 on Python 3.11 loses a reference to ``True`` on every signal
emit and to ``None`` on every void call, and the app aborts after a few
thousand of them (a minute of scrolling the photo grid).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()


def test_signals_and_void_calls_keep_singleton_reference_counts(qapp):
    emitter = _Emitter()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(2000):
        emitter.ping.emit()
        emitter.setObjectName("x")
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    assert [a - b for a, b in zip(after, before, strict=True)] == [0, 0, 0]
