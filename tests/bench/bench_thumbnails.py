"""Thumbnail speed on 12-megapixel JPEGs, some with EXIF orientation 6.

Baseline: the plain recipe, full decode + ImageOps.exif_transpose + resize
to 256 px. Pictor: reduced-size JPEG decoding (draft) and the orientation
applied afterwards; then the cache filled by its thread pool. Checks that
both give the same upright picture.

    python tests/bench/bench_thumbnails.py          # 6 photos
    python tests/bench/bench_thumbnails.py --full   # 24 photos
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine import media  # noqa: E402

SIZE = 256
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "photos"


def sources(count: int) -> list[Image.Image]:
    found = sorted(SHARED.rglob("*.jpg"))[:count] if SHARED.is_dir() else []
    if found:
        return [Image.open(p).convert("RGB") for p in found]
    gradient = Image.linear_gradient("L").resize((400, 300))
    return [
        Image.merge("RGB", (gradient, gradient.rotate(90 * i), gradient))
        for i in range(count)
    ]


def make_photos(folder: Path, count: int) -> list[Path]:
    """12 MP (4000x3000 as seen) JPEGs; every other one stored on its side
    with orientation 6, as phones do."""
    paths = []
    for i, small in enumerate(sources(count)):
        upright = small.resize((4000, 3000), Image.Resampling.BILINEAR)
        path = folder / f"photo{i:02}.jpg"
        if i % 2:
            exif = Image.Exif()
            exif[0x0112] = 6
            upright.transpose(Image.Transpose.ROTATE_90).save(
                path, quality=90, exif=exif.tobytes()
            )
        else:
            upright.save(path, quality=90)
        paths.append(path)
    return paths


def baseline_thumbnail(path: Path) -> Image.Image:
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im).convert("RGB")
        im.thumbnail((SIZE, SIZE))
        return im


def timed(function, paths):
    started = time.perf_counter()
    results = [function(p) for p in paths]
    return time.perf_counter() - started, results


def small_array(im: Image.Image) -> np.ndarray:
    return np.asarray(im.resize((32, 24)), dtype=np.float32)


class _Photo:
    def __init__(self, photo_id: int, path: Path) -> None:
        self.id, self.path = photo_id, str(path)
        self.content_hash = media.hash_file(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="24 photos")
    args = parser.parse_args()
    count = 24 if args.full else 6

    with tempfile.TemporaryDirectory(prefix="pictor-bench-") as tmp:
        paths = make_photos(Path(tmp), count)
        timed(lambda p: media.make_thumbnail(p, SIZE), paths[:1])  # warm up
        base_s, base = timed(baseline_thumbnail, paths)
        ours_s, ours = timed(lambda p: media.make_thumbnail(p, SIZE), paths)
        photos = [_Photo(i, p) for i, p in enumerate(paths)]
        cache = media.ThumbnailCache(Path(tmp) / "thumbs", size=SIZE)
        started = time.perf_counter()
        batch = cache.make_many(photos)
        pool_s = time.perf_counter() - started
        assert not batch.failed

    for b, o in zip(base, ours, strict=True):
        assert b.size == o.size, (b.size, o.size)
        diff = np.abs(small_array(b) - small_array(o)).mean()
        turned = np.abs(small_array(b) - small_array(o.rotate(180))).mean()
        assert diff < 4.0, f"thumbnails differ by {diff:.1f} grey levels"
        assert diff < turned / 4, "orientation differs"

    source = "shared photos upscaled" if SHARED.is_dir() else "generated gradients"
    print(f"{count} JPEGs of 4000x3000 ({source}), half with orientation 6")
    print(f"cores: {os.cpu_count()}  (timings on a shared machine are noisy)")
    print(
        f"baseline (full decode + exif_transpose + thumbnail): "
        f"{1000 * base_s / count:6.1f} ms/photo"
    )
    print(
        f"pictor make_thumbnail (draft, then orientation):     "
        f"{1000 * ours_s / count:6.1f} ms/photo"
    )
    print(
        f"pictor cache fill ({media.default_workers()} threads, writes JPEGs):    "
        f"{1000 * pool_s / count:6.1f} ms/photo"
    )
    ratio = base_s / ours_s
    print(f"ratio baseline/pictor: {ratio:.1f}x (same size and orientation checked)")
    assert ratio >= 3, f"expected at least 3x, got {ratio:.1f}x"


if __name__ == "__main__":
    main()
