"""Build the networks of the registry with random values, with their
preprocessing and (for CLIP) their tokenizer. Weights are loaded elsewhere."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from engine.weights.errors import NeedsPackage
from engine.weights.registry import ModelSpec

log = logging.getLogger(__name__)

Shapes = dict[str, tuple[int, ...]]


def check_requirements(spec: ModelSpec) -> None:
    """Raise :class:`NeedsPackage` if a package the model needs is missing."""
    for package in spec.requires:
        if importlib.util.find_spec(package) is None:
            raise NeedsPackage(title=spec.title, package=package)


def expected_shapes(spec: ModelSpec, *, folder: Path | None = None) -> Shapes:
    """The state-dict keys and tensor shapes the architecture needs.

    The network is built on the ``meta`` device: no memory, no random init.
    """
    module = build_module(spec, folder=folder, device="meta")
    return {key: tuple(value.shape) for key, value in module.state_dict().items()}


def build_module(
    spec: ModelSpec, *, folder: Path | None = None, device: str = "cpu"
) -> Any:
    """Build the network of ``spec`` with random values (``weights=None``).

    Args:
        spec: the model.
        folder: the model folder (text-model config files of multilingual CLIP).
        device: ``cpu``, ``cuda``… or ``meta`` for shapes only.

    Returns:
        A ``torch.nn.Module``.
    """
    check_requirements(spec)
    if spec.family == "torchvision":
        return _build_torchvision(spec, device)
    if spec.family == "open_clip":
        return _build_open_clip(spec, folder, device)[0]
    raise ValueError(f"unknown architecture {spec.architecture!r}")


def build_with_preprocess(
    spec: ModelSpec, *, folder: Path | None = None, device: str = "cpu"
) -> tuple[Any, Callable, Any]:
    """Build the network, its image preprocessing and its tokenizer (or None)."""
    check_requirements(spec)
    if spec.family == "torchvision":
        return _build_torchvision(spec, device), torchvision_transforms(spec), None
    if spec.family == "open_clip":
        module, preprocess = _build_open_clip(spec, folder, device)
        return module, preprocess, open_clip_tokenizer(spec, folder)
    raise ValueError(f"unknown architecture {spec.architecture!r}")


def _build_torchvision(spec: ModelSpec, device: str) -> Any:
    import torch
    import torchvision.models as tvm

    builder = getattr(tvm, spec.arch_name)
    with torch.device(device):
        return builder(weights=None)


def torchvision_transforms(spec: ModelSpec) -> Callable:
    """The transforms torchvision publishes with these weights.

    ResNet-18 V1: resize 256, centre crop 224; ResNet-50 V2: resize 232,
    centre crop 224; both bilinear with the ImageNet mean and std.
    """
    import torchvision.models as tvm

    enum_name, member = spec.weights_enum.split(".")
    return getattr(getattr(tvm, enum_name), member).transforms()


def _open_clip_kwargs(spec: ModelSpec, folder: Path | None) -> dict[str, Any]:
    import open_clip

    published = open_clip.get_pretrained_cfg(spec.arch_name, spec.pretrained_tag)
    # The preprocessing open_clip publishes with these weights.
    kwargs: dict[str, Any] = {
        f"image_{key}": published[key]
        for key in ("mean", "std", "interpolation", "resize_mode")
        if key in published
    }
    kwargs.update(pretrained=None, force_quick_gelu=spec.quick_gelu)
    text_cfg = open_clip.get_model_config(spec.arch_name)["text_cfg"]
    if "hf_model_name" in text_cfg:
        # The Hugging Face text tower reads its config from the model folder
        # instead of fetching it, and starts from random values. This dict
        # replaces open_clip's text config whole, so "do not load the base
        # text weights" must be said in it too: pretrained_text alone only
        # reaches the dict it replaces.
        if folder is None:
            raise ValueError(f"{spec.name} needs its model folder to be built")
        local = str(folder)
        kwargs["text_cfg"] = dict(
            text_cfg,
            hf_model_name=local,
            hf_tokenizer_name=local,
            hf_model_pretrained=False,
        )
        kwargs["pretrained_text"] = False
    return kwargs


def _build_open_clip(
    spec: ModelSpec, folder: Path | None, device: str
) -> tuple[Any, Callable]:
    import open_clip
    import torch

    kwargs = _open_clip_kwargs(spec, folder)
    with _quiet_open_clip(), torch.device(device):
        model, _, preprocess = open_clip.create_model_and_transforms(
            spec.arch_name, device=device, **kwargs
        )
    return model, preprocess


def open_clip_tokenizer(spec: ModelSpec, folder: Path | None) -> Any:
    """open_clip's tokenizer: its bundled BPE vocabulary, or the Hugging Face
    tokenizer files stored in the model folder (multilingual CLIP)."""
    import open_clip

    text_cfg = open_clip.get_model_config(spec.arch_name)["text_cfg"]
    if "hf_tokenizer_name" not in text_cfg:
        return open_clip.get_tokenizer(spec.arch_name)
    from open_clip.tokenizer import HFTokenizer

    # local_files_only: the folder is the only source, the hub is never asked.
    return HFTokenizer(
        str(folder),
        context_length=text_cfg.get("context_length", 77),
        local_files_only=True,
        **text_cfg.get("tokenizer_kwargs", {}),
    )


class _RandomInitFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("No pretrained weights loaded")


@contextlib.contextmanager
def _quiet_open_clip() -> Iterator[None]:
    """open_clip warns on the root logger that the model starts from random
    values; here that is intended (the weights are loaded next)."""
    root = logging.getLogger()
    quiet = _RandomInitFilter()
    root.addFilter(quiet)
    try:
        yield
    finally:
        root.removeFilter(quiet)
