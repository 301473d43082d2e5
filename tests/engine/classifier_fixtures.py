"""Shared makings of the classifier tests: random-valued ResNet-18 weights
imported the way a user imports a file, and small projects of red and blue
photos that any CNN can tell apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from engine import labels, library
from engine.project import Project
from engine.vision.training import TrainConfig

# Small inputs keep a ResNet-18 step in the tens of milliseconds.
TINY = dict(image_size=32, batch_size=8, workers=1, device="cpu")


def random_weights_file(folder: Path) -> Path:
    """A ResNet-18 state dict with random values, saved as safetensors."""
    import torch
    from safetensors.torch import save_file
    from torchvision.models import resnet18

    torch.manual_seed(0)
    path = folder / "resnet18-random.safetensors"
    save_file(resnet18(weights=None).state_dict(), str(path))
    return path


def install_random_resnet18(weights_file: Path) -> None:
    """Import the random weights into PICTOR_HOME (isolated per test)."""
    from engine.weights import import_model

    import_model("resnet18", weights_file)


def coloured_photo(path: Path, colour: str, seed: int, size: int = 40) -> Path:
    """A JPEG dominated by red or blue, with noise so no two are the same."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 90, size=(size, size, 3))
    channel = {"red": 0, "blue": 2}[colour]
    pixels[..., channel] += 150 + rng.integers(0, 15)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(path, quality=92)
    return path


def unlike_photo(path: Path, kind: str, seed: int = 0, size: int = 40) -> Path:
    """A JPEG like neither class: ``green``, ``noise`` or ``stripes``."""
    rng = np.random.default_rng(seed)
    if kind == "green":
        pixels = rng.integers(0, 90, size=(size, size, 3))
        pixels[..., 1] += 150
    elif kind == "noise":
        pixels = rng.integers(0, 256, size=(size, size, 3))
    else:
        pixels = np.zeros((size, size, 3), dtype=int)
        pixels[::4] = 255
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(path, quality=92)
    return path


def make_project(
    folder: Path, *, per_class: int = 8, val_per_class: int = 2
) -> tuple[Project, dict[str, list[int]]]:
    """A project with classes red and blue; ``val_per_class`` photos of each
    pinned to validation, the rest to training.

    Returns:
        The open project and the photo ids by class name.
    """
    project = Project.create(folder / "colours")
    ids: dict[str, list[int]] = {}
    for colour in ("red", "blue"):
        for i in range(per_class):
            seed = i + (1000 if colour == "blue" else 0)
            coloured_photo(folder / "photos" / colour / f"{i:02}.jpg", colour, seed)
    report = library.import_paths(
        project, [folder / "photos"], classes_from_folders=True, workers=1
    )
    assert not report.problems
    for colour in ("red", "blue"):
        label_class = labels.require_class(project, colour)
        members = [
            item.photo_id
            for item in labels.dataset(project)
            if item.class_id == label_class.id
        ]
        labels.pin_split(project, members[:val_per_class], "val")
        labels.pin_split(project, members[val_per_class:], "train")
        ids[colour] = members
    return project, ids


def tiny_config(**changes) -> TrainConfig:
    return TrainConfig(**{**TINY, **changes})
