"""Fine-tuning speed: one epoch of ResNet-18 (random weights) on ants/bees.

Pictor's train job (decoding and augmentation in a thread pool ahead of the
model, channels_last, uint8 pixels normalised inside the network) against
the plain PyTorch transfer-learning loop: an ImageFolder-like dataset, a
DataLoader with the same number of worker processes as Pictor has decoding
threads, the same model, AdamW, label smoothing and augmentation. Only the
training pass of the epoch is timed on both sides. Target: not slower.

    python tests/bench/bench_finetune.py                  # 64 photos
    python tests/bench/bench_finetune.py --full           # all 245
    python tests/bench/bench_finetune.py --mode finetune-last
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


def pick(count: int) -> list[Path]:
    ants = sorted((PHOTOS / "ants").glob("*.jpg"))
    bees = sorted((PHOTOS / "bees").glob("*.jpg"))
    return ants[: count // 2] + bees[: count - count // 2]


def pictor_epoch(photos: list[Path], root: Path, mode: str) -> float:
    from engine import labels, library
    from engine.project import Project
    from engine.vision import training

    folder = root / "photos"
    for path in photos:
        target = folder / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path)
    with Project.create(root / "bench") as project:
        library.import_paths(project, [folder], classes_from_folders=True)
        items = labels.dataset(project)
        labels.pin_split(project, [i.photo_id for i in items], "train")
        val = [i.photo_id for i in items[:2]] + [i.photo_id for i in items[-2:]]
        labels.pin_split(project, val, "val")
        config = training.TrainConfig(mode=mode, epochs=1, batch_size=BATCH)
        result = training.train(project, config)
        return result.run.metrics[0]["train_s"], len(items) - len(val)


def plain_epoch(photos: list[Path], mode: str, workers: int) -> float:
    import torch
    from PIL import Image
    from torchvision import transforms

    from engine.weights import load_model

    augment = transforms.Compose(
        [
            transforms.RandomResizedCrop(224),
            transforms.RandomHorizontalFlip(),
            transforms.ColorJitter(0.2, 0.2, 0.2),
            transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        ]
    )

    class Folder(torch.utils.data.Dataset):
        def __len__(self) -> int:
            return len(photos)

        def __getitem__(self, i: int):
            with Image.open(photos[i]) as im:
                pixels = augment(im.convert("RGB"))
            return pixels, int(photos[i].parent.name == "bees")

    model = load_model("resnet18").module
    model.fc = torch.nn.Linear(512, 2)
    for name, param in model.named_parameters():
        param.requires_grad_(
            mode == "finetune-all" or name.startswith(("layer4", "fc"))
        )
    model.train()
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=1e-3
    )
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.1)
    loader = torch.utils.data.DataLoader(
        Folder(), batch_size=BATCH, shuffle=True, num_workers=workers
    )
    started = time.perf_counter()
    for x, y in loader:
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true")
    parser.add_argument(
        "--mode", choices=("finetune-last", "finetune-all"), default="finetune-all"
    )
    args = parser.parse_args()
    if not PHOTOS.is_dir():
        print(f"skipped: the ants/bees photos are not at {PHOTOS}")
        return
    import torch

    from engine import compute, media

    compute.apply(compute.ComputeSettings())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["PICTOR_HOME"] = str(root / "home")
        from tests.engine.classifier_fixtures import (
            install_random_resnet18,
            random_weights_file,
        )

        install_random_resnet18(random_weights_file(root))
        photos = pick(250 if args.full else 64)
        ours, n = pictor_epoch(photos, root, args.mode)
        trained = photos[:n]
        workers = media.default_workers()
        plain = plain_epoch(trained, args.mode, workers)
        print(
            f"torch threads {torch.get_num_threads()}, {workers} decoding "
            f"workers, batch {BATCH}, {args.mode}"
        )
        print(
            f"one epoch on {n} photos: Pictor {ours:.1f} s, plain DataLoader loop "
            f"{plain:.1f} s, ratio {plain / ours:.2f}x faster (target >= 1.0x)"
        )


if __name__ == "__main__":
    main()
