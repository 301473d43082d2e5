"""Turn photos and descriptions into unit vectors in one shared space (CLIP).

Search code talks to an :class:`Embedder`; :class:`ClipEmbedder` is the one
the app uses. Loaded models are kept between queries, since loading CLIP
takes seconds and a query should take milliseconds.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from engine import compute
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.weights import (
    DEFAULT_SEARCH,
    MULTILINGUAL_SEARCH,
    REGISTRY,
    get_spec,
    human_size,
    load_model,
    model_status,
)

log = logging.getLogger(__name__)

# Han, kana and hangul: scripts the English CLIP tokenizer cannot read.
_CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


class EmptyQuery(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "Type a few words that describe the photo you are looking for."
    )


class NeedsMultilingualModel(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The model “{model}” understands only English descriptions; to search in "
        "Chinese, install “{title}” ({size}) in the Models window and index your "
        "photos with it.",
    )


class NeedsMultilingualIndex(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The photos were indexed with “{model}”, which understands only English; "
        "to search in Chinese, choose “{title}” as the search model and index "
        "your photos again.",
    )


class Embedder(Protocol):
    """What indexing and search need from a model.

    ``name`` is the id vectors are stored under; ``preprocess`` turns a PIL
    image into a tensor (3, H, W); the encoders return float32 unit rows
    (n, dim).
    """

    name: str
    dim: int
    multilingual: bool
    min_side: int | None
    logit_scale: float

    def preprocess(self, image: Any) -> Any: ...

    def encode_images(self, batch: Any) -> np.ndarray: ...

    def encode_texts(self, texts: list[str]) -> np.ndarray: ...


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains Chinese, Japanese or Korean characters."""
    return _CJK.search(text) is not None


def check_query(text: str, embedder: Embedder) -> str:
    """The query stripped; refuses blank text and CJK text for English models.

    Raises:
        EmptyQuery: only spaces.
        NeedsMultilingualIndex: CJK characters and an English-only model,
            while the multilingual model is installed.
        NeedsMultilingualModel: CJK characters and an English-only model,
            without the multilingual model.
    """
    text = " ".join(text.split())
    if not text:
        raise EmptyQuery()
    if has_cjk(text) and not embedder.multilingual:
        spec = get_spec(MULTILINGUAL_SEARCH)
        if model_status(spec.name).installed:
            raise NeedsMultilingualIndex(
                model=_title(embedder.name), title=spec.title, name=spec.name
            )
        raise NeedsMultilingualModel(
            model=embedder.name,
            title=spec.title,
            size=human_size(spec.approx_size),
            name=spec.name,
        )
    return text


def _title(name: str) -> str:
    return REGISTRY[name].title if name in REGISTRY else name


class ClipEmbedder:
    """An installed open_clip model as an :class:`Embedder`."""

    def __init__(self, loaded: Any) -> None:
        import torch

        self.loaded = loaded
        self.name = loaded.name
        self.dim = loaded.feature_dim
        self.multilingual = loaded.name == MULTILINGUAL_SEARCH
        self.device = loaded.device
        module = loaded.module
        size = getattr(module.visual, "image_size", 224)
        self.min_side = int(size[0] if isinstance(size, tuple | list) else size)
        self.logit_scale = float(torch.exp(module.logit_scale.detach()).item())
        self._preprocess: Callable[[Any], Any] = loaded.preprocess
        self._tokenizer = loaded.tokenizer

    def preprocess(self, image: Any) -> Any:
        return self._preprocess(image)

    def encode_images(self, batch: Any) -> np.ndarray:
        """Unit vectors (n, dim) of a preprocessed batch (n, 3, H, W)."""
        import torch

        with torch.inference_mode():
            features = self.loaded.module.encode_image(batch.to(self.device))
        return _unit(features)

    def encode_texts(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (n, dim) of descriptions (cut to the model's context)."""
        import torch

        tokens = self._tokenizer(texts)  # (n, context_length)
        with torch.inference_mode():
            features = encode_text_tokens(self.loaded.module, tokens.to(self.device))
        return _unit(features)


def _unit(features: Any) -> np.ndarray:
    vectors = features.float().cpu().numpy()
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def encode_text_tokens(module: Any, tokens: Any) -> Any:
    """CLIP text features of padded tokens, computing only up to the last
    end token of the batch.

    The text tower of open_clip's CLIP uses a causal attention mask and pools
    the end-of-text position, so padding after it never changes the result;
    a 6-word query then costs ~8 positions instead of 77. Other text towers
    (multilingual CLIP) run in full.

    Args:
        module: an open_clip ``CLIP`` module.
        tokens: LongTensor (n, context_length) from its tokenizer.

    Returns:
        Features (n, embed_dim), not normalised.
    """
    import torch

    if not _is_causal_clip_text(module):
        return module.encode_text(tokens)
    ends = tokens.argmax(dim=-1)  # (n,) end token: the highest id in each row
    length = int(ends.max()) + 1
    cast = module.transformer.get_cast_dtype()
    x = module.token_embedding(tokens[:, :length]).to(cast)  # (n, L, width)
    x = x + module.positional_embedding[:length].to(cast)
    x = module.transformer(x, attn_mask=module.attn_mask[:length, :length])
    x = module.ln_final(x)
    x = x[torch.arange(x.shape[0], device=x.device), ends]  # (n, width)
    if isinstance(module.text_projection, torch.nn.Linear):
        return module.text_projection(x)
    return x @ module.text_projection  # (n, embed_dim)


def _is_causal_clip_text(module: Any) -> bool:
    return (
        getattr(module, "text_pool_type", None) == "argmax"
        and getattr(module, "attn_mask", None) is not None
        and getattr(module.transformer, "batch_first", False)
        and hasattr(module, "token_embedding")
    )


_cache: dict[tuple[str, str], ClipEmbedder] = {}
_cache_lock = threading.Lock()


def get_embedder(
    name: str = DEFAULT_SEARCH, *, device: str | None = None
) -> ClipEmbedder:
    """The installed model ``name``, loaded once and kept for later queries.

    Args:
        name: a CLIP model of the registry.
        device: torch device string (default: the one the user's compute
            preference resolves to, a GPU when there is one).

    Returns:
        The embedder. Raises :class:`engine.weights.ModelMissing` when the
        weights are not installed (never random weights) and
        :class:`engine.weights.NeedsPackage` when a package is missing.
    """
    device = device or compute.resolve_device(compute.current().device)
    with _cache_lock:
        found = _cache.get((name, device))
        if found is None:
            # Limit: one model stays in memory per name (~600 MB for ViT-B/32)
            # until release_embedders() is called.
            found = ClipEmbedder(load_model(name, device=device))
            _cache[(name, device)] = found
        return found


def release_embedders() -> None:
    """Forget the loaded models (frees their memory once unused)."""
    with _cache_lock:
        _cache.clear()
