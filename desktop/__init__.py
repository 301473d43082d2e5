"""Pictor's window: PySide6 panes, widgets and workers over the engine."""
