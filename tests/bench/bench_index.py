"""Indexing speed and memory of photo search, each beside a plain baseline.

1. ants/bees photos through the whole indexing job vs the model alone on
   random tensors of the same batch size (target >= 0.9x).
2. 12-megapixel JPEGs (some with EXIF orientation 6) through the job vs the
   plain loop: open, convert, preprocess, stack, encode, store (target >= 2x).
3. Re-indexing after touching 1% of 5,000 small files: files processed, time.
4. Peak memory while indexing: the ants/bees run with ViT-B/32, and 20,000
   generated photos through the same pipeline with a tiny stand-in model
   (the model's memory is fixed; this shows whether the pipeline's grows).

Random-valued ViT-B/32 (same cost as the real weights). Run:

    python tests/bench/bench_index.py            # ~2 min on 2 cores
    python tests/bench/bench_index.py --full     # all photos, more 12 MP files
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil
import torch
from PIL import Image

# run as a script: the repository root holds the ``tests`` package
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.project import Project
from engine.vision import indexing
from engine.vision.indexing import index_photos

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ANTS_BEES = SHARED / "photos" / "ants-bees"


class TinyEmbedder:
    """Mean colour as a vector: for the re-index count, where the model
    does not matter."""

    name = "tiny"
    dim = 4
    multilingual = False
    min_side = 8
    logit_scale = 100.0

    def preprocess(self, image):
        return torch.from_numpy(np.asarray(image.resize((2, 2)), np.float32))

    def encode_images(self, batch):
        mean = batch.reshape(len(batch), -1, 3).mean(1).numpy()
        return np.concatenate([mean, np.ones((len(batch), 1))], 1).astype(np.float32)

    def encode_texts(self, texts):
        return np.ones((len(texts), 4), np.float32) / 2


class PeakMemory:
    """Samples this process's RSS every 50 ms."""

    def __init__(self) -> None:
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        process = psutil.Process()
        while not self._stop.wait(0.05):
            self.samples.append(process.memory_info().rss)


def model_only(clip, n: int, batch: int) -> float:
    """Photos per second of the image tower alone on random tensors."""
    tensors = torch.randn(batch, 3, 224, 224)
    clip.encode_images(tensors[:2])
    started = time.perf_counter()
    for start in range(0, n, batch):
        clip.encode_images(tensors[: min(batch, n - start)])
    return n / (time.perf_counter() - started)


def job_rate(clip, folder: Path, work: Path, *, batch: int) -> tuple[float, int]:
    with Project.create(work / f"p{time.monotonic_ns()}") as project:
        report = index_photos(project, [folder], embedder=clip, batch_size=batch)
    indexing.forget_open_indexes()
    return report.encoded / report.seconds, report.encoded


def seed_loop(clip, paths: list[Path], db_path: Path, *, batch: int) -> float:
    """The straightforward way: decode fully, preprocess, encode, store."""
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE v (path TEXT PRIMARY KEY, vector BLOB)")
    started = time.perf_counter()
    for start in range(0, len(paths), batch):
        chunk = paths[start : start + batch]
        images = [clip.preprocess(Image.open(p).convert("RGB")) for p in chunk]
        vectors = clip.encode_images(torch.stack(images))
        db.executemany(
            "INSERT INTO v VALUES (?, ?)",
            [(str(p), v.tobytes()) for p, v in zip(chunk, vectors, strict=True)],
        )
        db.commit()
    db.close()
    return len(paths) / (time.perf_counter() - started)


def make_large(sources: list[Path], folder: Path, n: int) -> list[Path]:
    """12 MP JPEGs upscaled from real photos; every third stored sideways
    with EXIF orientation 6."""
    folder.mkdir(parents=True)
    made = []
    for i in range(n):
        im = Image.open(sources[i % len(sources)]).convert("RGB").resize((4000, 3000))
        exif = Image.Exif()
        if i % 3 == 0:
            im = im.transpose(Image.Transpose.ROTATE_90)
            exif[0x0112] = 6
        path = folder / f"large {i}.jpg"
        im.save(path, quality=90, exif=exif.tobytes())
        made.append(path)
    return made


def reindex_touched(work: Path, count: int) -> None:
    folder = work / "small"
    folder.mkdir()
    for i in range(count):
        Image.new("RGB", (16, 12), (i % 256, i // 256 % 256, 7)).save(
            folder / f"{i}.png"
        )
    tiny = TinyEmbedder()
    with Project.create(work / "reindex") as project:
        first = index_photos(project, [folder], embedder=tiny, batch_size=256)
        touched = sorted(folder.iterdir())[:: max(1, count // (count // 100))]
        later = time.time() + 60
        for path in touched:
            os.utime(path, (later, later))
        again = index_photos(project, embedder=tiny, batch_size=256)
    indexing.forget_open_indexes()
    print(
        f"re-index after touching {len(touched)} of {count:,} files: "
        f"{again.checked} files read, {again.encoded} encoded, "
        f"{again.seconds:.2f} s (first run {first.seconds:.1f} s)"
    )


def memory_flat(work: Path, count: int) -> None:
    """RSS while indexing ``count`` photos, by quarter of the run."""
    folder = work / "many"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for i in range(count):
        pixels = rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(folder / f"{i:05d}.jpg", quality=80)
    process = psutil.Process()
    before = process.memory_info().rss
    with Project.create(work / "many-project") as project, PeakMemory() as memory:
        report = index_photos(project, [folder], embedder=TinyEmbedder())
    indexing.forget_open_indexes()
    quarters = np.array_split(np.asarray(memory.samples), 4)
    print(
        f"RSS while indexing {report.encoded:,} photos (MB, by quarter): "
        + ", ".join(f"{q.max() / 1e6:.0f}" for q in quarters if len(q))
        + f"; before {before / 1e6:.0f}, peak {max(memory.samples) / 1e6:.0f}, "
        f"{report.seconds:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-photos", type=int, default=20_000)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if not ANTS_BEES.is_dir():
        raise SystemExit(f"shared data not found at {ANTS_BEES}")
    from tests.bench.bench_query import random_clip

    clip = random_clip()
    batch = 32
    photos = sorted(ANTS_BEES.glob("*/*/*.jpg"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subset = work / "ants-bees"
        subset.mkdir()
        for path in photos if args.full else photos[:96]:
            (subset / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())

        process = psutil.Process()
        before = process.memory_info().rss
        with PeakMemory() as memory:
            rate, n = job_rate(clip, subset, work, batch=batch)
        plain = model_only(clip, n, batch)
        print(
            f"ants/bees, {n} photos: indexing job {rate:.1f} photos/s vs model "
            f"alone {plain:.1f} photos/s: {rate / plain:.2f}x (target >= 0.9x)"
        )
        quarters = np.array_split(np.asarray(memory.samples), 4)
        print(
            "RSS while indexing (MB, by quarter of the run): "
            + ", ".join(f"{q.max() / 1e6:.0f}" for q in quarters if len(q))
            + f"; before {before / 1e6:.0f}, peak {max(memory.samples) / 1e6:.0f}"
        )

        large = make_large(photos, work / "large", 48 if args.full else 16)
        ours, _ = job_rate(clip, work / "large", work, batch=8)
        seed = seed_loop(clip, large, work / "seed.db", batch=8)
        print(
            f"12 MP JPEGs, {len(large)} photos: indexing job {ours:.2f} photos/s "
            f"vs plain loop {seed:.2f} photos/s: {ours / seed:.2f}x (target >= 2x)"
        )

        reindex_touched(work, 5000)
        if args.memory_photos:
            memory_flat(work, args.memory_photos)
    print("Timings on a shared 2-core CPU: noisy.")


if __name__ == "__main__":
    main()
