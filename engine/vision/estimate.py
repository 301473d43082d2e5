"""How long training will take on this machine: measured once on a couple
of batches of the real network, remembered in the project."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from engine import compute, store
from engine.vision import checks
from engine.vision.backbones import Backbone, build_classifier, load_backbone, make_head
from engine.vision.features import extractor, feature_key

if TYPE_CHECKING:
    from engine.project import Project
    from engine.vision.training import TrainConfig

log = logging.getLogger(__name__)

MEASURE_BATCH = 8
# Decoding runs in threads beside the model; this covers what still shows.
DECODE_OVERHEAD = 1.15
LEARNS_IN_LAST = ("trunk.layer4.", "head.")


def estimate_seconds(project: Project, config: TrainConfig) -> float:
    """Seconds a run with ``config`` should take here.

    The first call per backbone, device and mode times two small batches
    of the real network (a few seconds); the figure is kept in the project
    so later estimates are instant.

    Raises:
        ModelMissing: the backbone's weights are not installed.
    """
    config.check()
    compute.apply(compute.current())  # the speed depends on the thread count
    device = compute.resolve_device(config.device or compute.current().device)
    backbone = load_backbone(
        config.backbone, device=device, image_size=config.image_size
    )
    photos = checks.usable_photos(project)
    n_train = sum(p.split == "train" for p in photos)
    n_val = len(photos) - n_train
    if config.mode == "quick":
        stored = store.get_features(
            project.store.connection(),
            feature_key(backbone),
            {p.content_hash for p in photos},
        )
        todo = len({p.content_hash for p in photos} - set(stored))
        per_photo = _speed(project, backbone, "features")
        return todo * per_photo * DECODE_OVERHEAD + 0.002 * len(photos) + 1.0
    train_s = _speed(project, backbone, config.mode)
    eval_s = _speed(project, backbone, "features")
    epoch = n_train * train_s + (n_val * eval_s)
    # the last pass judges the training photos for the mislabelled list
    return (config.planned_epochs * epoch + n_train * eval_s) * DECODE_OVERHEAD


def _speed(project: Project, backbone: Backbone, kind: str) -> float:
    key = (
        f"speed:{backbone.name}:{backbone.device}:{backbone.preprocessing.crop}:{kind}"
    )
    known = project.store.get_meta(key)
    if known:
        return float(known)
    measured = _measure(backbone, kind)
    project.store.set_meta({key: repr(measured)})
    log.info("measured %s: %.4f s per photo", key, measured)
    return measured


def _measure(backbone: Backbone, kind: str) -> float:
    """Seconds per photo over two batches, after one warm-up batch."""
    import torch

    side = backbone.preprocessing.crop
    pixels = torch.randint(0, 256, (MEASURE_BATCH, side, side, 3), dtype=torch.uint8)
    pixels = pixels.to(backbone.device)
    if kind == "features":
        net = extractor(backbone)

        def step() -> None:
            with torch.inference_mode():
                net(pixels)

    else:
        net = build_classifier(backbone, make_head(backbone.feature_dim, 2))
        net.train()
        for name, param in net.named_parameters():
            learns = kind == "finetune-all" or name.startswith(LEARNS_IN_LAST)
            param.requires_grad_(learns)

        def step() -> None:
            net(pixels).sum().backward()

    step()
    started = time.perf_counter()
    for _ in range(2):
        step()
    elapsed = time.perf_counter() - started
    net.zero_grad(set_to_none=True)
    return elapsed / (2 * MEASURE_BATCH)


def human_duration(seconds: float) -> str:
    """``75`` -> ``"1 minute"``: for the command line (the GUI formats its own)."""
    if seconds < 60:
        return f"{max(1, round(seconds))} seconds"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds / 3600:.1f} hours"


def describe(project: Project, config: Any) -> dict[str, Any]:
    """The estimate as the Train pane shows it: seconds and photo counts."""
    photos = checks.usable_photos(project)
    return {
        "seconds": estimate_seconds(project, config),
        "train_photos": sum(p.split == "train" for p in photos),
        "val_photos": sum(p.split == "val" for p in photos),
    }
