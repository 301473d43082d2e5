"""Build the one-folder app with PyInstaller, then prove it works.

Usage: python packaging/build.py [--skip-self-test]

The folder lands in packaging/dist/Pictor. Before it counts as built, the
packaged ``pictor self-test --json`` must pass: every heavy library imports,
each model family runs, an hnswlib index round-trips and the window paints
offscreen. Installer scripts (Inno Setup on Windows, a tarball or .deb on
Linux, a signed .app on macOS) wrap that folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIST = HERE / "dist"


def build() -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(DIST),
            "--workpath",
            str(HERE / "build"),
            str(HERE / "pictor.spec"),
        ],
        check=True,
    )
    return DIST / "Pictor"


def self_test(folder: Path) -> bool:
    exe = folder / ("pictor.exe" if os.name == "nt" else "pictor")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PICTOR_HOME": str(HERE / "build" / "self-test-home"),
    }
    done = subprocess.run(
        [str(exe), "self-test", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(done.stdout)
    except ValueError:
        print(done.stdout, done.stderr)
        return False
    for check in report["checks"]:
        mark = "PASS" if check["passed"] else "FAIL"
        print(f"{mark} {check['name']}: {check['detail']}")
    return done.returncode == 0 and report["passed"]


def tarball(folder: Path) -> Path:
    target = DIST / "pictor-linux-x86_64.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        archive.add(folder, arcname="Pictor")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-self-test", action="store_true")
    parser.add_argument(
        "--tarball", action="store_true", help="also pack a .tar.gz (Linux)"
    )
    args = parser.parse_args()
    folder = build()
    if not args.skip_self_test and not self_test(folder):
        print("the packaged app failed its self-test", file=sys.stderr)
        return 1
    if args.tarball:
        print(f"wrote {tarball(folder)}")
    print(f"built {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
