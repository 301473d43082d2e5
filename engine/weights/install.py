"""Put weights into the user's model folder: download, import, remove."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path
from typing import Any

from engine import __version__
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Job, JobContext
from engine.weights import installed
from engine.weights.architectures import can_build, expected_shapes
from engine.weights.checkpoint import (
    align_keys,
    check_fits,
    read_state_dict,
    sha256_file,
    write_safetensors,
)
from engine.weights.download import ByteMeter, DownloadSettings, download_file
from engine.weights.installed import ModelInfo
from engine.weights.registry import ModelSpec, get_spec

log = logging.getLogger(__name__)

DOWNLOAD_TITLE = QT_TRANSLATE_NOOP("engine", "Download {model}")
IMPORT_TITLE = QT_TRANSLATE_NOOP("engine", "Import weights for {model}")
CHECKING = QT_TRANSLATE_NOOP("engine", "Checking {title}")


class ShippedModel(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "“{title}” ships with Pictor in {folder} and cannot be removed here.",
    )


class RemoveWhileDownloading(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{title}” is being downloaded; cancel the download first."
    )


def download_model(
    name: str,
    context: JobContext,
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
    settings: DownloadSettings | None = None,
) -> ModelInfo:
    """Download a model's files into the user's model folder.

    Files already present are skipped and a ``.part`` left by a cancelled or
    broken download is resumed. Pickle-based weights are converted to
    safetensors after their checksum is checked.

    Args:
        name: registry name.
        context: cancel token and progress (bytes, speed and ETA metrics).
        models_dir: the writable models folder (default: PICTOR_HOME/models).
        registry: another model table (tests).
        settings: network timeouts.

    Returns:
        The model's new :class:`ModelInfo`.
    """
    spec = get_spec(name, registry)
    folder = installed.user_dir(models_dir) / spec.name
    folder.mkdir(parents=True, exist_ok=True)
    with installed.marked_downloading(spec):
        sidecar = installed.read_sidecar(folder) or {}
        meter = ByteMeter(context, title=spec.title, files=spec.files)
        for file in spec.files:
            if _present(spec, folder, file.filename, sidecar):
                meter.skip(file.filename)
                continue
            dest = folder / file.filename
            sha256 = download_file(
                file.url,
                dest,
                spec=file,
                context=context,
                meter=meter,
                title=spec.title,
                settings=settings,
            )
            meter.file_done(dest.stat().st_size)
            record = _record(file.url, file.filename, sha256, file.checksum)
            if file is spec.weights_file:
                _store_weights(spec, dest, folder, context=context)
                dest.unlink()
                sidecar["weights"] = record
            else:
                sidecar.setdefault("files", {})[file.filename] = record
            _write_sidecar(spec, folder, sidecar)
    log.info("model %s downloaded into %s", spec.name, folder)
    return installed.model_status(name, models_dir=models_dir, registry=registry)


def _present(
    spec: ModelSpec, folder: Path, filename: str, sidecar: dict[str, Any]
) -> bool:
    if filename == spec.weights_file.filename:
        return "weights" in sidecar and (folder / installed.WEIGHTS_NAME).is_file()
    return filename in sidecar.get("files", {}) and (folder / filename).is_file()


def _record(source: str, filename: str, sha256: str, checksum: Any) -> dict[str, Any]:
    return {
        "source": source,
        "original_file": filename,
        "sha256": sha256,
        "checksum": {"kind": checksum.kind, "value": checksum.value}
        if checksum
        else None,
        "verified": bool(checksum and checksum.matches(sha256)),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def _write_sidecar(spec: ModelSpec, folder: Path, sidecar: dict[str, Any]) -> None:
    sidecar.update(
        name=spec.name, architecture=spec.architecture, pictor_version=__version__
    )
    installed.write_sidecar(folder, sidecar)


def download_job(
    name: str,
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
    settings: DownloadSettings | None = None,
) -> Job:
    """A light job (network-bound) that downloads ``name``."""
    spec = get_spec(name, registry)

    def run(context: JobContext) -> ModelInfo:
        return download_model(
            name, context, models_dir=models_dir, registry=registry, settings=settings
        )

    return Job(
        DOWNLOAD_TITLE, run, heavy=False, title_args={"model": spec.title}, unit="B"
    )


def _store_weights(
    spec: ModelSpec, source: Path, folder: Path, *, context: JobContext | None = None
) -> None:
    """Read ``source`` safely, fit it to the architecture and write
    ``weights.safetensors``."""
    if context is not None:
        context.report(0, None, CHECKING, force=True, title=spec.title)
    tensors = read_state_dict(source)
    expected = None
    if can_build(spec, folder):
        expected = expected_shapes(spec, folder=folder)
    else:
        # Limit: without the model's package or its text config the
        # architecture cannot be built, so the names and shapes are checked
        # only when the model is first loaded.
        log.warning("cannot check %s against %s yet", source, spec.name)
    if expected is not None:
        tensors = align_keys(tensors, expected)
        tensors = check_fits(tensors, expected, file=source.name, title=spec.title)
    write_safetensors(
        tensors,
        folder / installed.WEIGHTS_NAME,
        metadata={"model": spec.name, "architecture": spec.architecture},
    )


def import_model(
    name: str,
    source: str | Path,
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
    context: JobContext | None = None,
) -> ModelInfo:
    """Import a weight file the user already has (.pth, .pt, .bin, .safetensors).

    The file is opened safely, checked against the architecture, compared
    with the official checksum and stored as safetensors in the model folder
    with a ``model.json`` saying where it came from.

    Args:
        name: registry name.
        source: the user's file.
        models_dir: the writable models folder (default: PICTOR_HOME/models).
        registry: another model table (tests).
        context: optional cancel token and progress.

    Returns:
        The model's new :class:`ModelInfo`; ``sidecar["weights"]["verified"]``
        tells whether the file matched the published checksum.
    """
    spec = get_spec(name, registry)
    source = Path(source)
    folder = installed.user_dir(models_dir) / spec.name
    folder.mkdir(parents=True, exist_ok=True)
    _store_weights(spec, source, folder, context=context)
    sha256 = sha256_file(source, context=context)
    sidecar = installed.read_sidecar(folder) or {}
    sidecar["weights"] = _record(
        f"file:{source.resolve()}", source.name, sha256, spec.weights_file.checksum
    )
    _write_sidecar(spec, folder, sidecar)
    log.info(
        "imported %s as %s (verified: %s)",
        source,
        spec.name,
        sidecar["weights"]["verified"],
    )
    return installed.model_status(name, models_dir=models_dir, registry=registry)


def import_job(
    name: str,
    source: str | Path,
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
) -> Job:
    """A heavy job (reads and rewrites the whole file) that imports ``source``."""
    spec = get_spec(name, registry)

    def run(context: JobContext) -> ModelInfo:
        return import_model(
            name, source, models_dir=models_dir, registry=registry, context=context
        )

    return Job(IMPORT_TITLE, run, heavy=True, title_args={"model": spec.title})


def remove_model(
    name: str,
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
) -> ModelInfo:
    """Delete a model's folder (and any partial download) from the user's
    model folder. A copy shipped with the app stays available.

    Returns:
        The model's :class:`ModelInfo` after removal.
    """
    spec = get_spec(name, registry)
    info = installed.model_status(name, models_dir=models_dir, registry=registry)
    if info.status == installed.DOWNLOADING:
        raise RemoveWhileDownloading(title=spec.title)
    folder = installed.user_dir(models_dir) / spec.name
    if info.read_only and not folder.exists():
        raise ShippedModel(title=spec.title, folder=str(info.folder))
    if folder.exists():
        shutil.rmtree(folder)
        log.info("removed model %s from %s", spec.name, folder)
    return installed.model_status(name, models_dir=models_dir, registry=registry)
