"""The ``predict_example.py`` written beside an exported classifier.

The exported model normalises inside but does not resize or crop: that
needs the whole photo, which a fixed-size model input cannot take. The
example does both with Pillow exactly as Pictor does, so a user outside the
app gets the same probabilities.
"""

from __future__ import annotations

from string import Template
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.vision.backbones import Preprocessing

FILE = "predict_example.py"

_TEMPLATE = Template('''\
"""Classify photos with the model Pictor exported into this folder.

    python predict_example.py PHOTO [PHOTO ...]

Needs Pillow and numpy, plus onnxruntime for model.onnx or torch for
model.pt. The model takes uint8 RGB pixels shaped (batch, $crop, $crop, 3)
and returns the probability of each class in classes.json; it normalises
the pixels itself. It does NOT resize or crop: load_pixels() below does
that the way Pictor does (shorter side to $resize pixels, bilinear, then
the centre $crop x $crop), so the probabilities match the app's.

Pictor also calls a photo "none of these" when it does not look like the
training photos of its class; that check is not part of the exported model,
only the probability threshold below is.
"""

import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
MODEL = HERE / "$model_file"
RESIZE = $resize  # the shorter side, in pixels, before the crop
CROP = $crop  # the side of the square the model sees
THRESHOLD = $threshold  # below this best probability: none of these


def to_rgb(image):
    """8-bit RGB; transparent pixels on white (16-bit photos may differ)."""
    if image.mode == "RGB":
        return image
    if image.mode == "P" or "transparency" in image.info:
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")


# EXIF orientation -> the turn that makes the photo upright
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def orientation(image):
    try:
        return int(image.getexif().get(0x0112, 1) or 1)
    except Exception:  # malformed EXIF: keep the photo as stored
        return 1


def load_pixels(path):
    """A photo as uint8 (CROP, CROP, 3), decoded, resized and cropped."""
    with Image.open(path) as image:
        turn = TURNS.get(orientation(image))
        # JPEGs decode at a reduced scale that is still large enough
        image.draft("RGB", (RESIZE, RESIZE))
        image.load()
        image = to_rgb(image)
    if turn is not None:
        image = image.transpose(turn)
    width, height = image.size
    short, long = min(width, height), max(width, height)
    new_long = int(RESIZE * long / short)
    size = (RESIZE, new_long) if width <= height else (new_long, RESIZE)
    if size != image.size:
        image = image.resize(size, Image.Resampling.BILINEAR)
    left = int(round((size[0] - CROP) / 2.0))
    top = int(round((size[1] - CROP) / 2.0))
    image = image.crop((left, top, left + CROP, top + CROP))
    return np.asarray(image, dtype=np.uint8)


def load_model():
    """A function: pixels (batch, CROP, CROP, 3) uint8 -> probabilities."""
    if MODEL.suffix == ".onnx":
        import onnxruntime

        session = onnxruntime.InferenceSession(
            str(MODEL), providers=["CPUExecutionProvider"]
        )
        return lambda pixels: session.run(None, {"pixels": pixels})[0]
    import torch

    module = torch.jit.load(str(MODEL), map_location="cpu")

    def run(pixels):
        with torch.inference_mode():
            return module(torch.from_numpy(pixels)).numpy()

    return run


def probabilities(paths, model=None):
    """(photos, classes) probabilities, in the order of classes.json."""
    model = model or load_model()
    pixels = np.stack([load_pixels(p) for p in paths])
    return np.asarray(model(pixels))


def main(paths):
    classes = json.loads((HERE / "classes.json").read_text(encoding="utf-8"))
    for path, row in zip(paths, probabilities(paths)):
        best = int(row.argmax())
        name = classes[best]["name"] if row[best] >= THRESHOLD else "none of these"
        print(f"{path}\\t{name}\\t{row[best]:.4f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
''')


def render(prep: Preprocessing, *, model_file: str, threshold: float) -> str:
    """The example's text for a model file with this preprocessing."""
    return _TEMPLATE.substitute(
        resize=prep.resize,
        crop=prep.crop,
        model_file=model_file,
        threshold=f"{threshold:.4g}",
    )
