"""The models Pictor offers: where their official weights live and how big they are.

Sizes and checksums come from the libraries that publish the weights
(torchvision's weight metadata, open_clip's pretrained table); where none
is published the field is ``None`` and a download ends up "unverified".
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.i18n import QT_TRANSLATE_NOOP
from engine.weights.errors import UnknownModel

HF = "https://huggingface.co/{repo}/resolve/main/{file}"

# Roles of the files of a model: the weights become weights.safetensors,
# the others (tokenizer, text-model config) are kept under their own name.
WEIGHTS, TOKENIZER, CONFIG = "weights", "tokenizer", "config"


@dataclass(frozen=True)
class Checksum:
    """A published checksum: ``sha256`` (full digest) or ``sha256-prefix``.

    torchvision embeds the first hex digits of the file's SHA-256 in the
    file name and checks only that prefix; we check the same prefix.
    """

    kind: str
    value: str

    def matches(self, sha256_hex: str) -> bool:
        if self.kind == "sha256":
            return sha256_hex.lower() == self.value.lower()
        if self.kind == "sha256-prefix":
            return sha256_hex.lower().startswith(self.value.lower())
        raise ValueError(f"unknown checksum kind {self.kind!r}")


@dataclass(frozen=True)
class FileSpec:
    """One file of a model.

    ``size`` is the exact byte count when published (checked after a
    download); ``approx_size`` is what the window shows and what progress
    uses until the server tells the real length.
    """

    filename: str
    url: str
    role: str = WEIGHTS
    size: int | None = None
    approx_size: int | None = None
    checksum: Checksum | None = None

    @property
    def display_size(self) -> int | None:
        return self.size if self.size is not None else self.approx_size


@dataclass(frozen=True)
class ModelSpec:
    """A model the app offers.

    ``architecture`` selects the builder in ``engine.weights.architectures``:
    ``torchvision:resnet18`` (``weights_enum`` names the torchvision weights
    whose published transforms it uses) or ``open_clip:ViT-B-32``
    (``pretrained_tag`` names open_clip's preprocessing config).
    ``text_model_type`` is the ``model_type`` its text-model config must name.
    """

    name: str
    title: str
    purpose: str
    architecture: str
    files: tuple[FileSpec, ...]
    licence: str
    feature_dim: int
    pretrained_tag: str = ""
    quick_gelu: bool = False
    requires: tuple[str, ...] = ()
    notes: str = ""
    weights_enum: str = ""
    text_model_type: str = ""

    @property
    def weights_file(self) -> FileSpec:
        return next(f for f in self.files if f.role == WEIGHTS)

    @property
    def extra_files(self) -> tuple[FileSpec, ...]:
        return tuple(f for f in self.files if f.role != WEIGHTS)

    @property
    def approx_size(self) -> int:
        return sum(f.display_size or 0 for f in self.files)

    @property
    def family(self) -> str:
        return self.architecture.split(":", 1)[0]

    @property
    def arch_name(self) -> str:
        return self.architecture.split(":", 1)[1]


def _mib(value: float) -> int:
    """torchvision's ``meta["_file_size"]`` is in MiB with three decimals."""
    return round(value * 1024 * 1024)


# Bytes of the float32 tensors of ViT-B/32 CLIP (151,277,313 parameters),
# counted from open_clip's architecture; the file adds a small header.
_VIT_B32_BYTES = 605_109_252
# xlm-roberta-base text tower (278,272,256 parameters with open_clip's MLP
# projection) plus the ViT-B/32 image tower (87,849,216), float32: an estimate
# from the architecture, not a published size.
_XLM_B32_BYTES = 1_464_485_892

_IMAGENET_NOTE = QT_TRANSLATE_NOOP(
    "engine",
    "Published by the PyTorch team with torchvision (BSD-3-Clause). Trained on "
    "ImageNet, whose terms allow non-commercial research use; check before "
    "commercial use.",
)
_LAION_NOTE = QT_TRANSLATE_NOOP(
    "engine",
    "Published by LAION under the MIT licence (model card). Trained on "
    "uncurated web images and captions.",
)

RESNET18 = ModelSpec(
    name="resnet18",
    title=QT_TRANSLATE_NOOP("engine", "ResNet-18 (ImageNet)"),
    purpose=QT_TRANSLATE_NOOP(
        "engine",
        "Image classifier backbone: small and fast, for training your classes.",
    ),
    architecture="torchvision:resnet18",
    files=(
        FileSpec(
            filename="resnet18-f37072fd.pth",
            url="https://download.pytorch.org/models/resnet18-f37072fd.pth",
            approx_size=_mib(44.661),
            checksum=Checksum("sha256-prefix", "f37072fd"),
        ),
    ),
    licence=_IMAGENET_NOTE,
    feature_dim=512,
    weights_enum="ResNet18_Weights.IMAGENET1K_V1",
)

RESNET50 = ModelSpec(
    name="resnet50",
    title=QT_TRANSLATE_NOOP("engine", "ResNet-50 (ImageNet)"),
    purpose=QT_TRANSLATE_NOOP(
        "engine", "Image classifier backbone: more accurate, about three times slower."
    ),
    architecture="torchvision:resnet50",
    files=(
        FileSpec(
            filename="resnet50-11ad3fa6.pth",
            url="https://download.pytorch.org/models/resnet50-11ad3fa6.pth",
            approx_size=_mib(97.79),
            checksum=Checksum("sha256-prefix", "11ad3fa6"),
        ),
    ),
    licence=_IMAGENET_NOTE,
    feature_dim=2048,
    weights_enum="ResNet50_Weights.IMAGENET1K_V2",
)

# Limit: LAION publishes no checksum for its open_clip files on Hugging Face
# (open_clip's pretrained table has none either), so these downloads and
# imports show as "installed, not verified"; only the size and the
# architecture check guard them.
CLIP_B32 = ModelSpec(
    name="clip-vit-b32",
    title=QT_TRANSLATE_NOOP("engine", "CLIP ViT-B/32 (LAION-2B)"),
    purpose=QT_TRANSLATE_NOOP(
        "engine", "Photo search by description or by a similar photo (English)."
    ),
    architecture="open_clip:ViT-B-32",
    pretrained_tag="laion2b_s34b_b79k",
    files=(
        FileSpec(
            filename="open_clip_pytorch_model.bin",
            url=HF.format(
                repo="laion/CLIP-ViT-B-32-laion2B-s34B-b79K",
                file="open_clip_pytorch_model.bin",
            ),
            approx_size=_VIT_B32_BYTES,
        ),
    ),
    licence=_LAION_NOTE,
    feature_dim=512,
)

# OpenAI publishes this model as a TorchScript program (ViT-B-32.pt), which
# can only be opened by running it; the plain state dict that open_clip lists
# as the Hugging Face copy of the same weights is used instead.
# Limit: OpenAI's official SHA-256 is that of ViT-B-32.pt, the folder of its
# address in openai/CLIP's clip/clip.py (_MODELS["ViT-B/32"]):
# 40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af. It
# does not apply to this safetensors copy, for which none is published, so
# these downloads and imports show as "installed, not verified".
CLIP_B32_OPENAI = ModelSpec(
    name="clip-vit-b32-openai",
    title=QT_TRANSLATE_NOOP("engine", "CLIP ViT-B/32 (OpenAI)"),
    purpose=QT_TRANSLATE_NOOP(
        "engine", "Photo search, alternative: OpenAI's original CLIP weights."
    ),
    architecture="open_clip:ViT-B-32",
    pretrained_tag="openai",
    quick_gelu=True,
    files=(
        FileSpec(
            filename="open_clip_model.safetensors",
            url=HF.format(
                repo="timm/vit_base_patch32_clip_224.openai",
                file="open_clip_model.safetensors",
            ),
            approx_size=_VIT_B32_BYTES,
        ),
    ),
    licence=QT_TRANSLATE_NOOP(
        "engine",
        "Published by OpenAI under the MIT licence; trained on web images and "
        "captions that OpenAI has not released.",
    ),
    feature_dim=512,
)

_XLM_TOKENIZER_REPO = "FacebookAI/xlm-roberta-base"

# Limit: neither LAION's weights nor xlm-roberta-base's tokenizer.json and
# config.json have a published checksum, so this model always shows as
# "installed, not verified"; its files are checked against each other and
# against the architecture instead.
CLIP_XLM_B32 = ModelSpec(
    name="clip-vit-b32-multilingual",
    title=QT_TRANSLATE_NOOP("engine", "Multilingual CLIP ViT-B/32 (LAION-5B)"),
    purpose=QT_TRANSLATE_NOOP(
        "engine",
        "Photo search with descriptions in Chinese and about 100 other languages.",
    ),
    architecture="open_clip:xlm-roberta-base-ViT-B-32",
    pretrained_tag="laion5b_s13b_b90k",
    files=(
        FileSpec(
            filename="open_clip_pytorch_model.bin",
            url=HF.format(
                repo="laion/CLIP-ViT-B-32-xlm-roberta-base-laion5B-s13B-b90k",
                file="open_clip_pytorch_model.bin",
            ),
            approx_size=_XLM_B32_BYTES,
        ),
        FileSpec(
            filename="tokenizer.json",
            url=HF.format(repo=_XLM_TOKENIZER_REPO, file="tokenizer.json"),
            role=TOKENIZER,
        ),
        FileSpec(
            filename="config.json",
            url=HF.format(repo=_XLM_TOKENIZER_REPO, file="config.json"),
            role=CONFIG,
        ),
    ),
    licence=_LAION_NOTE,
    feature_dim=512,
    requires=("transformers",),
    text_model_type="xlm-roberta",
)

REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (RESNET18, RESNET50, CLIP_B32, CLIP_B32_OPENAI, CLIP_XLM_B32)
}

DEFAULT_CLASSIFIER = RESNET18.name
DEFAULT_SEARCH = CLIP_B32.name
MULTILINGUAL_SEARCH = CLIP_XLM_B32.name


def get_spec(name: str, registry: dict[str, ModelSpec] | None = None) -> ModelSpec:
    """Look a model up by name.

    Args:
        name: registry name such as ``resnet18``.
        registry: another table (tests); defaults to :data:`REGISTRY`.

    Returns:
        The model's :class:`ModelSpec`; raises :class:`UnknownModel`.
    """
    table = REGISTRY if registry is None else registry
    try:
        return table[name]
    except KeyError:
        raise UnknownModel(name=name, known=", ".join(sorted(table))) from None


def human_size(n_bytes: int | None) -> str:
    """``46830571`` -> ``"47 MB"``; sizes a user reads (decimal units)."""
    if not n_bytes:
        return "?"
    value = float(n_bytes)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            break
        value /= 1000
    if unit == "bytes":
        return f"{int(value)} bytes"
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
