"""One way for the vision and search code to get a ready model."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.weights import installed
from engine.weights.architectures import build_with_preprocess, check_requirements
from engine.weights.errors import DamagedInstalledModel, ModelMissing
from engine.weights.registry import ModelSpec, get_spec, human_size

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    """A model ready for inference.

    ``module`` is a ``torch.nn.Module`` in eval mode on ``device``;
    ``preprocess`` turns a PIL image into a float tensor (3, H, W);
    ``tokenizer`` (CLIP only) turns a list of strings into a LongTensor
    (n, context_length).
    """

    spec: ModelSpec
    module: Any
    preprocess: Callable[[Any], Any]
    tokenizer: Callable[[list[str]], Any] | None
    folder: Path
    verified: bool
    device: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def feature_dim(self) -> int:
        return self.spec.feature_dim


def missing_error(spec: ModelSpec) -> ModelMissing:
    """The sentence a feature shows when ``spec`` is not installed."""
    return ModelMissing(
        name=spec.name, title=spec.title, size=human_size(spec.approx_size)
    )


def require_installed(
    name: str,
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
) -> Path:
    """The folder of an installed model; raises :class:`ModelMissing`."""
    spec = get_spec(name, registry)
    folder = installed.find_installed(spec, models_dir)
    if folder is None:
        raise missing_error(spec)
    return folder


def load_model(
    name: str,
    *,
    device: str = "cpu",
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
) -> LoadedModel:
    """Load an installed model from the model folders, never from elsewhere.

    Args:
        name: registry name (``resnet18``, ``clip-vit-b32``…).
        device: torch device string.
        models_dir: the writable models folder (default: PICTOR_HOME/models);
            the read-only folder shipped with the app is searched after it.
        registry: another model table (tests).

    Returns:
        A :class:`LoadedModel`. Raises :class:`ModelMissing` when the weights
        are not installed (never falls back to random weights),
        :class:`NeedsPackage` when a required package is absent and
        :class:`DamagedInstalledModel` when the stored file is unusable.
    """
    spec = get_spec(name, registry)
    check_requirements(spec)
    folder = require_installed(name, models_dir=models_dir, registry=registry)
    tensors = _read_installed(spec, folder)
    module, preprocess, tokenizer = _build(spec, folder)
    try:
        module.load_state_dict(
            tensors, strict=True, assign=spec.family == "torchvision"
        )
    except RuntimeError as exc:
        raise DamagedInstalledModel(
            title=spec.title, folder=str(folder), reason=str(exc).splitlines()[0]
        ) from exc
    module = module.to(device).eval()
    verified = installed.is_verified(installed.read_sidecar(folder) or {})
    log.info(
        "loaded model %s from %s on %s (verified: %s)",
        spec.name,
        folder,
        device,
        verified,
    )
    return LoadedModel(spec, module, preprocess, tokenizer, folder, verified, device)


def _read_installed(spec: ModelSpec, folder: Path) -> dict[str, Any]:
    from safetensors.torch import load_file

    try:
        tensors = load_file(str(folder / installed.WEIGHTS_NAME), device="cpu")
    except Exception as exc:  # noqa: BLE001 - any parse failure means damaged
        raise DamagedInstalledModel(
            title=spec.title, folder=str(folder), reason=str(exc)
        ) from exc
    # Inference runs in float32 on the CPU even if a file stored half floats.
    return {k: v.float() if v.is_floating_point() else v for k, v in tensors.items()}


def _build(spec: ModelSpec, folder: Path) -> tuple[Any, Callable, Any]:
    # Every tensor of a torchvision ResNet is in its state dict, so it is
    # built without memory (meta) and the loaded tensors are assigned. CLIP
    # has buffers outside its state dict and is built for real.
    device = "meta" if spec.family == "torchvision" else "cpu"
    return build_with_preprocess(spec, folder=folder, device=device)
