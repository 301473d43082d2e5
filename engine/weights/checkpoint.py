"""Read weight files without running anything in them, fit them to an
architecture, and write them back as safetensors.

Pickle-based files (.pth, .pt, .bin) are opened only with
``torch.load(weights_only=True)``; a file it refuses is never retried in
the unsafe mode.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import pickletools
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from engine.jobs import JobContext
from engine.weights.errors import (
    DamagedWeightFile,
    EmptyWeightFile,
    ExtraLayers,
    MissingLayers,
    NoWeightsInFile,
    RefusedWeightFile,
    TorchScriptRefused,
    UnreadableWeightFile,
    WrongShape,
)

log = logging.getLogger(__name__)

CHUNK = 1 << 20
# Checkpoints often wrap the state dict: {"state_dict": {...}} and the like.
WRAPPER_KEYS = ("state_dict", "model_state_dict", "model", "module", "net", "weights")
# Prefixes added by DataParallel, torch.compile and training frameworks.
PREFIXES = ("module.", "_orig_mod.", "model.", "net.")
# Entries of OpenAI's CLIP state dict that are settings, not weights.
NON_WEIGHT_KEYS = ("input_resolution", "context_length", "vocab_size")
# Buffers that older transformers saved and current ones rebuild instead
# (multilingual CLIP files from before transformers 4.31 hold the first).
STALE_BUFFERS = ("embeddings.position_ids",)
# Opcodes through which a pickle imports or calls something.
_CODE_OPCODES = {
    "GLOBAL",
    "STACK_GLOBAL",
    "INST",
    "OBJ",
    "REDUCE",
    "NEWOBJ",
    "NEWOBJ_EX",
    "EXT1",
    "EXT2",
    "EXT4",
}


def sha256_file(path: Path, *, context: JobContext | None = None) -> str:
    """SHA-256 of a file, read in chunks (cancellable through ``context``)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
            if context is not None:
                context.check()
    return digest.hexdigest()


def read_state_dict(path: Path) -> dict[str, Any]:
    """Open a weight file safely and return its tensors by name.

    Args:
        path: a .safetensors file or a pickle-based .pth/.pt/.bin file.

    Returns:
        ``{name: tensor}`` after unwrapping ``{"state_dict": ...}`` and the like.
        Raises a UserError subclass for empty, damaged, refused or tensor-less
        files; nothing in the file is ever run.
    """
    head = _read_head(path)
    if _looks_like_safetensors(path, head):
        content = _load_safetensors(path)
    elif head[:2] == b"PK":
        _refuse_torchscript(path)
        content = _torch_load(path)
    else:
        content = _torch_load(path)
    return _tensors_only(path, unwrap(content))


def _read_head(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise UnreadableWeightFile(
            file=str(path), reason=exc.strerror or str(exc)
        ) from exc
    if size == 0:
        raise EmptyWeightFile(file=str(path))
    return head


def _looks_like_safetensors(path: Path, head: bytes) -> bool:
    # safetensors: an 8-byte little-endian header length, then a JSON object.
    if path.suffix.lower() == ".safetensors":
        return True
    return len(head) > 8 and head[8:9] == b"{"


def _load_safetensors(path: Path) -> dict[str, Any]:
    from safetensors.torch import load_file

    try:
        return load_file(str(path), device="cpu")
    except Exception as exc:  # noqa: BLE001 - any parse failure means damaged
        log.warning("cannot read safetensors file %s: %s", path, exc)
        raise DamagedWeightFile(file=str(path)) from exc


def _refuse_torchscript(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return  # torch.load reports the damage
    if any(n.endswith("constants.pkl") or "/code/" in n for n in names):
        raise TorchScriptRefused(file=str(path))


def _torch_load(path: Path) -> Any:
    import torch

    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        _classify_refusal(path, exc)
    except Exception as exc:  # noqa: BLE001 - zip, EOF and key errors alike
        log.warning("cannot read weight file %s: %s", path, exc)
        raise DamagedWeightFile(file=str(path)) from exc
    raise AssertionError("unreachable")


def _classify_refusal(path: Path, exc: Exception) -> None:
    """The safe unpickler said no: tell a cut-off file from one that asks to
    import or call something (which is what a malicious file does)."""
    try:
        wanted = _pickle_imports(path)
    except Exception:  # noqa: BLE001 - an unreadable pickle stream is damage
        log.warning("weight file %s is damaged: %s", path, exc)
        raise DamagedWeightFile(file=str(path)) from None
    log.warning("refused weight file %s; it asks for %s", path, wanted or "unknown")
    raise RefusedWeightFile(file=str(path)) from None


def _pickle_imports(path: Path) -> list[str]:
    """Names a pickle would import, read with pickletools (which runs nothing)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith("data.pkl"))
            data = archive.read(name)
    else:
        data = path.read_bytes()
    strings: list[str] = []
    wanted: list[str] = []
    for opcode, arg, _ in pickletools.genops(data):
        if isinstance(arg, str):
            strings.append(arg)
        if opcode.name == "GLOBAL":
            wanted.append(str(arg).replace(" ", "."))
        elif opcode.name == "STACK_GLOBAL" and len(strings) >= 2:
            wanted.append(".".join(strings[-2:]))
        elif opcode.name in _CODE_OPCODES:
            wanted.append(opcode.name)
    return wanted


def unwrap(content: Any) -> Any:
    """Dig the state dict out of common checkpoint wrappers."""
    while isinstance(content, Mapping) and not _has_tensors(content):
        inner = next(
            (content[k] for k in WRAPPER_KEYS if isinstance(content.get(k), Mapping)),
            None,
        )
        if inner is None:
            break
        content = inner
    return content


def _has_tensors(content: Mapping) -> bool:
    import torch

    return any(isinstance(v, torch.Tensor) for v in content.values())


def _tensors_only(path: Path, content: Any) -> dict[str, Any]:
    import torch

    if not isinstance(content, Mapping):
        raise NoWeightsInFile(file=str(path))
    tensors = {
        str(k): v
        for k, v in content.items()
        if isinstance(v, torch.Tensor) and k not in NON_WEIGHT_KEYS
    }
    if not tensors:
        raise NoWeightsInFile(file=str(path))
    return tensors


def align_keys(tensors: dict[str, Any], expected: Mapping[str, Any]) -> dict[str, Any]:
    """Strip wrapper prefixes (``module.``…) when that makes the names fit."""
    best = tensors
    changed = True
    while changed:
        changed = False
        for prefix in PREFIXES:
            if best and all(k.startswith(prefix) for k in best):
                stripped = {k[len(prefix) :]: v for k, v in best.items()}
                if _overlap(stripped, expected) >= _overlap(best, expected):
                    best, changed = stripped, True
    return best


def _overlap(tensors: Mapping[str, Any], expected: Mapping[str, Any]) -> int:
    return len(tensors.keys() & expected.keys())


def check_fits(
    tensors: dict[str, Any],
    expected: Mapping[str, tuple[int, ...]],
    *,
    file: str,
    title: str,
) -> dict[str, Any]:
    """Compare names and shapes with the architecture; raise a sentence naming
    the first layer that does not fit.

    Returns:
        The tensors without stale buffers, with the batch-norm counters that
        old checkpoints lack added.
    """
    import torch

    tensors = {
        k: v
        for k, v in tensors.items()
        if k in expected or not k.endswith(STALE_BUFFERS)
    }
    for key, shape in expected.items():
        if key in tensors and tuple(tensors[key].shape) != tuple(shape):
            raise WrongShape(
                file=file,
                title=title,
                layer=key,
                found=_shape(tensors[key].shape),
                expected=_shape(shape),
            )
    missing = [
        k
        for k in expected
        if k not in tensors and not k.endswith("num_batches_tracked")
    ]
    if missing:
        raise MissingLayers(
            file=file, title=title, count=len(missing), layer=missing[0]
        )
    extra = [k for k in tensors if k not in expected]
    if extra:
        raise ExtraLayers(file=file, title=title, count=len(extra), layer=extra[0])
    filled = dict(tensors)
    for key in expected:
        filled.setdefault(key, torch.tensor(0, dtype=torch.long))
    return filled


def _shape(shape: Any) -> str:
    return "(" + ", ".join(str(int(d)) for d in shape) + ")"


def write_safetensors(
    tensors: Mapping[str, Any], dest: Path, *, metadata: Mapping[str, str] | None = None
) -> None:
    """Write tensors to ``dest`` through a temp file in the same folder."""
    from safetensors.torch import save_file

    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=".", suffix=".tmp")
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        save_file(_unshared(tensors), str(tmp), metadata=dict(metadata or {}))
        _fsync(tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _unshared(tensors: Mapping[str, Any]) -> dict[str, Any]:
    """safetensors refuses tensors that share memory (tied weights): copy those."""
    seen: set[int] = set()
    out = {}
    for key, value in tensors.items():
        value = value.detach().contiguous()
        pointer = value.untyped_storage().data_ptr()
        if pointer in seen:
            value = value.clone()
        seen.add(pointer)
        out[key] = value
    return out


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
