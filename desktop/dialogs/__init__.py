"""Dialogs: errors, preferences, about, the log view."""
