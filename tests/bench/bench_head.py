"""Quick-mode training on stored features, and retraining after a relabel.

1. 30 epochs of head training on 1,000 stored 512-d features through
   Pictor's train job (data check, minibatch AdamW with warm-up and cosine,
   per-epoch validation, checkpoints, out-of-fold mislabelled search)
   against a plain PyTorch loop (TensorDataset + DataLoader + Linear +
   AdamW, 30 epochs, nothing else). Target: the job under 3 s.
2. Relabel 20 photos and train again: features recomputed must be 0.

    python tests/bench/bench_head.py            # 1,000 photos
    python tests/bench/bench_head.py --full     # 5,000 photos
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

EPOCHS = 30


def make_project(root: Path, count: int):
    """Tiny photos in four class folders, with stored features made up
    (class-dependent means plus noise) so no backbone has to run."""
    from PIL import Image

    from engine import labels, library, store
    from engine.project import Project
    from engine.vision.backbones import load_backbone
    from engine.vision.features import feature_key

    for i in range(count):
        folder = root / "photos" / f"class{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (8, 8), (i % 256, i // 256 % 256, 7)).save(
            folder / f"{i:05}.png"
        )
    project = Project.create(root / "bench")
    library.import_paths(project, [root / "photos"], classes_from_folders=True)
    key = feature_key(load_backbone("resnet18"))
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(4, 512)).astype(np.float32)
    names = {c.id: int(c.name[-1]) for c in labels.list_classes(project)}
    items = [
        (item.path, centres[names[item.class_id]] + rng.normal(size=512) * 2.0)
        for item in labels.dataset(project)
    ]
    hashes = {
        p.path: p.content_hash
        for p in library.get_photos(project, library.photo_ids(project))
    }
    with project.store.transaction() as db:
        store.put_features(
            db, key, [(hashes[path], v.astype("<f4").tobytes()) for path, v in items]
        )
    return project


def plain_loop(project) -> float:
    import torch

    from engine import labels
    from engine.vision.checks import usable_photos

    photos = [p for p in usable_photos(project) if p.split == "train"]
    rows = project.store.query("SELECT content_hash, vector FROM features")
    vectors = {r[0]: np.frombuffer(r[1], dtype="<f4") for r in rows}
    classes = {c.id: i for i, c in enumerate(labels.list_classes(project))}
    x = torch.from_numpy(np.stack([vectors[p.content_hash] for p in photos]))
    y = torch.tensor([classes[p.class_id] for p in photos])
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(x, y), batch_size=32, shuffle=True
    )
    head = torch.nn.Linear(512, len(classes))
    optimizer = torch.optim.AdamW(head.parameters(), lr=1e-3)
    started = time.perf_counter()
    for _ in range(EPOCHS):
        for xb, yb in loader:
            loss = torch.nn.functional.cross_entropy(head(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    count = 5000 if args.full else 1000
    import torch

    from engine import labels
    from engine.vision import training

    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["PICTOR_HOME"] = str(root / "home")
        from tests.engine.classifier_fixtures import (
            install_random_resnet18,
            random_weights_file,
        )

        install_random_resnet18(random_weights_file(root))
        with make_project(root, count) as project:
            config = training.TrainConfig(epochs=EPOCHS, patience=EPOCHS)
            started = time.perf_counter()
            first = training.train(project, config)
            ours = time.perf_counter() - started
            plain = plain_loop(project)
            print(
                f"{count} stored features, {EPOCHS} epochs: Pictor's train job "
                f"{ours:.2f} s (target < 3 s), plain DataLoader loop {plain:.2f} "
                f"s, ratio {ours / plain:.2f}x; validation accuracy "
                f"{first.accuracy:.3f}; features computed {first.features_computed}"
            )
            ids = [i.photo_id for i in labels.dataset(project)][:20]
            target = labels.list_classes(project)[0].id
            labels.label_photos(project, ids, target)
            started = time.perf_counter()
            second = training.train(project, config)
            print(
                f"relabel 20 and retrain: {time.perf_counter() - started:.2f} s, "
                f"features recomputed {second.features_computed}, reused "
                f"{second.features_reused}"
            )


if __name__ == "__main__":
    main()
