"""Labelling 1,000 selected photos at once, and the grid's queries, in a
library of 20,000 photos.

Baseline for labelling: a plain loop that writes and commits one photo at a
time (sqlite3, as the seed recipe would). Baseline for the grid: fetch every
row and sort and filter in Python.

    python tests/bench/bench_labelling.py           # 20,000 photos
    python tests/bench/bench_labelling.py --full    # 100,000 photos
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine import labels, library, store  # noqa: E402
from engine.library import PhotoFilter, Show, SortKey  # noqa: E402
from engine.project import Project  # noqa: E402

SELECTED = 1_000


def fill(project: Project, count: int) -> list[int]:
    """Photo rows without files (labelling and queries never read files)."""
    now = time.time()
    rows = [
        {"path": f"/photos/{i // 1000:03}/IMG_{i:06}.jpg", "name": f"IMG_{i:06}.jpg",
         "content_hash": f"{i:032x}", "size_bytes": 1000, "mtime": now - i,
         "width": 64, "height": 48, "date_taken": None if i % 3 else now - 7 * i,
         "added": now, "status": "ok", "skipped": 0,
         "split_key": labels.split_key(f"{i:032x}", 0), "split_pinned": None}
        for i in range(count)
    ]  # fmt: skip
    with project.store.transaction() as db:
        ids = store.insert_images(db, rows)
    return sorted(ids.values())


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def naive_labelling(db_path: Path, ids: list[int], class_id: int) -> float:
    db = sqlite3.connect(db_path)
    started = time.perf_counter()
    for photo_id in ids:
        db.execute(
            "INSERT OR REPLACE INTO labels(image_id, class_id, source, time) "
            "VALUES (?, ?, 'manual', ?)",
            (photo_id, class_id, time.time()),
        )
        db.commit()
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def naive_grid(db_path: Path) -> float:
    db = sqlite3.connect(db_path)
    started = time.perf_counter()
    rows = db.execute(
        "SELECT i.id, i.name, l.class_id FROM images i "
        "LEFT JOIN labels l ON l.image_id = i.id"
    ).fetchall()
    unlabelled = sorted((r for r in rows if r[2] is None), key=lambda r: r[1].lower())
    _ = [r[0] for r in unlabelled]
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="100,000 photos")
    args = parser.parse_args()
    count = 100_000 if args.full else 20_000

    with (
        tempfile.TemporaryDirectory(prefix="pictor-bench-") as tmp,
        Project.create(Path(tmp) / "bench") as project,
    ):
        ids = fill(project, count)
        ants = labels.add_class(project, "ants").label_class
        bees = labels.add_class(project, "bees").label_class
        chosen = ids[5000 : 5000 + SELECTED]

        label_s, record = timed(lambda: labels.label_photos(project, chosen, ants.id))
        undo_s, _ = timed(lambda: record.revert(project))
        redo_s, _ = timed(lambda: record.apply(project))
        base_s = naive_labelling(project.store.path, ids[:SELECTED], bees.id)

        unlabeled = PhotoFilter(Show.UNLABELED)
        grid_s, shown = timed(lambda: library.photo_ids(project, unlabeled))
        taken_s, _ = timed(
            lambda: library.photo_ids(project, sort=SortKey.DATE_TAKEN, descending=True)
        )
        class_s, _ = timed(
            lambda: library.photo_ids(project, PhotoFilter.of_class(ants.id))
        )
        counts_s, counts = timed(lambda: library.library_counts(project))
        page_s, _ = timed(lambda: library.get_photos(project, shown[:200]))
        naive_grid_s = naive_grid(project.store.path)

    assert counts.per_class == {ants.id: SELECTED, bees.id: SELECTED}
    assert len(shown) == count - 2 * SELECTED
    print(
        f"library: {count} photos; cores: {os.cpu_count()} "
        "(timings on a shared machine are noisy)"
    )
    print(
        f"label {SELECTED} photos, one transaction: {label_s:7.3f} s "
        f"(target < 0.2 s); undo {undo_s:.3f} s, redo {redo_s:.3f} s"
    )
    print(f"baseline, one commit per photo:      {base_s:7.3f} s")
    print(f"ratio baseline/pictor: {base_s / label_s:.0f}x")
    print(
        f"grid: unlabelled ids by name {1000 * grid_s:.1f} ms, by date taken "
        f"{1000 * taken_s:.1f} ms, one class {1000 * class_s:.1f} ms, counts "
        f"{1000 * counts_s:.1f} ms, 200 visible rows {1000 * page_s:.1f} ms"
    )
    print(
        f"baseline grid (all rows, filter and sort in Python): "
        f"{1000 * naive_grid_s:.1f} ms; ratio {naive_grid_s / grid_s:.1f}x"
    )


if __name__ == "__main__":
    main()
