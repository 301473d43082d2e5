"""The ResNet backbones a classifier is built on, their preprocessing, and
the classifier network itself (normalisation + backbone + new head).

Every network here takes uint8 RGB pixels laid out (batch, H, W, 3), the
layout a decoded photo already has, and normalises them inside. The app, the
stored features and the exported files therefore share one preprocessing:
resize the shorter side, centre-crop, hand over the pixels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from engine.i18n import QT_TRANSLATE_NOOP, UserError

if TYPE_CHECKING:
    import torch
    from PIL import Image

log = logging.getLogger(__name__)

BACKBONES = ("resnet18", "resnet50")
DEFAULT_BACKBONE = "resnet18"
IMAGE_SIZE = 224
# The last residual block: what "finetune-last" trains besides the head.
LAST_BLOCK = "layer4"


class UnknownBackbone(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{name}” is not a backbone Pictor can train on. Choose {known}."
    )


@dataclass(frozen=True)
class Preprocessing:
    """How a photo becomes the network's input.

    Resize the shorter side to ``resize`` pixels (bilinear, antialiased),
    crop the centre ``crop`` x ``crop``, keep uint8 RGB; the network
    subtracts ``mean`` and divides by ``std`` (both on the 0..1 scale).
    """

    resize: int
    crop: int
    mean: tuple[float, float, float]
    std: tuple[float, float, float]

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "interpolation": "bilinear, antialiased",
            "input": "uint8 RGB, shape (batch, crop, crop, 3)",
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Preprocessing:
        return cls(
            int(data["resize"]),
            int(data["crop"]),
            tuple(data["mean"]),
            tuple(data["std"]),
        )


@dataclass(frozen=True)
class Backbone:
    """A pretrained backbone ready to use.

    ``key`` names the backbone and its weights (their checksum), so stored
    features of other weights are never mixed in. ``trunk`` is the ResNet
    without its ImageNet layer: pixels in, pooled features (batch, dim) out.
    """

    name: str
    key: str
    trunk: Any
    preprocessing: Preprocessing
    feature_dim: int
    device: str


def check_backbone(name: str) -> None:
    """Raise :class:`UnknownBackbone` for a name outside :data:`BACKBONES`."""
    if name not in BACKBONES:
        raise UnknownBackbone(name=name, known=", ".join(BACKBONES))


def preprocessing_for(name: str, *, image_size: int = IMAGE_SIZE) -> Preprocessing:
    """The preprocessing published with the weights, scaled to ``image_size``.

    ResNet-18 V1: resize 256, crop 224; ResNet-50 V2: resize 232, crop 224;
    both with the ImageNet mean and std.
    """
    from engine.weights import get_spec
    from engine.weights.architectures import torchvision_transforms

    check_backbone(name)
    published = torchvision_transforms(get_spec(name))
    resize = int(published.resize_size[0])
    crop = int(published.crop_size[0])
    return Preprocessing(
        resize=round(resize * image_size / crop),
        crop=image_size,
        mean=tuple(float(v) for v in published.mean),
        std=tuple(float(v) for v in published.std),
    )


def load_backbone(
    name: str, *, device: str = "cpu", image_size: int = IMAGE_SIZE
) -> Backbone:
    """Load an installed backbone without its ImageNet classification layer.

    Args:
        name: ``resnet18`` or ``resnet50``.
        device: torch device string.
        image_size: side of the square input.

    Returns:
        A :class:`Backbone`. Raises ``engine.weights.ModelMissing`` (one
        sentence with the download size) when the weights are not installed;
        never falls back to random weights.
    """
    import torch

    from engine.weights import load_model

    check_backbone(name)
    loaded = load_model(name, device=device)
    trunk = loaded.module
    trunk.fc = torch.nn.Identity()
    return Backbone(
        name=name,
        key=_key(name, loaded.folder),
        trunk=trunk,
        preprocessing=preprocessing_for(name, image_size=image_size),
        feature_dim=loaded.feature_dim,
        device=device,
    )


def installed_key(name: str) -> str:
    """The key of the installed weights of a backbone, without loading them.

    Raises:
        ModelMissing: the weights are not installed.
    """
    from engine.weights.loading import require_installed

    check_backbone(name)
    return _key(name, require_installed(name))


def _key(name: str, folder: Any) -> str:
    from engine.weights.installed import read_sidecar

    sha256 = ((read_sidecar(folder) or {}).get("weights") or {}).get("sha256", "")
    return f"{name}:{sha256[:16]}"


# pixels


def eval_transform(prep: Preprocessing) -> Callable[[Image.Image], torch.Tensor]:
    """PIL image -> uint8 tensor (crop, crop, 3): resize, centre crop."""
    from torchvision.transforms import InterpolationMode
    from torchvision.transforms import functional as tf

    def transform(image: Image.Image) -> torch.Tensor:
        image = tf.resize(
            image, prep.resize, InterpolationMode.BILINEAR, antialias=True
        )
        return _pixels(tf.center_crop(image, prep.crop))

    return transform


def train_transform(prep: Preprocessing) -> Callable[[Image.Image], torch.Tensor]:
    """PIL image -> uint8 tensor (crop, crop, 3) with augmentation: random
    resized crop, horizontal flip and colour jitter (as in the ImageNet
    training recipes of torchvision)."""
    from torchvision import transforms

    augment = transforms.Compose(
        [
            transforms.RandomResizedCrop(prep.crop, antialias=True),
            transforms.RandomHorizontalFlip(),
            transforms.ColorJitter(brightness=0.2, contrast=0.2, saturation=0.2),
        ]
    )

    def transform(image: Image.Image) -> torch.Tensor:
        return _pixels(augment(image))

    return transform


def _pixels(image: Image.Image) -> torch.Tensor:
    import numpy as np
    import torch

    return torch.from_numpy(np.array(image.convert("RGB"), dtype=np.uint8))


# networks


def _module_classes() -> tuple[type, type]:
    """The network classes, defined on first use so that importing this
    module does not import torch."""
    global _CLASSES
    if _CLASSES is None:
        _CLASSES = _define_modules()
    return _CLASSES


_CLASSES: tuple[type, type] | None = None


def _define_modules() -> tuple[type, type]:
    import torch
    from torch import nn

    class Normalise(nn.Module):
        """uint8 (batch, H, W, 3) -> normalised float (batch, 3, H, W).

        The permuted tensor is already channels_last in memory, the layout
        that makes convolutions fastest on the CPU.
        """

        def __init__(self, mean: tuple[float, ...], std: tuple[float, ...]) -> None:
            super().__init__()
            scale = torch.tensor(std, dtype=torch.float32) * 255.0
            shift = torch.tensor(mean, dtype=torch.float32) * 255.0
            self.register_buffer("scale", scale.view(1, 3, 1, 1), persistent=False)
            self.register_buffer("shift", shift.view(1, 3, 1, 1), persistent=False)

        def forward(self, pixels: torch.Tensor) -> torch.Tensor:
            x = pixels.permute(0, 3, 1, 2).float()  # (batch, 3, H, W)
            return (x - self.shift) / self.scale

    class ClassifierNet(nn.Module):
        """Pixels -> class logits: normalise, backbone, dropout, linear."""

        def __init__(
            self, prep: Preprocessing, trunk: nn.Module, head: nn.Module
        ) -> None:
            super().__init__()
            self.normalise = Normalise(prep.mean, prep.std)
            self.trunk = trunk
            self.head = head

        def features(self, pixels: torch.Tensor) -> torch.Tensor:
            return self.trunk(self.normalise(pixels))  # (batch, dim)

        def forward(self, pixels: torch.Tensor) -> torch.Tensor:
            return self.head(self.features(pixels))  # (batch, classes)

    return Normalise, ClassifierNet


def make_head(feature_dim: int, n_classes: int, *, dropout: float = 0.0) -> Any:
    """The new classification layer: dropout, then linear (dim -> classes)."""
    from torch import nn

    return nn.Sequential(nn.Dropout(dropout), nn.Linear(feature_dim, n_classes))


def build_classifier(backbone: Backbone, head: Any) -> Any:
    """Put normalisation, the backbone and ``head`` together (channels_last)."""
    import torch

    _, classifier_net = _module_classes()
    net = classifier_net(backbone.preprocessing, backbone.trunk, head)
    return net.to(backbone.device, memory_format=torch.channels_last)


def normaliser(prep: Preprocessing) -> Any:
    normalise, _ = _module_classes()
    return normalise(prep.mean, prep.std)
