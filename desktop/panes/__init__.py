"""The registry of panes shown in the project view, in navigation order.

A pane module adds one line to ``PANES``: ``"desktop.panes.library:LibraryPane"``.
Entries are imported when the window is built, so a pane module must not
import heavy libraries at module level. Tests may :func:`register_pane` a
class directly and :func:`unregister_pane` it afterwards.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.panes.base import Pane

PANES: list[str | type[Pane]] = [
    "desktop.panes.overview:OverviewPane",
    "desktop.panes.library:LibraryPane",
    "desktop.panes.label:LabelPane",
    "desktop.panes.train:TrainPane",
    "desktop.panes.search:SearchPane",
    "desktop.panes.text:TextPane",
]


def register_pane(pane: str | type[Pane], *, position: int | None = None) -> None:
    """Add a pane class (or ``"module:Class"``) to the navigation."""
    if pane in PANES:
        return
    PANES.insert(len(PANES) if position is None else position, pane)


def unregister_pane(pane: str | type[Pane]) -> None:
    if pane in PANES:
        PANES.remove(pane)


def pane_classes() -> list[type[Pane]]:
    """The registered pane classes, importing each module named in ``PANES``."""
    classes = []
    for entry in PANES:
        if isinstance(entry, str):
            module_name, _, class_name = entry.partition(":")
            entry = getattr(importlib.import_module(module_name), class_name)
        classes.append(entry)
    return classes
