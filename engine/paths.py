"""Where Pictor keeps its own files: app data, logs, model weights."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Pictor"


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


def user_models_dir() -> Path:
    """The writable model folder (downloads and imports land here)."""
    if _models_override is not None:
        return _models_override
    return app_data_dir() / "models"


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
