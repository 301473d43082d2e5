"""Opening photos safely: every bad file gets the reason a user reads, odd
modes become RGB, and EXIF orientation is applied after reduced decoding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageFile
from PIL.JpegImagePlugin import JpegImageFile

from engine import media
from tests.engine import imaging

ORIENTATIONS = range(1, 9)


def reason_of(call, path) -> media.MediaError:
    with pytest.raises(media.MediaError) as caught:
        call(path)
    assert caught.value.path == os.fspath(path)
    return caught.value


# bad files


@pytest.mark.parametrize("call", [media.load_rgb, media.inspect_file])
def test_truncated_jpeg_is_reported_as_damaged(tmp_path, call):
    path = imaging.truncated_jpeg(tmp_path / "cut.jpg")

    error = reason_of(call, path)

    assert isinstance(error, media.FileDamaged)
    assert str(error) == "The file is truncated or damaged"


def test_truncated_png_is_found_without_decoding(tmp_path):
    path = tmp_path / "cut.png"
    imaging.upright(256, 256).save(path)
    path.write_bytes(path.read_bytes()[:-40])

    assert media.read_info(path).width == 256  # the header alone looks fine
    assert isinstance(reason_of(media.inspect_file, path), media.FileDamaged)


def test_truncated_webp_is_found_without_decoding(tmp_path):
    path = tmp_path / "cut.webp"
    imaging.upright(128, 128).save(path, "WEBP")
    path.write_bytes(path.read_bytes()[:-30])

    assert isinstance(reason_of(media.inspect_file, path), media.FileDamaged)


@pytest.mark.parametrize("call", [media.read_info, media.load_rgb, media.inspect_file])
def test_zero_byte_file_is_reported_as_empty(tmp_path, call):
    error = reason_of(call, imaging.empty_file(tmp_path / "empty.jpg"))

    assert str(error) == "The file is empty"


@pytest.mark.parametrize("call", [media.read_info, media.load_rgb, media.inspect_file])
def test_text_file_named_jpg_is_not_a_photo(tmp_path, call):
    error = reason_of(call, imaging.text_as_jpeg(tmp_path / "list.jpg"))

    assert str(error) == "The file is not a photo"


def test_other_image_formats_are_not_photos(tmp_path):
    path = tmp_path / "icon.ico"
    Image.new("RGB", (16, 16)).save(path, "ICO")

    assert isinstance(reason_of(media.read_info, path), media.NotAPhoto)


def test_decompression_bomb_header_is_refused_with_its_size(tmp_path):
    error = reason_of(media.inspect_file, imaging.bomb_png(tmp_path / "bomb.png"))

    assert isinstance(error, media.TooLarge)
    assert error.params["pixels"] == 100_000 * 100_000
    assert "too large to open safely" in str(error)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_images_in_the_warning_band_are_refused_too(tmp_path, monkeypatch):
    path = imaging.jpeg(tmp_path / "big.jpg", size=(64, 32))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1500)  # 2048 pixels: warning band

    error = reason_of(media.load_rgb, path)

    assert str(error) == "The image is too large to open safely (2048 pixels)"
    assert not ImageFile.LOAD_TRUNCATED_IMAGES


def test_missing_file_disappeared(tmp_path):
    error = reason_of(media.load_rgb, tmp_path / "gone.jpg")

    assert str(error) == "The file disappeared"


def test_folder_is_not_a_photo(tmp_path):
    folder = tmp_path / "looks.jpg"
    folder.mkdir()

    assert isinstance(reason_of(media.inspect_file, folder), media.NotAPhoto)


def test_fifo_is_refused_without_blocking(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)

    assert isinstance(reason_of(media.inspect_file, fifo), media.NotAPhoto)


# colour modes and frames


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    im = media.load_rgb(imaging.cmyk_jpeg(tmp_path / "cmyk.jpg"))

    assert im.mode == "RGB"
    red, green, blue = im.getpixel((16, 16))
    assert red > 200
    assert max(green, blue) < 50


def test_16_bit_png_is_scaled_not_clipped(tmp_path):
    im = media.load_rgb(imaging.png16(tmp_path / "deep.png"))

    assert im.mode == "RGB"
    assert im.getpixel((4, 8)) == (64, 64, 64)
    assert im.getpixel((28, 8)) == (192, 192, 192)


def test_palette_transparency_is_composited_on_white(tmp_path):
    im = media.load_rgb(imaging.palette_png_transparent(tmp_path / "pal.png"))

    assert im.mode == "RGB"
    assert im.getpixel((4, 8)) == (255, 255, 255)
    assert im.getpixel((28, 8)) == (0, 0, 255)


def test_rgba_is_composited_on_white(tmp_path):
    path = tmp_path / "half.png"
    Image.new("RGBA", (8, 8), (255, 0, 0, 0)).save(path)

    assert media.load_rgb(path).getpixel((2, 2)) == (255, 255, 255)


def test_animated_gif_gives_its_first_frame(tmp_path):
    im = media.make_thumbnail(imaging.animated_gif(tmp_path / "anim.gif"), 8)

    assert im.mode == "RGB"
    assert im.getpixel((4, 4)) == imaging.RED


# orientation


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_exif_orientation_turns_the_photo_upright(tmp_path, orientation):
    path = imaging.jpeg(tmp_path / f"o{orientation}.jpg", orientation=orientation)

    full = media.load_rgb(path)
    thumb = media.make_thumbnail(path, 16)
    info = media.read_info(path)

    assert full.size == (64, 32)
    assert thumb.size == (16, 8)
    assert (info.width, info.height, info.orientation) == (64, 32, orientation)
    assert imaging.quadrant_colours(full) == imaging.UPRIGHT_QUADRANTS
    assert imaging.quadrant_colours(thumb) == imaging.UPRIGHT_QUADRANTS


def test_orientation_is_applied_after_reduced_jpeg_decoding(tmp_path, monkeypatch):
    path = imaging.jpeg(tmp_path / "big.jpg", size=(1024, 512), orientation=6)
    decoded_sizes = []
    original_draft = JpegImageFile.draft

    def spy(self, mode, size):
        result = original_draft(self, mode, size)
        decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImageFile, "draft", spy)
    thumb = media.make_thumbnail(path, 64)

    assert decoded_sizes == [(64, 128)]  # 1/8 scale, still lying on its side
    assert thumb.size == (64, 32)
    assert imaging.quadrant_colours(thumb) == imaging.UPRIGHT_QUADRANTS


def test_min_side_decodes_small_but_not_smaller(tmp_path):
    path = imaging.jpeg(tmp_path / "big.jpg", size=(1024, 512), orientation=8)

    im = media.load_rgb(path, min_side=100)

    assert im.size == (256, 128)
    assert imaging.quadrant_colours(im) == imaging.UPRIGHT_QUADRANTS


def test_date_taken_comes_from_exif(tmp_path):
    path = imaging.jpeg(tmp_path / "d.jpg", taken="2021:05:06 07:08:09")

    taken = media.read_info(path).date_taken

    assert taken == 1620284889.0  # 2021-05-06 07:08:09 read as UTC


@pytest.mark.parametrize("value", ["0000:00:00 00:00:00", "", "yesterday", None, 42])
def test_placeholder_dates_are_unknown(value):
    assert media.parse_exif_date(value) is None


# HEIC, names, identity


def test_heic_from_a_phone_opens(tmp_path):
    path = tmp_path / "IMG_0001.HEIC"
    try:
        imaging.heic(path)
    except (KeyError, OSError, ValueError) as exc:
        pytest.skip(f"this pillow-heif cannot write HEIC here: {exc}")

    info = media.read_info(path)
    im = media.load_rgb(path, max_side=32)

    assert info.format == "HEIF"
    assert (info.width, info.height) == (64, 32)
    assert imaging.quadrant_colours(im) == imaging.UPRIGHT_QUADRANTS


@pytest.mark.parametrize(
    "name", ["海边的日落.jpg", "🐝 bee 🐝.jpg", "with  spaces .jpg"]
)
def test_unicode_and_spaces_in_names(tmp_path, name):
    path = imaging.jpeg(tmp_path / "照片 📷" / name)

    assert media.inspect_file(path).info.width == 64
    assert media.load_rgb(path).size == (64, 32)


def test_content_hash_identifies_bytes_not_names(tmp_path):
    first = imaging.distinct_jpeg(tmp_path / "a.jpg", 1)
    copy = tmp_path / "b.jpg"
    copy.write_bytes(first.read_bytes())
    other = imaging.distinct_jpeg(tmp_path / "c.jpg", 2)

    facts = media.inspect_file(first)

    assert facts.content_hash == media.hash_file(copy)
    assert facts.content_hash != media.hash_file(other)
    assert facts.size_bytes == first.stat().st_size


# thumbnail cache


class FakePhoto:
    def __init__(self, photo_id: int, path: Path) -> None:
        self.id = photo_id
        self.path = str(path)
        self.content_hash = media.hash_file(path)


def test_thumbnail_cache_writes_once_by_content(tmp_path):
    cache = media.ThumbnailCache(tmp_path / "thumbs", size=16)
    photo = FakePhoto(1, imaging.jpeg(tmp_path / "a.jpg", orientation=6))

    assert cache.cached(photo) is None
    made = cache.get_or_make(photo)
    stamp = made.stat().st_mtime_ns
    again = cache.get_or_make(photo)

    assert made == again == cache.path_for(photo.content_hash)
    assert again.stat().st_mtime_ns == stamp
    with Image.open(made) as thumb:
        assert thumb.size == (16, 8)
        assert imaging.quadrant_colours(thumb) == imaging.UPRIGHT_QUADRANTS
    assert not [p for p in made.parent.iterdir() if p.name.startswith(".tmp")]


def test_thumbnail_batch_reports_bad_photos_and_makes_the_rest(tmp_path):
    cache = media.ThumbnailCache(tmp_path / "thumbs", size=16)
    good = [
        FakePhoto(i, imaging.distinct_jpeg(tmp_path / f"{i}.jpg", i)) for i in range(5)
    ]
    bad = FakePhoto(99, imaging.jpeg(tmp_path / "soon-cut.jpg", size=(256, 256)))
    Path(bad.path).write_bytes(Path(bad.path).read_bytes()[:600])

    batch = cache.make_many([*good, bad], workers=2)

    assert sorted(batch.made) == [0, 1, 2, 3, 4]
    assert isinstance(batch.failed[99], media.FileDamaged)
    assert all(path.is_file() for path in batch.made.values())
