"""The photo grid with 20,000 photos, against a plain QListWidget.

Each side runs in its own process (so memory figures do not mix):

- pictor: the Library pane in the main window. Time from ``set_project`` to
  the grid painted with its first thumbnails' placeholders, then to the
  visible thumbnails drawn; resident memory above the same window with an
  empty project; then 1,000 selected photos labelled with one key press.
- baseline: the straightforward way, reading every photo record and adding
  one ``QListWidgetItem`` (name and placeholder icon) per photo to a
  QListWidget in icon mode; memory above the empty window; labelling 1,000
  photos with one engine call each.

Rows are inserted straight into the store, each pointing to a hard link of
one small photo: they all share one content hash whose thumbnail is in the
cache, so the grid shows real thumbnails without decoding photos, and the
file check the window runs on opening finds every file in place.

    python tests/bench/bench_grid.py [--photos 20000]

Targets: grid painted < 1 s; memory < 500 MB above the empty project.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_project(folder: Path, count: int) -> Path:
    """A project with ``count`` photo rows sharing one cached thumbnail."""
    from PIL import Image

    from engine import labels, library, store
    from engine.project import Project

    path = folder / "Big.pictor"
    with Project.create(path) as project:
        labels.add_class(project, "ants")
        labels.add_class(project, "bees")
        digest = "ab" * 16
        cache = library.thumbnail_cache(project)
        cache._write(
            Image.new("RGB", (256, 192), (200, 160, 60)), cache.path_for(digest)
        )
        # one real photo behind every row (hard links), so the file check
        # the window runs on opening finds them all in place
        photos = folder / "photos"
        photos.mkdir()
        original = photos / "original.jpg"
        Image.new("RGB", (256, 192), (200, 160, 60)).save(original)
        facts = original.stat()
        now = time.time()
        with project.store.transaction() as db:
            for i in range(count):
                photo = photos / f"IMG_{i:06}.jpg"
                os.link(original, photo)
                store.insert_image(
                    db,
                    {
                        "path": str(photo),
                        "name": photo.name,
                        "content_hash": digest,
                        "size_bytes": facts.st_size,
                        "mtime": facts.st_mtime,
                        "width": 256,
                        "height": 192,
                        "date_taken": None,
                        "added": now + i,
                        "split_key": (i * 0.618) % 1.0,
                    },
                )
    Project.create(folder / "Empty.pictor").close()
    return path


def wait(app, until, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while not until():
        app.processEvents()
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the view did not get there in time")
        time.sleep(0.001)
    return time.perf_counter() - start


class PaintCounter:
    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            painted = 0

            def eventFilter(self, watched, event):  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    self.painted += 1
                return False

        self.filter = Filter()
        widget.installEventFilter(self.filter)

    @property
    def painted(self) -> int:
        return self.filter.painted


def run_pictor(folder: Path) -> dict[str, float]:
    from desktop.app import create_application
    from desktop.main_window import MainWindow
    from engine import labels
    from engine.project import Project

    app = create_application()
    window = MainWindow()
    window.show()
    window.open_project(folder / "Empty.pictor")
    window.project_view.show_pane("library")
    pane = next(p for p in window.project_view.panes if p.key == "library")
    wait(app, lambda: pane.grid.isVisible() or pane.browser.empty.isVisible())
    for _ in range(50):
        app.processEvents()
    empty_rss = rss_mb()
    window.close_project()

    project = Project.open(folder / "Big.pictor")
    counter = PaintCounter(pane.grid.viewport())
    start = time.perf_counter()
    window._on_project_opened(project)
    window.project_view.show_pane("library")
    wait(app, lambda: counter.painted > 0)
    painted = time.perf_counter() - start
    area = pane.grid.viewport().rect()
    shown = [
        pane.model.photo_id(row)
        for row in range(min(pane.model.rowCount(), 1000))
        if pane.grid.visualRect(pane.model.index(row)).intersects(area)
    ]
    session = pane.session
    wait(app, lambda: all(session.pixmaps.get(i) is not None for i in shown))
    thumbs = time.perf_counter() - start
    for _ in range(20):
        app.processEvents()
    big_rss = rss_mb()

    pane.grid.selectionModel().clearSelection()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
    from PySide6.QtTest import QTest

    selection = QItemSelection(pane.model.index(0), pane.model.index(999))
    pane.grid.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.Select
    )
    steps_before = window.undo_stack.count()
    start = time.perf_counter()
    QTest.keyClick(pane.grid, Qt.Key.Key_1)
    app.processEvents()
    label_s = time.perf_counter() - start
    ants = labels.require_class(project, "ants").id
    labelled = sum(1 for s in labels.photo_states(project, pane.model.ids()[:1000])
                   if s.class_id == ants)  # fmt: skip
    result = {
        "rows": pane.model.rowCount(),
        "painted_s": painted,
        "thumbnails_s": thumbs,
        "rss_mb": big_rss - empty_rss,
        "label_s": label_s,
        "labelled": labelled,
        "undo_steps": window.undo_stack.count() - steps_before,
        "visible": len(shown),
    }
    # other panes may still be checking the project in the background
    from desktop.workers import wait_for_workers

    wait_for_workers(30.0)
    window.close()
    return result


def run_baseline(folder: Path) -> dict[str, float]:
    from PySide6.QtGui import QColor, QIcon, QPixmap
    from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

    from desktop.app import create_application
    from engine import labels, library
    from engine.project import Project

    app = create_application()
    widget = QListWidget()
    widget.setViewMode(QListView.ViewMode.IconMode)
    widget.setResizeMode(QListView.ResizeMode.Adjust)
    widget.resize(1100, 720)
    widget.show()
    wait(app, widget.isVisible)
    for _ in range(50):
        app.processEvents()
    empty_rss = rss_mb()

    project = Project.open(folder / "Big.pictor")
    counter = PaintCounter(widget.viewport())
    start = time.perf_counter()
    placeholder = QPixmap(144, 144)
    placeholder.fill(QColor("#cccccc"))
    icon = QIcon(placeholder)
    for photo in library.get_photos(project, library.photo_ids(project)):
        QListWidgetItem(icon, photo.name, widget)
    wait(app, lambda: counter.painted > 0)
    painted = time.perf_counter() - start
    for _ in range(20):
        app.processEvents()
    big_rss = rss_mb()

    ids = library.photo_ids(project)[:1000]
    ants = labels.require_class(project, "ants").id
    start = time.perf_counter()
    for photo_id in ids:
        labels.label_photos(project, [photo_id], ants)
    label_s = time.perf_counter() - start
    project.close()
    return {
        "rows": widget.count(),
        "painted_s": painted,
        "rss_mb": big_rss - empty_rss,
        "label_s": label_s,
    }


def child(mode: str, folder: Path) -> dict[str, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PICTOR_HOME": str(folder / "home"),
    }
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--folder", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20000)
    parser.add_argument("--child", choices=("pictor", "baseline"))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        run = run_pictor if args.child == "pictor" else run_baseline
        sys.stdout.write(json.dumps(run(args.folder)) + "\n")
        return
    with tempfile.TemporaryDirectory(prefix="pictor-bench-grid-") as tmp:
        folder = Path(tmp)
        os.environ["PICTOR_HOME"] = str(folder / "home")
        start = time.perf_counter()
        build_project(folder, args.photos)
        built = time.perf_counter() - start
        ours = child("pictor", folder)
        base = child("baseline", folder)
    report(args.photos, built, ours, base)


def report(count: int, built: float, ours: dict, base: dict) -> None:
    ms = {key: value * 1000 for key, value in ours.items() if key.endswith("_s")}
    base_ms = {key: value * 1000 for key, value in base.items() if key.endswith("_s")}
    lines = [
        f"photos: {count:,} rows (inserted in {built:.2f} s)",
        "grid painted after set_project (target < 1 s):",
        f"  pictor   {ms['painted_s']:8.1f} ms   ({ours['visible']} visible "
        f"thumbnails drawn at {ms['thumbnails_s']:.1f} ms)",
        f"  baseline {base_ms['painted_s']:8.1f} ms   (a QListWidgetItem per photo)",
        f"  ratio    {base['painted_s'] / ours['painted_s']:8.1f}x faster",
        "memory above the empty project (target < 500 MB):",
        f"  pictor   {ours['rss_mb']:8.1f} MB",
        f"  baseline {base['rss_mb']:8.1f} MB",
        f"  ratio    {base['rss_mb'] / max(ours['rss_mb'], 0.1):8.1f}x less",
        "label 1,000 selected photos:",
        f"  pictor   {ms['label_s']:8.1f} ms   ({ours['labelled']} labelled, "
        f"{ours['undo_steps']} undo step, one transaction)",
        f"  baseline {base_ms['label_s']:8.1f} ms   (one engine call per photo)",
        f"  ratio    {base['label_s'] / ours['label_s']:8.1f}x faster",
        "Timings on a shared 2-core machine are noisy; run again to compare.",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
