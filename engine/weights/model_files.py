"""The files of a model a user brings: which role each file plays (weights,
tokenizer, text-model config), and checks of the config and tokenizer files.

Weights are matched by extension and by the names their publishers use;
the other files by their own names (``tokenizer.json``, ``config.json``).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.weights.architectures import Shapes, expected_shapes
from engine.weights.errors import (
    BadConfigFile,
    BadTokenizerFile,
    ConfigDoesNotFit,
    ConfigForAnotherModel,
    NoModelFiles,
    NotAModelFile,
    SameFileTwice,
    SeveralWeightFiles,
    TokenizerTooLarge,
)
from engine.weights.registry import CONFIG, TOKENIZER, ModelSpec

log = logging.getLogger(__name__)

WEIGHT_SUFFIXES = (".pth", ".pt", ".bin", ".safetensors")
# Names open_clip's publishers give the weights on Hugging Face, safest first.
KNOWN_WEIGHT_NAMES = ("open_clip_model.safetensors", "open_clip_pytorch_model.bin")
# Suffixes of side files that are never weights (vocabularies, settings, notes).
NOT_WEIGHTS = (".json", ".txt", ".model", ".md", ".yaml", ".yml")


@dataclass
class ChosenFiles:
    """The user's files by role: ``extras`` maps a registry file name
    (``config.json``…) to the user's file."""

    weights: Path | None = None
    extras: dict[str, Path] = field(default_factory=dict)


def needed_files(spec: ModelSpec) -> str:
    """The files a model is made of, for messages: "weights (.pth, …), config.json"."""
    weights = "weights (" + ", ".join(WEIGHT_SUFFIXES) + ")"
    return ", ".join([weights, *(f.filename for f in spec.extra_files)])


def match_files(spec: ModelSpec, sources: Iterable[str | Path]) -> ChosenFiles:
    """Give each of the user's files (or each file in a folder) its role.

    Args:
        spec: the model.
        sources: files and folders the user chose.

    Returns:
        The files by role. Raises a UserError naming the file for a file
        that is no part of the model, two candidates for one role, or a
        folder holding none of the model's files.
    """
    chosen = ChosenFiles()
    candidates: list[Path] = []
    for source in map(Path, sources):
        if source.is_dir():
            picked = _match_folder(spec, source, chosen)
            candidates += [picked] if picked is not None else []
        else:
            candidates += _match_file(spec, source, chosen)
    if len(candidates) > 1:
        raise SeveralWeightFiles(
            title=spec.title, files=", ".join(str(p) for p in candidates)
        )
    if candidates:
        chosen.weights = candidates[0]
    return chosen


def _extra_name(spec: ModelSpec, path: Path) -> str | None:
    names = {f.filename.lower(): f.filename for f in spec.extra_files}
    return names.get(path.name.lower())


def _add_extra(spec: ModelSpec, chosen: ChosenFiles, name: str, path: Path) -> None:
    if name in chosen.extras and chosen.extras[name] != path:
        raise SameFileTwice(title=spec.title, name=name)
    chosen.extras[name] = path


def _match_file(spec: ModelSpec, path: Path, chosen: ChosenFiles) -> list[Path]:
    """A file the user named: a side file by its name, else weights (the
    weight reader tells a weight file by its content, whatever its name)."""
    name = _extra_name(spec, path)
    if name is not None:
        _add_extra(spec, chosen, name, path)
        return []
    if path.suffix.lower() in NOT_WEIGHTS:
        raise NotAModelFile(file=str(path), title=spec.title, files=needed_files(spec))
    return [path]


def _match_folder(spec: ModelSpec, folder: Path, chosen: ChosenFiles) -> Path | None:
    """Files of a folder: what is not part of the model is left alone.
    Returns the folder's weight file, if it has one."""
    weights = []
    found = False
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        name = _extra_name(spec, path)
        if name is not None:
            _add_extra(spec, chosen, name, path)
            found = True
        elif path.suffix.lower() in WEIGHT_SUFFIXES:
            weights.append(path)
    if weights:
        return _pick_weights(spec, folder, weights)
    if not found:
        raise NoModelFiles(
            folder=str(folder), title=spec.title, files=needed_files(spec)
        )
    return None


def _pick_weights(spec: ModelSpec, folder: Path, weights: Sequence[Path]) -> Path:
    if len(weights) == 1:
        return weights[0]
    by_name = {p.name.lower(): p for p in weights}
    for name in (spec.weights_file.filename, *KNOWN_WEIGHT_NAMES):
        if name.lower() in by_name:
            log.info("several weight files in %s; using %s", folder, name)
            return by_name[name.lower()]
    raise SeveralWeightFiles(title=spec.title, files=", ".join(p.name for p in weights))


def config_file(spec: ModelSpec) -> str | None:
    """The registry name of the model's text-model config, if it has one."""
    return next((f.filename for f in spec.extra_files if f.role == CONFIG), None)


def tokenizer_file(spec: ModelSpec) -> str | None:
    return next((f.filename for f in spec.extra_files if f.role == TOKENIZER), None)


def read_config(spec: ModelSpec, path: Path) -> dict[str, Any]:
    """Parse a text-model config and check it is for the model's text tower."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        log.warning("cannot read config %s: %s", path, exc)
        raise BadConfigFile(file=str(path), title=spec.title) from exc
    if not isinstance(data, dict):
        raise BadConfigFile(file=str(path), title=spec.title)
    found = str(data.get("model_type", ""))
    if spec.text_model_type and found != spec.text_model_type:
        raise ConfigForAnotherModel(
            file=str(path),
            title=spec.title,
            found=found or "?",
            expected=spec.text_model_type,
        )
    return data


def check_config(spec: ModelSpec, path: Path) -> tuple[dict[str, Any], Shapes]:
    """Check that ``path`` configures a text model the architecture can be
    built with; return the config and the shapes the weights must have.

    The network is built (without memory) from a copy in a temporary folder,
    so a bad file never reaches the model folder.
    """
    data = read_config(spec, path)
    name = config_file(spec) or path.name
    with tempfile.TemporaryDirectory(prefix="pictor-config-") as staging:
        shutil.copyfile(path, Path(staging) / name)
        try:
            shapes = expected_shapes(spec, folder=Path(staging))
        except Exception as exc:  # noqa: BLE001 - any build failure means misfit
            log.warning("cannot build %s from %s: %s", spec.name, path, exc)
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ConfigDoesNotFit(
                file=str(path), title=spec.title, reason=reason[:200]
            ) from exc
    return data, shapes


def check_tokenizer(spec: ModelSpec, path: Path, *, rows: int | None) -> None:
    """Check that ``path`` loads with the tokenizers library and that its ids
    fit the text model's ``rows`` embedding rows (when known)."""
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # noqa: BLE001 - the library raises plain Exception
        log.warning("cannot read tokenizer %s: %s", path, exc)
        raise BadTokenizerFile(file=str(path), title=spec.title) from exc
    size = tokenizer.get_vocab_size(with_added_tokens=True)
    if rows is not None and size > rows:
        raise TokenizerTooLarge(
            file=str(path), title=spec.title, found=size, expected=rows
        )
