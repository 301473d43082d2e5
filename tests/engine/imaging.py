"""Tiny test images made with Pillow: broken, odd-mode, rotated and named
in awkward ways."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

# An upright 64x32 picture whose quadrants tell any turn or flip apart.
RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
UPRIGHT_QUADRANTS = (RED, GREEN, BLUE, WHITE)  # top-left, top-right, bottom-...

# What to do to the upright picture so that a viewer applying EXIF
# orientation N shows it upright again (the inverse of orientation N).
_STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright(width: int = 64, height: int = 32) -> Image.Image:
    im = Image.new("RGB", (width, height))
    w, h = width // 2, height // 2
    for (x, y), colour in zip(
        ((0, 0), (w, 0), (0, h), (w, h)), UPRIGHT_QUADRANTS, strict=True
    ):
        im.paste(colour, (x, y, x + w, y + h))
    return im


def quadrant_colours(im: Image.Image) -> tuple[tuple[int, int, int], ...]:
    """The nearest pure colour at the centre of each quadrant."""
    w, h = im.size
    points = (
        (w // 4, h // 4),
        (3 * w // 4, h // 4),
        (w // 4, 3 * h // 4),
        (3 * w // 4, 3 * h // 4),
    )
    rgb = im.convert("RGB")
    return tuple(_nearest(rgb.getpixel(p)) for p in points)


def _nearest(pixel: tuple[int, ...]) -> tuple[int, int, int]:
    return min(
        UPRIGHT_QUADRANTS,
        key=lambda c: sum((a - b) ** 2 for a, b in zip(c, pixel[:3], strict=True)),
    )


def exif_bytes(orientation: int | None = None, taken: str | None = None) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if taken is not None:
        exif[0x8769] = {0x9003: taken}
    return exif.tobytes()


def jpeg(
    path: Path,
    *,
    size: tuple[int, int] = (64, 32),
    colour=None,
    orientation: int | None = None,
    taken: str | None = None,
    quality: int = 95,
) -> Path:
    """A JPEG; with ``orientation`` it stores the upright picture so that
    applying the orientation shows it upright."""
    im = upright(*size) if colour is None else Image.new("RGB", size, colour)
    method = _STORE_FOR_ORIENTATION.get(orientation or 1)
    if method is not None:
        im = im.transpose(method)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=quality, exif=exif_bytes(orientation, taken))
    return path


def distinct_jpeg(path: Path, seed: int, size: tuple[int, int] = (32, 24)) -> Path:
    """A small JPEG whose content differs for every seed."""
    colour = (seed * 37 % 256, seed * 91 % 256, (seed // 7) * 53 % 256)
    im = Image.new("RGB", size, colour)
    im.putpixel((seed % size[0], (seed // size[0]) % size[1]), (seed % 256, 0, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=90, comment=str(seed).encode())
    return path


def truncated_jpeg(path: Path) -> Path:
    jpeg(path, size=(256, 256), colour=None)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def empty_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


def text_as_jpeg(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("This is a shopping list, not a photo.\n", encoding="utf-8")
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def bomb_png(path: Path, side: int = 100_000) -> Path:
    """A 100-byte PNG whose header claims side x side pixels."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + _png_chunk(b"IEND", b"")
    )
    path.write_bytes(data)
    return path


def cmyk_jpeg(path: Path) -> Path:
    Image.new("CMYK", (32, 32), (0, 255, 255, 0)).save(path, "JPEG")  # red
    return path


def png16(path: Path) -> Path:
    """16-bit greyscale: a left half at 1/4 and a right half at 3/4 of full."""
    values = np.full((16, 32), 16384, dtype=np.uint16)
    values[:, 16:] = 49152
    Image.fromarray(values).save(path, "PNG")
    return path


def palette_png_transparent(path: Path) -> Path:
    """Palette PNG: left half transparent, right half opaque blue."""
    im = Image.new("P", (32, 16), 0)
    im.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    im.paste(1, (16, 0, 32, 16))
    im.save(path, "PNG", transparency=0)
    return path


def animated_gif(path: Path) -> Path:
    """Three frames: red, green, blue; the first is the one to show."""
    frames = [Image.new("RGB", (16, 16), c) for c in (RED, GREEN, BLUE)]
    frames[0].save(
        path, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0
    )
    return path


def heic(path: Path) -> Path:
    upright().save(path, "HEIF")
    return path
