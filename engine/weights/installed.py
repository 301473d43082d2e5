"""Which models are installed where, and in what state.

A model folder is ``<models dir>/<name>/`` holding ``weights.safetensors``,
any extra files of the model (tokenizer, text config) and ``model.json``,
which says where the weights came from and whether they were verified.
``model.json`` is written last, so a folder without it is not installed.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import paths
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.weights.registry import REGISTRY, ModelSpec, get_spec, human_size

WEIGHTS_NAME = "weights.safetensors"
SIDECAR_NAME = "model.json"

INSTALLED, UNVERIFIED, MISSING, DOWNLOADING = (
    "installed",
    "unverified",
    "missing",
    "downloading",
)
STATUS_TEXT = {
    INSTALLED: QT_TRANSLATE_NOOP("engine", "installed"),
    UNVERIFIED: QT_TRANSLATE_NOOP("engine", "installed, not verified"),
    MISSING: QT_TRANSLATE_NOOP("engine", "not installed"),
    DOWNLOADING: QT_TRANSLATE_NOOP("engine", "downloading"),
}

_active: set[str] = set()
_active_lock = threading.Lock()


class AlreadyDownloading(UserError):
    template = QT_TRANSLATE_NOOP("engine", "“{title}” is already being downloaded.")


@dataclass(frozen=True)
class ModelInfo:
    """What the Models window and ``pictor models list`` show for one model."""

    spec: ModelSpec
    status: str
    folder: Path | None = None
    partial_bytes: int = 0
    sidecar: dict[str, Any] | None = None
    # Installed only in the folder shipped with the app: cannot be removed.
    read_only: bool = False
    # Registry file names a partly imported model still needs (its weights
    # by the registry's name for them); empty when complete or when none
    # of its files is there.
    missing_files: tuple[str, ...] = ()

    @property
    def installed(self) -> bool:
        return self.status in (INSTALLED, UNVERIFIED)

    def to_json(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "name": spec.name,
            "title": spec.title,
            "purpose": spec.purpose,
            "architecture": spec.architecture,
            "feature_dim": spec.feature_dim,
            "size": spec.approx_size,
            "size_text": human_size(spec.approx_size),
            "status": self.status,
            "folder": str(self.folder) if self.folder else None,
            "partial_bytes": self.partial_bytes,
            "read_only": self.read_only,
            "requires": list(spec.requires),
            "licence": spec.licence,
            "files": [
                {
                    "filename": f.filename,
                    "url": f.url,
                    "role": f.role,
                    "size": f.size,
                    "approx_size": f.approx_size,
                    "checksum": (
                        {"kind": f.checksum.kind, "value": f.checksum.value}
                        if f.checksum
                        else None
                    ),
                }
                for f in spec.files
            ],
            "source": (self.sidecar or {}).get("weights", {}).get("source"),
            "missing_files": list(self.missing_files),
        }


def search_dirs(models_dir: Path | None = None) -> list[Path]:
    """The writable folder first, then the read-only one shipped with the app."""
    return paths.model_dirs(models_dir)


def user_dir(models_dir: Path | None = None) -> Path:
    return models_dir or paths.user_models_dir()


def read_sidecar(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / SIDECAR_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_sidecar(folder: Path, data: dict[str, Any]) -> None:
    """Write ``model.json`` through a temp file and ``os.replace``."""
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
        os.replace(tmp, folder / SIDECAR_NAME)
    finally:
        Path(tmp).unlink(missing_ok=True)


def has_weights(folder: Path, sidecar: dict[str, Any] | None) -> bool:
    return bool(sidecar and "weights" in sidecar) and (folder / WEIGHTS_NAME).is_file()


def weights_checked(sidecar: dict[str, Any]) -> bool:
    """Weights imported before their config are stored unchecked."""
    return bool(sidecar.get("weights", {}).get("checked", True))


def is_complete(spec: ModelSpec, folder: Path) -> bool:
    sidecar = read_sidecar(folder)
    return (
        sidecar is not None
        and has_weights(folder, sidecar)
        and weights_checked(sidecar)
        and all((folder / f.filename).is_file() for f in spec.extra_files)
    )


def missing_files(spec: ModelSpec, folder: Path) -> tuple[str, ...]:
    """What a partly imported model in ``folder`` still needs (see ModelInfo)."""
    sidecar = read_sidecar(folder)
    weights = has_weights(folder, sidecar)
    extras = [f.filename for f in spec.extra_files if (folder / f.filename).is_file()]
    if not weights and not extras:
        return ()
    missing = [] if weights else [spec.weights_file.filename]
    missing += [f.filename for f in spec.extra_files if f.filename not in extras]
    return tuple(missing)


def find_installed(spec: ModelSpec, models_dir: Path | None = None) -> Path | None:
    """The first model folder holding a complete copy of ``spec``, or None."""
    for base in search_dirs(models_dir):
        folder = base / spec.name
        if is_complete(spec, folder):
            return folder
    return None


def is_verified(sidecar: dict[str, Any]) -> bool:
    files = sidecar.get("files", {})
    return bool(sidecar.get("weights", {}).get("verified")) and all(
        entry.get("verified") for entry in files.values()
    )


def partial_bytes(spec: ModelSpec, models_dir: Path | None = None) -> int:
    folder = user_dir(models_dir) / spec.name
    return sum(p.stat().st_size for p in folder.glob("*.part") if p.is_file())


def model_status(
    name: str,
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
) -> ModelInfo:
    """The state of one model.

    Args:
        name: registry name.
        models_dir: the writable models folder (default: PICTOR_HOME/models).
        registry: another model table (tests).

    Returns:
        A :class:`ModelInfo` with status installed, unverified, missing or
        downloading.
    """
    spec = get_spec(name, registry)
    with _active_lock:
        active = spec.name in _active
    folder = find_installed(spec, models_dir)
    if active:
        status = DOWNLOADING
    elif folder is None:
        status = MISSING
    else:
        status = INSTALLED if is_verified(read_sidecar(folder) or {}) else UNVERIFIED
    read_only = folder is not None and folder.parent != user_dir(models_dir)
    own = user_dir(models_dir) / spec.name
    return ModelInfo(
        spec,
        status,
        folder,
        partial_bytes(spec, models_dir),
        read_sidecar(folder or own),
        read_only,
        missing_files(spec, own) if folder is None else (),
    )


def list_models(
    *, models_dir: Path | None = None, registry: dict[str, ModelSpec] | None = None
) -> list[ModelInfo]:
    """Every model the app offers, with its state."""
    table = REGISTRY if registry is None else registry
    return [model_status(n, models_dir=models_dir, registry=table) for n in table]


@contextmanager
def marked_downloading(spec: ModelSpec) -> Iterator[None]:
    """Mark a model as being downloaded in this process (one at a time)."""
    with _active_lock:
        if spec.name in _active:
            raise AlreadyDownloading(title=spec.title)
        _active.add(spec.name)
    try:
        yield
    finally:
        with _active_lock:
            _active.discard(spec.name)


def downloading_names() -> Sequence[str]:
    with _active_lock:
        return sorted(_active)
