"""Put weights into the user's model folder: download, import, remove."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import __version__
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Job, JobContext
from engine.weights import installed, model_files
from engine.weights.architectures import Shapes, check_requirements, expected_shapes
from engine.weights.checkpoint import (
    align_keys,
    check_fits,
    read_state_dict,
    sha256_file,
    write_safetensors,
)
from engine.weights.download import ByteMeter, DownloadSettings, download_file
from engine.weights.installed import ModelInfo
from engine.weights.model_files import ChosenFiles
from engine.weights.registry import (
    CONFIG,
    TOKENIZER,
    WEIGHTS,
    FileSpec,
    ModelSpec,
    get_spec,
)

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
    broken download is resumed. The config and tokenizer come first, so the
    weights are checked against the config before they are stored;
    pickle-based weights are converted to safetensors.

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
    check_requirements(spec)
    folder = installed.user_dir(models_dir) / spec.name
    folder.mkdir(parents=True, exist_ok=True)
    with installed.marked_downloading(spec):
        sidecar = installed.read_sidecar(folder) or {}
        meter = ByteMeter(context, title=spec.title, files=spec.files)
        for file in sorted(spec.files, key=lambda f: _ORDER[f.role]):
            if _present(spec, folder, file.filename, sidecar):
                meter.skip(file.filename)
                continue
            _download_one(spec, file, folder, sidecar, context, meter, settings)
        _recheck_after_download(spec, folder, sidecar)
    log.info("model %s downloaded into %s", spec.name, folder)
    return installed.model_status(name, models_dir=models_dir, registry=registry)


# Config first (the weights are checked against it), weights last.
_ORDER = {CONFIG: 0, TOKENIZER: 1, WEIGHTS: 2}


def _download_one(
    spec: ModelSpec,
    file: FileSpec,
    folder: Path,
    sidecar: dict[str, Any],
    context: JobContext,
    meter: ByteMeter,
    settings: DownloadSettings | None,
) -> None:
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
    try:
        if file is spec.weights_file:
            checked = _store_weights(spec, dest, folder, context=context)
            sidecar["weights"] = {**record, "checked": checked}
        else:
            _check_side_file(spec, folder, dest)
            sidecar.setdefault("files", {})[file.filename] = record
    except UserError:
        dest.unlink(missing_ok=True)
        raise
    finally:
        if file is spec.weights_file:
            dest.unlink(missing_ok=True)  # its safetensors copy is what is kept
    _write_sidecar(spec, folder, sidecar)


def _check_side_file(spec: ModelSpec, folder: Path, path: Path) -> None:
    """Check a downloaded config or tokenizer now that it is in the folder."""
    if path.name == model_files.config_file(spec):
        model_files.check_config(spec, path)
    elif path.name == model_files.tokenizer_file(spec):
        config = _folder_config(spec, folder)
        model_files.check_tokenizer(spec, path, rows=_vocab_rows(config))


def _recheck_after_download(
    spec: ModelSpec, folder: Path, sidecar: dict[str, Any]
) -> None:
    """Weights imported before their config arrived are checked now; if they
    do not fit, they are removed and the sentence says which layer."""
    weights = sidecar.get("weights")
    if not weights or weights.get("checked", True):
        return
    expected, _ = _expected_for(spec, folder, ChosenFiles())
    if expected is None:
        return
    try:
        _recheck_stored(spec, folder, sidecar, expected)
    except UserError:
        (folder / installed.WEIGHTS_NAME).unlink(missing_ok=True)
        del sidecar["weights"]
        _write_sidecar(spec, folder, sidecar)
        raise
    _write_sidecar(spec, folder, sidecar)


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


def _folder_config(spec: ModelSpec, folder: Path) -> dict[str, Any] | None:
    name = model_files.config_file(spec)
    if name is None or not (folder / name).is_file():
        return None
    return model_files.read_config(spec, folder / name)


def _vocab_rows(config: dict[str, Any] | None) -> int | None:
    rows = (config or {}).get("vocab_size")
    return rows if isinstance(rows, int) else None


def _expected_for(
    spec: ModelSpec, folder: Path, chosen: ChosenFiles
) -> tuple[Shapes | None, dict[str, Any] | None]:
    """The shapes the weights must have and the text config they come from:
    from a config being imported, else the one in the folder. ``None``
    shapes: the model has a config and it is not there yet."""
    name = model_files.config_file(spec)
    if name is None:
        return expected_shapes(spec), None
    new = chosen.extras.get(name)
    if new is not None:
        config, shapes = model_files.check_config(spec, new)
        return shapes, config
    config = _folder_config(spec, folder)
    if config is None:
        return None, None
    return expected_shapes(spec, folder=folder), config


def _fit(
    spec: ModelSpec, tensors: dict[str, Any], expected: Shapes, *, file: str
) -> dict[str, Any]:
    tensors = align_keys(tensors, expected)
    return check_fits(tensors, expected, file=file, title=spec.title)


def _store_weights(
    spec: ModelSpec, source: Path, folder: Path, *, context: JobContext | None = None
) -> bool:
    """Read ``source`` safely, fit it to the architecture and write
    ``weights.safetensors``. Returns whether it was checked: weights of a
    model whose config is not there yet are stored unchecked and checked
    when the config arrives (the model is not usable before)."""
    if context is not None:
        context.report(0, None, CHECKING, force=True, title=spec.title)
    tensors = read_state_dict(source)
    expected, _ = _expected_for(spec, folder, ChosenFiles())
    if expected is not None:
        tensors = _fit(spec, tensors, expected, file=source.name)
    else:
        log.info("weights for %s stored unchecked until its config is there", spec.name)
    _write_weights(spec, tensors, folder)
    return expected is not None


def _write_weights(spec: ModelSpec, tensors: dict[str, Any], folder: Path) -> None:
    write_safetensors(
        tensors,
        folder / installed.WEIGHTS_NAME,
        metadata={"model": spec.name, "architecture": spec.architecture},
    )


def _recheck_stored(
    spec: ModelSpec, folder: Path, sidecar: dict[str, Any], expected: Shapes
) -> None:
    """Check the stored weights against ``expected``; mark them checked."""
    from safetensors.torch import load_file

    stored = load_file(str(folder / installed.WEIGHTS_NAME), device="cpu")
    weights = sidecar["weights"]
    file = weights.get("original_file", installed.WEIGHTS_NAME)
    fitted = _fit(spec, stored, expected, file=file)
    if fitted.keys() != stored.keys():
        _write_weights(spec, fitted, folder)
    weights["checked"] = True


def import_model(
    name: str,
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
    context: JobContext | None = None,
) -> ModelInfo:
    """Import model files the user already has.

    ``source`` is a weight file (.pth, .pt, .bin, .safetensors) or, for a
    model made of several files (multilingual CLIP: weights, tokenizer.json,
    config.json), several files or a folder holding them, in any order and
    at different times. Each file is matched to its role by its name and
    checked before anything is stored: the config must configure the
    model's text tower, the tokenizer must load and fit it, the weights
    must fit the architecture. Weights that arrive before their config are
    stored unchecked and checked when it comes; until then the model counts
    as missing (``ModelInfo.missing_files`` names what it still needs).

    Args:
        name: registry name.
        source: the user's file, files or folder.
        models_dir: the writable models folder (default: PICTOR_HOME/models).
        registry: another model table (tests).
        context: optional cancel token and progress.

    Returns:
        The model's new :class:`ModelInfo`; ``sidecar["weights"]["verified"]``
        tells whether the weights matched the published checksum.
    """
    spec = get_spec(name, registry)
    check_requirements(spec)
    sources = [source] if isinstance(source, str | os.PathLike) else list(source)
    chosen = model_files.match_files(spec, sources)
    folder = installed.user_dir(models_dir) / spec.name
    folder.mkdir(parents=True, exist_ok=True)
    sidecar = installed.read_sidecar(folder) or {}
    if context is not None:
        context.report(0, None, CHECKING, force=True, title=spec.title)
    checked = _check_import(spec, folder, chosen, sidecar)
    _commit_import(spec, folder, chosen, checked, sidecar, context=context)
    info = installed.model_status(name, models_dir=models_dir, registry=registry)
    log.info(
        "imported %s for %s (%s); still needed: %s",
        ", ".join(map(str, sources)),
        spec.name,
        info.status,
        ", ".join(info.missing_files) or "nothing",
    )
    return info


@dataclass
class _CheckedImport:
    """What passed the checks: the weights to write (None: no new weights)."""

    tensors: dict[str, Any] | None = None
    checked: bool = False
    # Weights already in the folder, to be checked against a new config.
    recheck: Shapes | None = None


def _check_import(
    spec: ModelSpec, folder: Path, chosen: ChosenFiles, sidecar: dict[str, Any]
) -> _CheckedImport:
    """Every check, before anything is written to the model folder."""
    expected, config = _expected_for(spec, folder, chosen)
    _check_tokenizer_fits(spec, folder, chosen, config)
    if chosen.weights is not None:
        tensors = read_state_dict(chosen.weights)
        if expected is None:
            return _CheckedImport(tensors, checked=False)
        fitted = _fit(spec, tensors, expected, file=chosen.weights.name)
        return _CheckedImport(fitted, checked=True)
    stored = sidecar.get("weights")
    config_is_new = model_files.config_file(spec) in chosen.extras
    have_stored = stored and (folder / installed.WEIGHTS_NAME).is_file()
    if expected is not None and have_stored and config_is_new:
        return _CheckedImport(recheck=expected)
    return _CheckedImport()


def _check_tokenizer_fits(
    spec: ModelSpec,
    folder: Path,
    chosen: ChosenFiles,
    config: dict[str, Any] | None,
) -> None:
    name = model_files.tokenizer_file(spec)
    config_name = model_files.config_file(spec)
    if name is None:
        return
    path = chosen.extras.get(name)
    if path is None and config_name in chosen.extras and (folder / name).is_file():
        path = folder / name  # a new config must fit the tokenizer already here
    if path is not None:
        model_files.check_tokenizer(spec, path, rows=_vocab_rows(config))


def _commit_import(
    spec: ModelSpec,
    folder: Path,
    chosen: ChosenFiles,
    checked: _CheckedImport,
    sidecar: dict[str, Any],
    *,
    context: JobContext | None,
) -> None:
    if checked.recheck is not None:
        # First, so that a new config the stored weights do not fit is
        # refused before anything is written.
        _recheck_stored(spec, folder, sidecar, checked.recheck)
    for filename, path in chosen.extras.items():
        file = next(f for f in spec.extra_files if f.filename == filename)
        sha256 = _copy_into(path, folder / filename)
        source = f"file:{path.resolve()}"
        sidecar.setdefault("files", {})[filename] = _record(
            source, path.name, sha256, file.checksum
        )
    if checked.tensors is not None and chosen.weights is not None:
        _write_weights(spec, checked.tensors, folder)
        sha256 = sha256_file(chosen.weights, context=context)
        record = _record(
            f"file:{chosen.weights.resolve()}",
            chosen.weights.name,
            sha256,
            spec.weights_file.checksum,
        )
        sidecar["weights"] = {**record, "checked": checked.checked}
    _write_sidecar(spec, folder, sidecar)


def _copy_into(source: Path, dest: Path) -> str:
    """Copy through a temp file and ``os.replace``; return the SHA-256."""
    data = source.read_bytes()
    handle, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return hashlib.sha256(data).hexdigest()


def import_job(
    name: str,
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
) -> Job:
    """A heavy job (reads and rewrites whole files) that imports ``source``
    (a file, several files or a folder; see :func:`import_model`)."""
    spec = get_spec(name, registry)

    def run(context: JobContext) -> ModelInfo:
        return import_model(
            name, source, models_dir=models_dir, registry=registry, context=context
        )

    return Job(IMPORT_TITLE, run, heavy=True, title_args={"model": spec.title})


WEIGHTS_MATCH = QT_TRANSLATE_NOOP(
    "engine", "The weights of “{title}” match the official checksum."
)
WEIGHTS_DIFFER = QT_TRANSLATE_NOOP(
    "engine",
    "The weights of “{title}” do not match the official checksum: they are a "
    "different or retrained copy, so the model shows as not verified.",
)
WEIGHTS_UNPUBLISHED = QT_TRANSLATE_NOOP(
    "engine",
    "No official checksum is published for the weights of “{title}”, so the "
    "model shows as not verified.",
)
NEEDS_WEIGHTS = QT_TRANSLATE_NOOP(
    "engine",
    "“{title}” still needs its weight file (.pth, .pt, .bin or .safetensors) "
    "before it can be used.",
)
NEEDS_WEIGHTS_AND = QT_TRANSLATE_NOOP(
    "engine",
    "“{title}” still needs its weight file (.pth, .pt, .bin or .safetensors) "
    "and {files} before it can be used.",
)
NEEDS_FILES = QT_TRANSLATE_NOOP(
    "engine", "“{title}” still needs {files} before it can be used."
)
CHECK_WAITS = QT_TRANSLATE_NOOP(
    "engine", "Its weights are checked against {file} when that file is imported."
)

Sentence = tuple[str, dict[str, Any]]


def import_outcome(info: ModelInfo) -> list[Sentence]:
    """What an import achieved, as sentences (template, params) for the
    window and the command line: whether the weights match the official
    checksum, then which files the model still needs."""
    weights = (info.sidecar or {}).get("weights")
    sentences = []
    if weights:
        sentences.append((_checksum_verdict(weights), {"title": info.spec.title}))
    return sentences + still_needed(info)


def _checksum_verdict(weights: dict[str, Any]) -> str:
    if weights.get("verified"):
        return WEIGHTS_MATCH
    return WEIGHTS_DIFFER if weights.get("checksum") else WEIGHTS_UNPUBLISHED


def still_needed(info: ModelInfo) -> list[Sentence]:
    """Sentences naming the files a partly imported model still needs."""
    spec = info.spec
    if not info.missing_files:
        return []
    weights_name = spec.weights_file.filename
    others = [f for f in info.missing_files if f != weights_name]
    params = {"title": spec.title, "files": ", ".join(others)}
    if weights_name not in info.missing_files:
        template = NEEDS_FILES
    else:
        template = NEEDS_WEIGHTS_AND if others else NEEDS_WEIGHTS
    sentences: list[Sentence] = [(template, params)]
    config = model_files.config_file(spec)
    if config in info.missing_files and weights_name not in info.missing_files:
        sentences.append((CHECK_WAITS, {"file": config}))
    return sentences


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
