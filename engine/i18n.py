"""Messages a user reads, written in English here and translated by the GUI.

The engine never imports Qt. It marks user-facing sentences with
``QT_TRANSLATE_NOOP`` so that ``pyside6-lupdate`` collects them into the
translation files; the desktop layer translates them when it shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONTEXT = "engine"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802
    """Return ``text`` unchanged; the name lets lupdate find the string."""
    return text


def format_message(template: str, params: Mapping[str, Any]) -> str:
    """Fill a template, leaving it readable if a placeholder is missing."""
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


class UserError(Exception):
    """An error whose message is meant for the user.

    ``template`` is an English sentence marked for translation and
    ``params`` fills its ``{placeholders}``. ``str(error)`` gives the
    English sentence, which the CLI prints; the GUI translates the template.
    """

    template: str = QT_TRANSLATE_NOOP("engine", "Something went wrong.")

    def __init__(self, template: str | None = None, **params: Any) -> None:
        if template is not None:
            self.template = template
        self.params = params
        super().__init__(format_message(self.template, params))
