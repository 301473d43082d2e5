"""Where Pictor keeps its own files: app data, logs, model weights; and the
engine settings the desktop's Preferences share with ``pictor`` commands."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

APP_NAME = "Pictor"
ENGINE_SETTINGS_NAME = "engine.json"


def app_data_dir() -> Path:
    """The per-user folder for Pictor's data, honouring ``PICTOR_HOME``."""
    override = os.environ.get("PICTOR_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return app_data_dir() / "logs"


_models_override: Path | None = None


def set_user_models_dir(folder: Path | None) -> None:
    """Use ``folder`` for model weights (the user's preference); None resets."""
    global _models_override
    _models_override = Path(folder) if folder else None


def default_models_dir() -> Path:
    return app_data_dir() / "models"


def user_models_dir() -> Path:
    """The writable model folder (downloads and imports land here): the one
    set in this process, else the one chosen in Preferences, else the default."""
    if _models_override is not None:
        return _models_override
    chosen = engine_settings().get("models_dir")
    if isinstance(chosen, str) and chosen.strip():
        return Path(chosen).expanduser()
    return default_models_dir()


def engine_settings_file() -> Path:
    """Where the desktop writes the choices every Pictor process follows."""
    return app_data_dir() / ENGINE_SETTINGS_NAME


_settings_cache: tuple[tuple[str, int, int], dict[str, Any]] | None = None


def engine_settings() -> dict[str, Any]:
    """The model folder, device and threads chosen in Preferences.

    The desktop writes them when Preferences are saved, so that ``pictor``
    commands follow them too; ``PICTOR_HOME`` picks which file is read.
    Returns ``{}`` when there is no file or it cannot be read.
    """
    global _settings_cache
    path = engine_settings_file()
    try:
        stat = path.stat()
    except OSError:
        return {}
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if _settings_cache is None or _settings_cache[0] != key:
        _settings_cache = (key, _read_settings(path))
    return dict(_settings_cache[1])


def _read_settings(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring the settings file %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def write_engine_settings(values: Mapping[str, Any]) -> Path:
    """Write the shared engine settings (a temp file, then ``os.replace``)."""
    path = engine_settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(dict(values), out, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def bundled_models_dir() -> Path | None:
    """A read-only ``models/`` folder shipped next to the application."""
    base = Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False):
        candidate = base / "models"
        return candidate if candidate.is_dir() else None
    candidate = Path(__file__).resolve().parent.parent / "models"
    return candidate if candidate.is_dir() else None


def model_dirs(user_dir: Path | None = None) -> list[Path]:
    """Folders searched for weights, writable folder first."""
    dirs = [user_dir or user_models_dir()]
    bundled = bundled_models_dir()
    if bundled is not None:
        dirs.append(bundled)
    return dirs
