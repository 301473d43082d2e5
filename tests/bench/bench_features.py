"""Feature extraction speed with ResNet-18 (random weights, the real network).

1. The ants/bees JPEGs through Pictor's extraction (decoding in threads
   ahead of the model) against the model alone on random pixels at the
   same batch size: the pipeline should keep the model fed (>= 0.9x).
2. 12-megapixel JPEGs made from those photos (some with EXIF orientation
   6) against the plain loop of the seed recipe (open, convert, transform,
   stack, forward): reduced-size decoding should win (>= 2x).

    python tests/bench/bench_features.py             # 96 photos, 16 big
    python tests/bench/bench_features.py --full      # all 245, 48 big
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
PHOTOS = SHARED / "photos" / "ants-bees" / "train"
BATCH = 32


def setup(home: Path) -> None:
    os.environ["PICTOR_HOME"] = str(home)
    from tests.engine.classifier_fixtures import (
        install_random_resnet18,
        random_weights_file,
    )

    home.mkdir(parents=True, exist_ok=True)
    install_random_resnet18(random_weights_file(home))


def pictor_rate(folder: Path, project_dir: Path) -> tuple[float, int]:
    from engine import library
    from engine.project import Project
    from engine.vision.backbones import load_backbone
    from engine.vision.features import FeaturePhoto, ensure_features

    with Project.create(project_dir) as project:
        library.import_paths(project, [folder])
        photos = [
            FeaturePhoto(p.id, p.path, p.content_hash)
            for p in library.get_photos(project, library.photo_ids(project))
        ]
        backbone = load_backbone("resnet18")
        started = time.perf_counter()
        found = ensure_features(project, photos, backbone, batch_size=BATCH)
        elapsed = time.perf_counter() - started
    return found.computed / elapsed, found.computed


def model_only_rate(n: int) -> float:
    import torch

    from engine.vision.backbones import load_backbone
    from engine.vision.features import extractor

    net = extractor(load_backbone("resnet18"))
    pixels = torch.randint(0, 256, (BATCH, 224, 224, 3), dtype=torch.uint8)
    with torch.inference_mode():
        net(pixels)
        started = time.perf_counter()
        done = 0
        while done < n:
            net(pixels)
            done += BATCH
    return done / (time.perf_counter() - started)


def seed_recipe_rate(paths: list[Path]) -> float:
    """The straightforward loop: open, convert, transform, stack, forward."""
    import torch
    from PIL import Image
    from torchvision import transforms

    from engine.weights import load_model

    model = load_model("resnet18").module
    model.fc = torch.nn.Identity()
    transform = transforms.Compose(
        [
            transforms.Resize(256),
            transforms.CenterCrop(224),
            transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        ]
    )
    started = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(paths), BATCH):
            tensors = [
                transform(Image.open(p).convert("RGB")) for p in paths[i : i + BATCH]
            ]
            model(torch.stack(tensors))
    return len(paths) / (time.perf_counter() - started)


def make_big(sources: list[Path], folder: Path, count: int) -> list[Path]:
    """12-megapixel JPEGs (4000x3000); every third stored turned, with EXIF
    orientation 6 saying how to show it upright."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        with Image.open(sources[i % len(sources)]) as im:
            big = im.convert("RGB").resize((4000, 3000), Image.Resampling.BILINEAR)
        exif = Image.Exif()
        if i % 3 == 0:
            big = big.transpose(Image.Transpose.ROTATE_90)
            exif[0x0112] = 6
        path = folder / f"big_{i:03}.jpg"
        big.save(path, "JPEG", quality=90, exif=exif.tobytes())
        made.append(path)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    if not PHOTOS.is_dir():
        print(f"skipped: the ants/bees photos are not at {PHOTOS}")
        return
    import torch

    from engine import compute

    compute.apply(compute.ComputeSettings())
    sources = sorted(PHOTOS.rglob("*.jpg"))[: None if args.full else 96]
    n_big = 48 if args.full else 16
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        setup(root / "home")
        small = root / "small"
        small.mkdir()
        for path in sources:
            (small / f"{path.parent.name}_{path.name}").symlink_to(path)
        ours, n = pictor_rate(small, root / "small.pictor")
        plain = model_only_rate(n)
        print(f"torch threads: {torch.get_num_threads()}, batch {BATCH}")
        print(
            f"ants/bees ({n} JPEGs): Pictor {ours:.1f} photos/s, model alone on "
            f"random pixels {plain:.1f}/s, ratio {ours / plain:.2f}x (target 0.9x)"
        )
        big = make_big(sources, root / "big", n_big)
        ours, n = pictor_rate(root / "big", root / "big.pictor")
        plain = seed_recipe_rate(big)
        print(
            f"12 MP JPEGs ({n}, a third turned by EXIF): Pictor {ours:.2f} "
            f"photos/s, seed-recipe loop {plain:.2f}/s, ratio {ours / plain:.2f}x "
            "(target 2x)"
        )


if __name__ == "__main__":
    main()
