"""Pictor's window: PySide6 panes, widgets and workers over the engine."""

from desktop import pyside_guard

pyside_guard.install()
