"""Start-up time: ``pictor`` to its window painted, against a bare PySide6 window.

Both run the same probe, seconds from process start (read from /proc on
Linux) to the first paint of
the window, then quit, several times each in this run; the figure is the
median. ``pictor --help`` is timed from outside, against ``python -c pass``.

    python tests/bench/bench_startup.py [--runs 5]

Targets: window ≤ 1.5 s and ≤ 2x bare; --help < 0.5 s.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def process_start_time():
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat", "rb") as stat, open("/proc/uptime", "rb") as up:
        start_ticks = int(stat.read().rsplit(b")", 1)[1].split()[19])
        uptime = float(up.read().split()[0])
    return time.time() - uptime + start_ticks / ticks


class Probe(QObject):
    done = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            elapsed = time.time() - STARTED
            sys.stdout.write(f"pictor-startup-probe {elapsed:.4f}\\n")
            QTimer.singleShot(0, app.quit)
        return False

STARTED = process_start_time()
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
probe = Probe()
window.installEventFilter(probe)
window.resize(1100, 720)
window.show()
app.exec()
"""


def probe_seconds(command: list[str], env: dict[str, str]) -> float:
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=120, check=True
    )
    for line in result.stdout.splitlines():
        if line.startswith("pictor-startup-probe "):
            return float(line.split()[1])
    raise RuntimeError(f"no probe line from {command}: {result.stderr[-500:]}")


def wall_seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, env=env, timeout=120, check=True)
    return time.perf_counter() - started


def median_of(runs: int, measure, *args) -> float:
    return statistics.median(measure(*args) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="pictor-bench-")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "PICTOR_HOME": home,
        "PICTOR_STARTUP_PROBE": "1",
    }
    pictor = [sys.executable, "-m", "desktop"]

    # An installed Pictor runs from bytecode (pip and PyInstaller compile it),
    # as PySide6 does here; with PYTHONDONTWRITEBYTECODE set, a checkout
    # would compile every module again at each start, so compile it once.
    root = Path(__file__).resolve().parents[2]
    for package in ("engine", "desktop"):
        compileall.compile_dir(root / package, quiet=1)

    # one warm-up each so the file cache is equally warm for both
    probe_seconds(pictor, env)
    probe_seconds([sys.executable, "-c", BARE], env)
    window = median_of(args.runs, probe_seconds, pictor, env)
    bare = median_of(args.runs, probe_seconds, [sys.executable, "-c", BARE], env)
    help_time = median_of(args.runs, wall_seconds, [*pictor, "--help"], env)
    python = median_of(args.runs, wall_seconds, [sys.executable, "-c", "pass"], env)

    print(
        f"window painted: pictor {window:.3f} s, bare PySide6 {bare:.3f} s, "
        f"ratio {window / bare:.2f}x (target ≤ 1.5 s and ≤ 2x)"
    )
    print(
        f"pictor --help: {help_time:.3f} s, bare python {python:.3f} s, "
        f"ratio {help_time / python:.2f}x (target < 0.5 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
