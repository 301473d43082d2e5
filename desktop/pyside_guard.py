"""Keep PySide6 6.12 from freeing ``None``, ``True`` and ``False`` on Python 3.11.

The PySide6 6.12.0 wheels (abi3) return ``None`` from void methods, and
``True`` from ``Signal.emit``, without taking a reference. Python 3.12 and
later never free these objects (they are immortal), so nothing happens
there; on 3.10 and 3.11 each call drops one reference, and after a few
thousand calls (a few minutes of scrolling the photo grid) Python aborts
with "deallocating None". Raising their reference counts far out of reach
makes them as good as immortal, which is what newer Pythons do.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40
_installed = False


def install() -> None:
    """Make the three singletons unfreeable; a no-op where they already are."""
    global _installed
    if _installed or sys.version_info >= (3, 12):
        return
    if sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _installed = True
