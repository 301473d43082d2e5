"""Files shipped with Pictor: icons, translations, the .desktop entry."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
