"""Reaching the Search pane from other panes ("Find similar photos").

Panes do not know each other; this finds the project view above a widget
and asks its Search pane, so any list of photos (the Library and Label
grids, the look-alikes, the Train results) can offer the action with one
line: :func:`add_find_similar` for a menu the caller builds,
:func:`offer_find_similar` for a view without a menu of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

SEARCH_KEY = "search"

# a library photo id, a file path, or None where there is no photo
PhotoAt = Callable[[QModelIndex], int | str | None]


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


def find_similar(widget: QWidget, photo: int | str) -> bool:
    """Show the Search pane with the photos like ``photo`` (a library photo
    id or the path of a file)."""
    found = search_pane_of(widget)
    if found is None:
        return False
    view, pane = found
    view.show_pane(SEARCH_KEY)
    pane.find_similar(photo)
    # from a separate window (a dialog over the main one), show the results
    view.window().raise_()
    view.window().activateWindow()
    return True


def add_find_similar(menu: QMenu, widget: QWidget, photo: int | str) -> QAction | None:
    """Add "Find similar photos" to ``menu`` when a Search pane is reachable."""
    if search_pane_of(widget) is None:
        return None
    return menu.addAction(
        QCoreApplication.translate("PhotoMenu", "Find similar photos"),
        lambda: find_similar(widget, photo),
    )


def offer_find_similar(view: QAbstractItemView, photo_at: PhotoAt) -> None:
    """Give ``view`` a context menu with "Find similar photos" for the photo
    under the pointer."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(
        lambda pos: _on_view_menu(view, photo_at, pos)
    )


def menu_at(view: QAbstractItemView, photo_at: PhotoAt, pos: QPoint) -> QMenu | None:
    """The menu :func:`offer_find_similar` shows at ``pos`` (None: nothing)."""
    index = view.indexAt(pos)
    photo = photo_at(index) if index.isValid() else None
    if photo is None:
        return None
    menu = QMenu(view)
    if add_find_similar(menu, view, photo) is None:
        menu.deleteLater()
        return None
    return menu


def show_menu(menu: QMenu, where: QPoint) -> None:
    """Run ``menu`` at the screen point ``where`` (tests answer it instead)."""
    menu.exec(where)


def _on_view_menu(view: QAbstractItemView, photo_at: PhotoAt, pos: QPoint) -> None:
    menu = menu_at(view, photo_at, pos)
    if menu is not None:
        show_menu(menu, view.viewport().mapToGlobal(pos))
        menu.deleteLater()
