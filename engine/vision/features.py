"""Pooled backbone features, computed once per photo content and stored.

A frozen backbone's features never change, so "quick" training computes
each photo's features once and trains the new head on the stored vectors.
They live in the project database (table ``features``: content hash and
backbone key to a float32 blob, 2 KB per photo for ResNet-18, 8 KB for
ResNet-50): one transactional file that moves with the project, rows
committed batch by batch so a cancelled extraction keeps its work, and
lookups by content hash so a moved or relabelled photo costs nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import store
from engine.i18n import QT_TRANSLATE_NOOP
from engine.jobs import JobContext
from engine.media import MediaError
from engine.vision.backbones import IMAGE_SIZE, Backbone, eval_transform, normaliser
from engine.vision.pipeline import PhotoRef, batches

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

COMPUTING = QT_TRANSLATE_NOOP(
    "engine", "Computing features: {current} of {count} photos"
)
BATCH_SIZE = 32


@dataclass(frozen=True)
class FeaturePhoto:
    """A photo whose features are wanted."""

    id: int
    path: str
    content_hash: str


@dataclass
class FeatureSet:
    """Features by photo id, and what it took to get them.

    ``computed`` counts photo contents run through the backbone now;
    ``reused`` those found stored; ``failures`` the photos that could not be
    decoded (left out of ``vectors``).
    """

    vectors: dict[int, np.ndarray] = field(default_factory=dict)
    computed: int = 0
    reused: int = 0
    failures: dict[int, MediaError] = field(default_factory=dict)
    seconds_per_photo: float | None = None

    def matrix(self, ids: Sequence[int]) -> np.ndarray:
        """(len(ids), dim) float32, rows in the order of ``ids``."""
        return np.stack([self.vectors[i] for i in ids]).astype(np.float32)


def feature_key(backbone: Backbone) -> str:
    """The backbone key the features are stored under (with a non-default
    input size, since that changes the features)."""
    return _sized(backbone.key, backbone.preprocessing.crop)


def _sized(key: str, crop: int) -> str:
    return key if crop == IMAGE_SIZE else f"{key}@{crop}"


def stored_features(
    project: Project,
    photos: Sequence[FeaturePhoto],
    *,
    backbone: str,
    image_size: int = IMAGE_SIZE,
) -> dict[int, np.ndarray]:
    """The features already stored for ``photos`` by id; nothing is computed.

    Args:
        project: the open project.
        photos: the photos wanted (any with ``id`` and ``content_hash``).
        backbone: the backbone's name; its installed weights pick the key.
        image_size: the input side the features were computed at.

    Returns:
        Vectors of the photos whose content has stored features; empty
        when the backbone is not installed.
    """
    from engine.vision.backbones import installed_key
    from engine.weights import ModelMissing

    try:
        key = _sized(installed_key(backbone), image_size)
    except ModelMissing:
        return {}
    hashes = {p.content_hash for p in photos}
    stored = store.get_features(project.store.connection(), key, hashes)
    return {
        p.id: np.frombuffer(stored[p.content_hash], dtype="<f4")
        for p in photos
        if p.content_hash in stored
    }


def extractor(backbone: Backbone) -> Any:
    """uint8 pixels (batch, H, W, 3) -> pooled features (batch, dim), eval mode."""
    import torch

    net = torch.nn.Sequential(normaliser(backbone.preprocessing), backbone.trunk)
    return net.to(backbone.device, memory_format=torch.channels_last).eval()


def ensure_features(
    project: Project,
    photos: Sequence[FeaturePhoto],
    backbone: Backbone,
    *,
    context: JobContext | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> FeatureSet:
    """Features of ``photos``, computing only contents not stored yet.

    Decoding runs in the pipeline's thread pool ahead of the backbone;
    each batch is committed as soon as it is computed, so cancelling keeps
    what was done. Photos that cannot be decoded are marked damaged or
    missing in the library and left out.

    Args:
        project: the open project.
        photos: the photos (duplicates of content are computed once).
        backbone: a loaded backbone.
        context: progress ("Computing features") and cancel.
        batch_size: photos per forward pass.
        workers: decoding threads (default: all cores but one).

    Returns:
        A :class:`FeatureSet`.

    Raises:
        Cancelled: the user stopped it; stored features stay.
    """
    ctx = context or JobContext()
    key = feature_key(backbone)
    result = FeatureSet()
    stored = store.get_features(
        project.store.connection(), key, {p.content_hash for p in photos}
    )
    todo = _first_of_each_content(p for p in photos if p.content_hash not in stored)
    if todo:
        _compute(project, todo, backbone, key, stored, result, ctx, batch_size, workers)
    for photo in photos:
        blob = stored.get(photo.content_hash)
        if blob is not None and photo.id not in result.failures:
            result.vectors[photo.id] = np.frombuffer(blob, dtype="<f4")
    result.reused = len({p.content_hash for p in photos}) - len(todo)
    _record_failures(project, result.failures)
    log.info(
        "features %s: %d computed, %d stored, %d failed",
        key,
        result.computed,
        result.reused,
        len(result.failures),
    )
    return result


def _first_of_each_content(photos: Any) -> list[FeaturePhoto]:
    seen: dict[str, FeaturePhoto] = {}
    for photo in photos:
        seen.setdefault(photo.content_hash, photo)
    return list(seen.values())


def _compute(
    project: Project,
    todo: list[FeaturePhoto],
    backbone: Backbone,
    key: str,
    stored: dict[str, bytes],
    result: FeatureSet,
    ctx: JobContext,
    batch_size: int,
    workers: int | None,
) -> None:
    import torch

    net = extractor(backbone)
    prep = backbone.preprocessing
    by_id = {p.id: p for p in todo}
    refs = [PhotoRef(p.id, p.path) for p in todo]
    done, started = 0, time.monotonic()
    ctx.report(0, len(todo), COMPUTING, force=True, current=0, count=len(todo))
    for batch in batches(
        refs,
        eval_transform(prep),
        batch_size=batch_size,
        min_side=prep.resize,
        workers=workers,
        context=ctx,
    ):
        result.failures.update(batch.failures)
        if batch.keys:
            with torch.inference_mode():
                pixels = batch.tensor.to(backbone.device)
                vectors = net(pixels).float().cpu().numpy()  # (batch, dim)
            items = [
                (by_id[k].content_hash, v.astype("<f4").tobytes())
                for k, v in zip(batch.keys, vectors, strict=True)
            ]
            with project.store.transaction() as db:
                store.put_features(db, key, items)
            stored.update(items)
            result.computed += len(items)
        done += len(batch.keys) + len(batch.failures)
        ctx.report(done, len(todo), COMPUTING, current=done, count=len(todo))
    if result.computed:
        result.seconds_per_photo = (time.monotonic() - started) / result.computed


def _record_failures(project: Project, failures: dict[int, MediaError]) -> None:
    from engine import library

    library.record_problems(project, failures)
