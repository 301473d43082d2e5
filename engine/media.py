"""Safe image opening: photo formats only, reduced-size decoding, EXIF
orientation, colour modes, and a disk cache of thumbnails.

Every failure a user can cause (a broken, empty, huge or vanished file) is a
:class:`MediaError` whose template says why in one sentence.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Protocol

from PIL import Image, UnidentifiedImageError

from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import JobContext

log = logging.getLogger(__name__)

try:
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - a dependency, but keep JPEG working
    HEIF_SUPPORTED = False

# Decoders Pillow may try; anything else (PSD, ICO, EPS...) is "not a photo".
# The JPEG decoder also opens camera files with a second picture (MPO).
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF") + (
    ("HEIF",) if HEIF_SUPPORTED else ()
)

# File name endings looked at when importing a folder.
PHOTO_SUFFIXES = frozenset({
    ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".bmp", ".dib",
    ".tif", ".tiff", ".heic", ".heif", ".hif",
})  # fmt: skip

# We enforce Pillow's pixel limit ourselves (see _check_pixels) so that the
# warning band below the hard limit also becomes a clear reason; Pillow's
# own warning would only repeat it on stderr.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

WHITE = (255, 255, 255)
HASH_CHUNK = 1 << 20

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EXIF_ORIENTATION = 0x0112
_EXIF_DATETIME = 0x0132
_EXIF_IFD = 0x8769
_EXIF_DATETIME_ORIGINAL = 0x9003


# errors a user sees


class MediaError(UserError):
    """A file that cannot be used as a photo; ``path`` names it."""

    template = QT_TRANSLATE_NOOP("engine", "The file cannot be opened")
    path: str = ""

    def with_path(self, path: str | os.PathLike[str]) -> MediaError:
        self.path = os.fspath(path)
        return self


class FileEmpty(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "The file is empty")


class NotAPhoto(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "The file is not a photo")


class FileDamaged(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "The file is truncated or damaged")


class TooLarge(MediaError):
    template = QT_TRANSLATE_NOOP(
        "engine", "The image is too large to open safely ({pixels} pixels)"
    )


class PermissionDenied(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "Permission denied")


class FileVanished(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "The file disappeared")


class LinkLoop(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "The link leads round in a circle")


class PathTooLong(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "The path is too long for this system")


class Unreadable(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "The file cannot be read ({detail})")


def error_from_os(exc: OSError) -> MediaError:
    """The reason a user sees for an operating-system error."""
    if isinstance(exc, FileNotFoundError):
        return FileVanished()
    if isinstance(exc, PermissionError):
        return PermissionDenied()
    if isinstance(exc, IsADirectoryError):
        return NotAPhoto()
    if exc.errno is None:  # raised by a decoder, not the system
        return FileDamaged()
    if exc.errno == errno.ELOOP:
        return LinkLoop()
    if exc.errno == errno.ENAMETOOLONG:
        return PathTooLong()
    return Unreadable(detail=exc.strerror or str(exc))


# metadata


@dataclass(frozen=True)
class ImageInfo:
    """What the header says, without decoding pixels.

    ``width`` and ``height`` are as displayed (after EXIF orientation);
    ``date_taken`` is the camera clock reading as Unix seconds (read as UTC,
    since EXIF rarely says which zone), or None.
    """

    format: str
    mode: str
    width: int
    height: int
    orientation: int = 1
    date_taken: float | None = None


@dataclass(frozen=True)
class FileFacts:
    """One file as import sees it: header facts plus identity."""

    info: ImageInfo
    content_hash: str
    size_bytes: int
    mtime: float


def read_info(path: str | os.PathLike[str]) -> ImageInfo:
    """Read pixel size, orientation and date taken without decoding pixels.

    Args:
        path: the image file.

    Returns:
        The header facts.

    Raises:
        MediaError: the file is not a usable photo (the reason says why).
    """
    with _open_image(path) as im:
        return _info_of(im)


def inspect_file(path: str | os.PathLike[str]) -> FileFacts:
    """Header facts, content hash and size of a file, reading it once.

    Truncated JPEG, PNG and WebP files are recognised from their byte
    structure while hashing, without decoding.

    Raises:
        MediaError: the file is not a usable photo (the reason says why).
    """
    fspath = os.fspath(path)
    try:
        st = _regular_file_stat(fspath)
        with open(fspath, "rb") as fp, _open_image_fp(fp) as im:
            info = _info_of(im)
            # hash while the image still owns the file: closing it closes fp
            fp.seek(0)
            content_hash, complete = _hash_and_check(fp, info.format, st.st_size)
    except MediaError as exc:
        exc.with_path(fspath)
        raise
    except OSError as exc:
        raise error_from_os(exc).with_path(fspath) from exc
    if not complete:
        raise FileDamaged().with_path(fspath)
    return FileFacts(info, content_hash, st.st_size, st.st_mtime)


def hash_file(path: str | os.PathLike[str]) -> str:
    """The content hash Pictor identifies photos by (BLAKE2b, 128 bits).

    Raises:
        MediaError: the file cannot be read.
    """
    try:
        with open(path, "rb") as fp:
            digest = hashlib.blake2b(digest_size=16)
            while chunk := fp.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise error_from_os(exc).with_path(path) from exc
    return digest.hexdigest()


def _regular_file_stat(path: str) -> os.stat_result:
    st = os.stat(path)
    # a FIFO or device would block or never end
    if not stat.S_ISREG(st.st_mode):
        raise NotAPhoto()
    if st.st_size == 0:
        raise FileEmpty()
    return st


def _info_of(im: Image.Image) -> ImageInfo:
    orientation, date_taken = _exif_facts(im)
    width, height = im.size
    if orientation >= 5:
        width, height = height, width
    return ImageInfo(
        format=im.format or "",
        mode=im.mode,
        width=width,
        height=height,
        orientation=orientation,
        date_taken=date_taken,
    )


def _exif_facts(im: Image.Image) -> tuple[int, float | None]:
    # PNG keeps EXIF after the pixels unless it is early: getexif() would
    # decode the whole image to find it.
    if im.format == "PNG" and "exif" not in im.info:
        return 1, None
    try:
        exif = im.getexif()
        orientation = int(exif.get(_EXIF_ORIENTATION, 1) or 1)
        taken = exif.get_ifd(_EXIF_IFD).get(_EXIF_DATETIME_ORIGINAL)
        taken = taken or exif.get(_EXIF_DATETIME)
    except Exception:  # malformed EXIF is common and never fatal
        log.debug("unreadable EXIF in %s", getattr(im, "filename", "?"), exc_info=True)
        return 1, None
    if orientation not in _TRANSPOSE:
        orientation = 1
    return orientation, parse_exif_date(taken)


_EXIF_DATE = re.compile(r"^\s*(\d{4})[:-](\d\d)[:-](\d\d)[ T](\d\d):(\d\d):(\d\d)")


def parse_exif_date(value: Any) -> float | None:
    """EXIF "YYYY:MM:DD HH:MM:SS" as Unix seconds (read as UTC), or None."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str) or not (match := _EXIF_DATE.match(value)):
        return None
    try:
        moment = datetime(*map(int, match.groups()), tzinfo=timezone.utc)
    except ValueError:  # "0000:00:00 00:00:00" and other placeholders
        return None
    return moment.timestamp()


# streamed hash with a structural completeness check


def _hash_and_check(fp: IO[bytes], fmt: str, size: int) -> tuple[str, bool]:
    digest = hashlib.blake2b(digest_size=16)
    ender = _end_marker_finder(fmt)
    head = fp.read(HASH_CHUNK)
    digest.update(head)
    complete = ender.feed(head, first=True) if ender else True
    while chunk := fp.read(HASH_CHUNK):
        digest.update(chunk)
        if ender and not complete:
            complete = ender.feed(chunk)
    if fmt == "WEBP":
        complete = _webp_complete(head, size)
    return digest.hexdigest(), complete


class _EndMarker:
    """Finds a byte sequence that only a complete file contains.

    JPEG: the end-of-image marker FFD9 after the first start-of-scan (the
    entropy-coded data cannot contain it). PNG: the IEND chunk with its CRC.
    """

    def __init__(self, marker: bytes, start: Callable[[bytes], int | None]) -> None:
        self.marker = marker
        self._start = start
        self._tail = b""

    def feed(self, chunk: bytes, *, first: bool = False) -> bool:
        offset = 0
        if first:
            found = self._start(chunk)
            if found is None:
                return True  # headers beyond what we parse: trust the decoder
            offset = found
        data = self._tail + chunk
        if data.find(self.marker, offset) >= 0:
            return True
        self._tail = chunk[-(len(self.marker) - 1) :]
        return False


def _end_marker_finder(fmt: str) -> _EndMarker | None:
    if fmt in ("JPEG", "MPO"):
        return _EndMarker(b"\xff\xd9", _jpeg_scan_start)
    if fmt == "PNG":
        return _EndMarker(b"IEND\xaeB`\x82", lambda head: 8)
    # Limit: GIF, BMP, TIFF and HEIF truncation is only found when the
    # photo is first decoded (thumbnail), which then marks it damaged.
    return None


def _jpeg_scan_start(head: bytes) -> int | None:
    """Offset just past the first start-of-scan header, or None if unseen."""
    pos = 2
    while pos + 4 <= len(head):
        if head[pos] != 0xFF:
            return None
        marker = head[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = int.from_bytes(head[pos + 2 : pos + 4], "big")
        if marker == 0xDA:
            return pos + 2 + length
        pos += 2 + length
    return None


def _webp_complete(head: bytes, size: int) -> bool:
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return True
    return size >= int.from_bytes(head[4:8], "little") + 8


# opening


_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")


def _looks_like_photo(head: bytes) -> bool:
    if head.startswith(_SIGNATURES):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    return head[4:8] == b"ftyp"


@contextmanager
def _open_image(path: str | os.PathLike[str]) -> Iterator[Image.Image]:
    fspath = os.fspath(path)
    try:
        _regular_file_stat(fspath)
        with open(fspath, "rb") as fp, _open_image_fp(fp) as im:
            yield im
    except MediaError as exc:
        exc.with_path(fspath)
        raise
    except OSError as exc:
        raise error_from_os(exc).with_path(fspath) from exc


@contextmanager
def _open_image_fp(fp: IO[bytes]) -> Iterator[Image.Image]:
    """Open with photo decoders only; map every decoder failure to a reason."""
    try:
        im = Image.open(fp, formats=PHOTO_FORMATS)
    except Image.DecompressionBombError as exc:
        raise TooLarge(pixels=_pixels_in(str(exc))) from exc
    except UnidentifiedImageError as exc:
        fp.seek(0)
        if _looks_like_photo(fp.read(16)):
            raise FileDamaged() from exc
        raise NotAPhoto() from exc
    except OSError as exc:
        if exc.errno is None:  # a decoder's complaint, not the system's
            raise FileDamaged() from exc
        raise
    except Exception as exc:  # any decoder bug on crafted input
        raise FileDamaged() from exc
    try:
        _check_pixels(im)
        yield im
    finally:
        im.close()


def _check_pixels(im: Image.Image) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    pixels = im.size[0] * im.size[1]
    if limit is not None and pixels > limit:
        raise TooLarge(pixels=pixels)


def _pixels_in(message: str) -> int | str:
    match = re.search(r"\((\d+) pixels\)", message)
    return int(match.group(1)) if match else "?"


# decoding


def load_rgb(
    path: str | os.PathLike[str],
    max_side: int | None = None,
    *,
    min_side: int | None = None,
) -> Image.Image:
    """Decode a photo to an upright RGB image.

    JPEGs decode at 1/2, 1/4 or 1/8 scale when that still gives the size
    asked for; the EXIF orientation is applied after that reduction.
    Transparent pixels are composited on white; 16-bit images are scaled to
    8 bits; animated files give their first frame.

    Args:
        path: the image file.
        max_side: if set, the result fits in a square of this side.
        min_side: if set, decode at the smallest reduced scale whose shorter
            side is still at least this (no resampling; the caller resizes).

    Returns:
        A loaded RGB image, independent of the file.

    Raises:
        MediaError: the file is not a usable photo (the reason says why).
    """
    with _open_image(path) as im:
        orientation, _ = _exif_facts(im)
        rgb = _decode(im, max_side=max_side, min_side=min_side)
    return apply_orientation(rgb, orientation)


def make_thumbnail(path: str | os.PathLike[str], size: int) -> Image.Image:
    """An upright RGB thumbnail whose longer side is at most ``size``.

    Raises:
        MediaError: the file is not a usable photo (the reason says why).
    """
    return load_rgb(path, max_side=size)


def apply_orientation(im: Image.Image, orientation: int) -> Image.Image:
    """Turn and flip ``im`` as EXIF orientation 1-8 asks."""
    method = _TRANSPOSE.get(orientation)
    return im.transpose(method) if method is not None else im


def _decode(
    im: Image.Image, *, max_side: int | None, min_side: int | None
) -> Image.Image:
    try:
        box = max_side or min_side
        if box:
            # before load: lets libjpeg skip most of the work (DCT scaling)
            im.draft("RGB", (box, box))
        im.load()
        rgb = to_rgb(im)
        if rgb is im:  # the opened image is freed when its file closes
            rgb = im.copy()
        if max_side:
            rgb.thumbnail((max_side, max_side), Image.Resampling.BICUBIC)
        return rgb
    except (Image.DecompressionBombError, MemoryError) as exc:
        raise TooLarge(pixels=im.size[0] * im.size[1]) from exc
    except FileNotFoundError as exc:
        raise FileVanished() from exc
    except Exception as exc:  # truncated data, broken streams, decoder bugs
        log.debug("decoding failed", exc_info=True)
        raise FileDamaged() from exc


_WIDE_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I", "F"})
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "La", "RGBa"})


def to_rgb(im: Image.Image) -> Image.Image:
    """Convert any Pillow mode to 8-bit RGB, transparency composited on white."""
    # Limit: embedded colour profiles are ignored, so Adobe RGB or Display P3
    # photos look a little dull in thumbnails (the models see the same values).
    if im.mode == "RGB":
        return im
    if im.mode in _WIDE_MODES:
        return _wide_to_rgb(im)
    if im.mode == "P" or "transparency" in im.info:
        im = im.convert("RGBA") if "transparency" in im.info else im.convert("RGB")
    if im.mode in _ALPHA_MODES:
        rgba = im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, WHITE)
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return im.convert("RGB")


def _wide_to_rgb(im: Image.Image) -> Image.Image:
    """16-bit, 32-bit and float greyscale scaled into 0..255 (not clipped)."""
    import numpy as np

    values = np.asarray(im)
    if values.dtype.kind == "f":
        top = float(np.nanmax(values)) if values.size else 0.0
        values = np.nan_to_num(values) * (255.0 / top if top > 1.0 else 255.0)
    else:
        values = values.astype(np.int64)
        top = int(values.max()) if values.size else 0
        if top > 65535:
            values = values * 255 // top
        elif top > 255:
            values = values >> 8
    grey = Image.fromarray(np.clip(values, 0, 255).astype(np.uint8), "L")
    return grey.convert("RGB")


# thumbnails


class HasFile(Protocol):
    """Anything with the file facts a thumbnail needs (e.g. a library Photo)."""

    id: int
    path: str
    content_hash: str


@dataclass
class ThumbnailBatch:
    """Result of making many thumbnails: made paths and per-photo failures."""

    made: dict[int, Path] = field(default_factory=dict)
    failed: dict[int, MediaError] = field(default_factory=dict)


def default_workers() -> int:
    """Decoder threads: all cores but one, which stays with the window."""
    return max(1, (os.cpu_count() or 2) - 1)


class ThumbnailCache:
    """Thumbnails on disk, keyed by content hash and size (disposable).

    Files are JPEG ``<hash[:2]>/<hash>-<size>.jpg``, written to a temporary
    name and renamed, so a reader never sees half a file and two threads
    making the same thumbnail do no harm.
    """

    def __init__(
        self, folder: str | os.PathLike[str], *, size: int = 256, quality: int = 85
    ) -> None:
        self.folder = Path(folder)
        self.size = size
        self.quality = quality

    def path_for(self, content_hash: str) -> Path:
        """Where the thumbnail of this content lives (whether made or not)."""
        return self.folder / content_hash[:2] / f"{content_hash}-{self.size}.jpg"

    def cached(self, photo: HasFile) -> Path | None:
        """The thumbnail file if it is already made, else None (no decoding)."""
        path = self.path_for(photo.content_hash)
        return path if path.is_file() else None

    def get_or_make(self, photo: HasFile) -> Path:
        """The thumbnail file, made from the photo if needed.

        Raises:
            MediaError: the photo cannot be decoded (the reason says why).
        """
        target = self.path_for(photo.content_hash)
        if target.is_file():
            return target
        image = make_thumbnail(photo.path, self.size)
        self._write(image, target)
        return target

    def make_many(
        self,
        photos: Iterable[HasFile],
        *,
        context: JobContext | None = None,
        workers: int | None = None,
    ) -> ThumbnailBatch:
        """Fill the cache for many photos on a thread pool.

        Args:
            photos: the photos, in the order to make them (visible first).
            context: progress and cancel; cancelling stops after the running
                decodes finish.
            workers: decoder threads (default: all cores but one).

        Returns:
            Made thumbnail paths and failures, by photo id.
        """
        ctx = context or JobContext()
        todo = list(photos)
        batch = ThumbnailBatch()
        message = QT_TRANSLATE_NOOP("engine", "Making thumbnails")
        ctx.report(0, len(todo), message, force=True)
        with ThreadPoolExecutor(
            workers or default_workers(), thread_name_prefix="thumbnails"
        ) as pool:
            for start in range(0, len(todo), 32):
                chunk = todo[start : start + 32]
                for photo, result in zip(
                    chunk, pool.map(self._try_make, chunk), strict=True
                ):
                    if isinstance(result, MediaError):
                        batch.failed[photo.id] = result
                    else:
                        batch.made[photo.id] = result
                ctx.report(start + len(chunk), len(todo), message)
        return batch

    def _try_make(self, photo: HasFile) -> Path | MediaError:
        try:
            return self.get_or_make(photo)
        except MediaError as exc:
            log.warning("no thumbnail for %s: %s", photo.path, exc)
            return exc

    def _write(self, image: Image.Image, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".jpg", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                image.save(out, "JPEG", quality=self.quality)
            os.replace(tmp, target)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise
