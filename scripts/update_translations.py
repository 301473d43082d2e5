"""Refresh the translation files from the source, then build the .qm files.

Collects every ``tr()``, ``translate()`` and ``QT_TRANSLATE_NOOP`` string in
desktop/ and engine/ into resources/translations/pictor_LANG.ts (existing
translations are kept; strings no longer in the code are kept as obsolete)
and compiles each .ts into the .qm the app loads. Safe to run repeatedly.

    python scripts/update_translations.py           # update and build
    python scripts/update_translations.py --check   # also fail if unfinished
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ("desktop", "engine")
LANGUAGES = ("zh_CN",)
TRANSLATIONS = ROOT / "resources" / "translations"


def tool(name: str) -> str:
    """A Qt tool installed with PySide6, next to this Python or on PATH."""
    beside = Path(sys.executable).parent / name
    for candidate in (beside, beside.with_suffix(".exe")):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: install PySide6 in this Python environment")
    return found


def source_files() -> list[Path]:
    # lupdate skips .py files when given a folder, so every file is named.
    files = []
    for folder in SOURCE_DIRS:
        files += [
            p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts
        ]
    return sorted(files)


def update(language: str) -> Path:
    ts = TRANSLATIONS / f"pictor_{language}.ts"
    with tempfile.NamedTemporaryFile(
        "w", suffix=".lst", delete=False, encoding="utf-8"
    ) as listing:
        listing.write("\n".join(str(p) for p in source_files()))
    try:
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                f"@{listing.name}",
                "-ts",
                str(ts),
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                language,
                "-silent",
            ],
            check=True,
        )
    finally:
        Path(listing.name).unlink()
    return ts


def build(ts: Path) -> Path:
    qm = ts.with_suffix(".qm")
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True
    )
    return qm


def unfinished(ts: Path) -> int:
    text = ts.read_text(encoding="utf-8")
    return len(re.findall(r'<translation type="unfinished"', text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a string has no translation"
    )
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    missing = 0
    for language in LANGUAGES:
        ts = update(language)
        qm = build(ts)
        count = unfinished(ts)
        missing += count
        print(f"{ts.relative_to(ROOT)}: {count} unfinished; built {qm.name}")
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
