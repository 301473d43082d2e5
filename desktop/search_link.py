"""Reaching the Search pane from other panes ("Find similar photos").

Panes do not know each other; this finds the project view above a widget
and asks its Search pane, so the Library and Label grids can offer the
action with one line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

SEARCH_KEY = "search"


def search_pane_of(widget: QWidget) -> tuple[Any, Any] | None:
    """(project view, Search pane) above ``widget``, or None."""
    view = widget.parentWidget()
    while view is not None and not (
        hasattr(view, "panes") and hasattr(view, "show_pane")
    ):
        view = view.parentWidget()
    if view is None:
        return None
    pane = next((p for p in view.panes if p.key == SEARCH_KEY), None)
    return (view, pane) if pane is not None else None


def find_similar(widget: QWidget, photo_id: int) -> bool:
    """Show the Search pane with the photos like ``photo_id``."""
    found = search_pane_of(widget)
    if found is None:
        return False
    view, pane = found
    view.show_pane(SEARCH_KEY)
    pane.find_similar(photo_id)
    return True
