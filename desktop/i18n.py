"""Languages: load Pictor's and Qt's translations and translate engine messages.

The engine marks its sentences with ``QT_TRANSLATE_NOOP("engine", ...)``;
:func:`engine_text` translates such a template and fills its placeholders.
Widgets re-translate themselves on ``QEvent.LanguageChange``, which Qt sends
to every widget when :meth:`Translators.install` swaps the translators.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from engine.i18n import CONTEXT, format_message
from resources import path as resource_path

log = logging.getLogger(__name__)

SYSTEM = "system"
# Language codes Pictor ships, with their names in their own language (a
# name a user can read whatever language the window is in).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}


def resolve_language(choice: str) -> str:
    """Turn a preference (``system`` or a code) into a shipped language code."""
    if choice in LANGUAGES:
        return choice
    name = QLocale.system().name()
    if name.startswith("zh"):
        return "zh_CN"
    return "en"


def engine_text(template: str, params: Mapping[str, Any] | None = None) -> str:
    """Translate an engine template and fill it; the raw text if that fails."""
    if not template:
        return ""
    translated = QCoreApplication.translate(CONTEXT, template)
    return format_message(translated, params or {})


class Translators:
    """The translators installed in the application, swapped as one."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def install(self, choice: str) -> str:
        """Install the translations for ``choice``; return the language code."""
        app = QCoreApplication.instance()
        language = resolve_language(choice)
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = [t for t in self._load(language) if app.installTranslator(t)]
        self.language = language
        # dates and numbers follow the window's language, not only the system
        QLocale.setDefault(QLocale(language) if language != "en" else QLocale.system())
        log.info("language: %s (preference %s)", language, choice)
        return language

    def _load(self, language: str) -> list[QTranslator]:
        if language == "en":
            return []
        found = []
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates = [
            (f"pictor_{language}", str(resource_path("translations"))),
            (f"qtbase_{language}", qt_dir),
        ]
        for name, folder in candidates:
            translator = QTranslator()
            if translator.load(name, folder):
                found.append(translator)
            else:
                log.warning("translation %s not found in %s", name, folder)
        return found


_translators = Translators()


def install_language(choice: str) -> str:
    """Install the app-wide translators for a language preference."""
    return _translators.install(choice)


def current_language() -> str:
    return _translators.language
