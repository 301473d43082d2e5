"""Import speed: header metadata + content hash of many small JPEGs.

Baseline: a plain loop that opens each file with PIL, reads its size and
hashes its bytes (no database, no de-duplication, no report). Pictor does
that plus EXIF, a truncation check, de-duplication and the database.

    python tests/bench/bench_import.py            # 5,000 photos
    python tests/bench/bench_import.py --full     # 20,000 photos
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine import library  # noqa: E402
from engine.project import Project  # noqa: E402


def make_photos(folder: Path, count: int) -> list[Path]:
    """Small distinct JPEGs (96x72), 100 per folder."""
    base = Image.effect_noise((96, 72), 40).convert("RGB")
    paths = []
    for i in range(count):
        path = folder / f"{i // 100:03}" / f"IMG_{i:05}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        im = base.copy()
        im.putpixel((i % 96, (i // 96) % 72), (i % 256, 255, 0))
        im.save(path, "JPEG", quality=85, comment=f"photo {i}".encode())
        paths.append(path)
    return paths


def baseline(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        with Image.open(path) as im:
            _ = im.size
        hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    return time.perf_counter() - started


def pictor(folder: Path, project_dir: Path) -> tuple[float, int]:
    with Project.create(project_dir) as project:
        started = time.perf_counter()
        report = library.import_paths(project, [folder])
        return time.perf_counter() - started, len(report.added)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="20,000 photos")
    parser.add_argument("--count", type=int, help="number of photos")
    args = parser.parse_args()
    count = args.count or (20_000 if args.full else 5_000)

    with tempfile.TemporaryDirectory(prefix="pictor-bench-") as tmp:
        folder = Path(tmp) / "photos"
        t0 = time.perf_counter()
        paths = make_photos(folder, count)
        print(f"generated {count} JPEGs in {time.perf_counter() - t0:.1f} s")
        baseline(paths[:200])  # warm the file cache for both
        base = baseline(paths)
        ours, added = pictor(folder, Path(tmp) / "bench")
        assert added == count, f"imported {added} of {count}"

    print(f"cores: {os.cpu_count()}  (timings on a shared machine are noisy)")
    print(f"baseline (PIL open + size + blake2b loop): {count / base:8.0f} photos/s")
    print(
        f"pictor import (walk, hash, header, EXIF, dedupe, db): "
        f"{count / ours:8.0f} photos/s"
    )
    print(f"ratio pictor/baseline: {base / ours:.2f}x")


if __name__ == "__main__":
    main()
