"""Feed photos to a model in batches, decoding in threads while it computes.

Decoding (reduced-size JPEG, orientation, preprocessing) runs in a thread
pool a few batches ahead of the consumer, so the model rarely waits. A photo
that cannot be decoded is reported with its reason and left out of the
batch; the others go on.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from engine import media
from engine.jobs import JobContext

log = logging.getLogger(__name__)

Transform = Callable[[Any], Any]  # PIL image -> tensor (3, H, W)


@dataclass(frozen=True)
class PhotoRef:
    """A photo to decode: the caller's key (usually its id) and its path."""

    key: int
    path: str


@dataclass
class Batch:
    """Decoded photos, stacked: ``tensor`` is (batch, 3, H, W)."""

    keys: list[int]
    tensor: Any
    failures: dict[int, media.MediaError] = field(default_factory=dict)


def _decode(ref: PhotoRef, transform: Transform, min_side: int | None) -> Any:
    try:
        image = media.load_rgb(ref.path, min_side=min_side)
    except media.MediaError as exc:
        return exc
    except OSError as exc:
        return media.error_from_os(exc)
    return transform(image)


def batches(
    refs: Iterable[PhotoRef],
    transform: Transform,
    *,
    batch_size: int = 32,
    min_side: int | None = None,
    workers: int | None = None,
    context: JobContext | None = None,
    ahead: int = 2,
) -> Iterator[Batch]:
    """Decoded batches of ``refs`` in order, decoding ``ahead`` batches early.

    Args:
        refs: the photos, in the order the batches should follow.
        transform: the model's preprocessing (PIL image to a tensor).
        batch_size: photos per batch (the last one may be smaller).
        min_side: decode JPEGs at the smallest scale whose shorter side is
            still at least this many pixels (the transform resizes after).
        workers: decoding threads; by default all cores but one.
        context: checked for cancellation between photos.
        ahead: how many batches of decoding to keep in flight.

    Yields:
        Batches whose ``failures`` hold the photos that could not be decoded
        (a batch may carry only failures and an empty ``keys``).
    """
    import torch

    pending: deque[tuple[PhotoRef, Future]] = deque()
    source = iter(refs)
    window = batch_size * max(1, ahead)
    with ThreadPoolExecutor(
        workers or media.default_workers(), thread_name_prefix="decode"
    ) as pool:
        try:
            while True:
                _fill(pending, source, pool, window, transform, min_side)
                if not pending:
                    return
                keys, tensors, failures = [], [], {}
                while pending and len(keys) + len(failures) < batch_size:
                    ref, future = pending.popleft()
                    if context is not None:
                        context.check()
                    result = future.result()
                    if isinstance(result, media.MediaError):
                        log.warning("cannot decode %s: %s", ref.path, result)
                        failures[ref.key] = result
                    else:
                        keys.append(ref.key)
                        tensors.append(result)
                    _fill(pending, source, pool, window, transform, min_side)
                stacked = torch.stack(tensors) if tensors else None
                yield Batch(keys, stacked, failures)
        finally:
            for _, future in pending:
                future.cancel()


def _fill(
    pending: deque,
    source: Iterator[PhotoRef],
    pool: ThreadPoolExecutor,
    window: int,
    transform: Transform,
    min_side: int | None,
) -> None:
    while len(pending) < window:
        ref = next(source, None)
        if ref is None:
            return
        pending.append((ref, pool.submit(_decode, ref, transform, min_side)))
