"""User preferences: a versioned frozen dataclass stored in QSettings.

Settings live in an ini file in the app-data folder (``PICTOR_HOME`` moves
it, which isolates tests). Stored preferences are upgraded one version at a
time by the functions in ``UPGRADES``; append a step when a field changes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from engine import compute, paths
from engine.compute import DEVICE_CHOICES, ComputeSettings

log = logging.getLogger(__name__)

GROUP = "preferences"


@dataclass(frozen=True)
class Preferences:
    """``threads`` 0 means all cores but one; an empty ``models_dir`` the default."""

    language: str = "system"
    device: str = "auto"
    threads: int = 0
    models_dir: str = ""

    def compute(self) -> ComputeSettings:
        return ComputeSettings(device=self.device, threads=self.threads)

    def models_path(self) -> Path:
        return Path(self.models_dir) if self.models_dir else paths.default_models_dir()

    def for_engine(self) -> dict[str, Any]:
        """The choices ``pictor`` commands follow too (see engine.paths)."""
        return {
            "models_dir": self.models_dir,
            "device": self.device,
            "threads": self.threads,
        }


def put_into_effect(prefs: Preferences) -> None:
    """Tell the engine where models live and how jobs may compute."""
    compute.configure(prefs.compute())
    paths.set_user_models_dir(Path(prefs.models_dir) if prefs.models_dir else None)


def _upgrade_0_to_1(values: dict[str, Any]) -> dict[str, Any]:
    """Before versioning, the device was a ``use_gpu`` flag."""
    use_gpu = str(values.pop("use_gpu", "")).lower() in ("1", "true")
    values.setdefault("device", "gpu" if use_gpu else "auto")
    return values


# Index i upgrades stored values from version i to i + 1. Append only.
UPGRADES: list[Callable[[dict[str, Any]], dict[str, Any]]] = [_upgrade_0_to_1]
VERSION = len(UPGRADES)


def settings() -> QSettings:
    """The application's settings file (ini, in the app-data folder)."""
    path = paths.app_data_dir() / "settings.ini"
    return QSettings(os.fspath(path), QSettings.Format.IniFormat)


def load(store: QSettings | None = None) -> Preferences:
    """Read preferences, upgrading older versions and ignoring bad values."""
    store = store or settings()
    store.beginGroup(GROUP)
    try:
        values = {key: store.value(key) for key in store.childKeys()}
    finally:
        store.endGroup()
    version = _to_int(values.pop("version", 0))
    for step in UPGRADES[version:]:
        values = step(values)
    return _validated(values)


def save(prefs: Preferences, store: QSettings | None = None) -> None:
    store = store or settings()
    store.beginGroup(GROUP)
    store.remove("")
    store.setValue("version", VERSION)
    for key, value in asdict(prefs).items():
        store.setValue(key, value)
    store.endGroup()
    store.sync()
    share_with_engine(prefs)


def share_with_engine(prefs: Preferences) -> None:
    """Write the model folder and compute choices where the engine reads
    them at start, so command-line runs follow Preferences too."""
    try:
        paths.write_engine_settings(prefs.for_engine())
    except OSError:
        log.warning("cannot write %s", paths.engine_settings_file(), exc_info=True)


def _validated(values: dict[str, Any]) -> Preferences:
    known = {f.name for f in fields(Preferences)}
    prefs = Preferences()
    clean = {k: v for k, v in values.items() if k in known and v is not None}
    language = str(clean.get("language", prefs.language))
    device = str(clean.get("device", prefs.device))
    return replace(
        prefs,
        language=language,
        device=device if device in DEVICE_CHOICES else prefs.device,
        threads=max(0, _to_int(clean.get("threads", 0))),
        models_dir=str(clean.get("models_dir", "")),
    )


def _to_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
