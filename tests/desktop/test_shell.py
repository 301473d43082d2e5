"""Edit ▸ Undo/Redo follow the window's undo stack; the palette follows the scheme."""

from __future__ import annotations

from PySide6.QtGui import QPalette, QUndoCommand

from desktop.app import apply_palette


class Rename(QUndoCommand):
    def __init__(self, names: list[str], new: str) -> None:
        super().__init__(f"Rename to {new}")
        self.names, self.new = names, new

    def redo(self) -> None:
        self.names.append(self.new)

    def undo(self) -> None:
        self.names.pop()


def test_edit_menu_undoes_what_a_pane_pushed(window):
    undo, redo = window.menus.actions["undo"], window.menus.actions["redo"]
    assert not undo.isEnabled()
    names: list[str] = []

    window.services.undo_stack.push(Rename(names, "cats"))
    assert names == ["cats"]
    assert undo.isEnabled()
    assert undo.text() == "&Undo Rename to cats"

    undo.trigger()
    assert names == []
    assert redo.text() == "&Redo Rename to cats"
    redo.trigger()
    assert names == ["cats"]


def test_dark_and_light_palettes(qapp):
    original = qapp.palette()
    try:
        apply_palette(qapp, dark=True)
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 80
        apply_palette(qapp, dark=False)
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        qapp.setPalette(original)


def test_view_menu_lists_panes_and_the_jobs_panel(window):
    before = [a.text() for a in window.menus.view_menu.actions() if a.text()]
    assert "Overview" not in before  # panes are built when first needed
    assert window.project_view.panes
    texts = [a.text() for a in window.menus.view_menu.actions() if a.text()]
    assert texts[0] == "Overview"
    assert "Jobs" in texts
    assert texts[-1] == "&Log"
