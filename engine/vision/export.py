"""Export a trained classifier to ONNX or TorchScript, normalisation inside.

The exported model takes what a decoded photo already is: uint8 RGB pixels
shaped (batch, S, S, 3), S being the crop size (224 by default), after the
caller resized the shorter side to ``resize`` (bilinear, antialiased) and
cropped the centre S x S. Resizing and cropping are not inside the model:
``model.json`` describes them and ``predict_example.py`` does them with
Pillow as the app does. Normalisation is inside; the model returns class
probabilities (batch, classes) in the order of ``classes.json``. After
writing, the file is run on the project's validation photos and its
probabilities compared with the app's.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import compute
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Job, JobContext
from engine.vision import checks, export_example, runs
from engine.vision.classifier import TrainedClassifier, load_classifier
from engine.vision.pipeline import PhotoRef, batches

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

FORMATS = {"onnx": "model.onnx", "torchscript": "model.pt"}
TOLERANCE = 1e-4
MAX_CHECKED = 256  # validation photos run through the exported file
WRITING = QT_TRANSLATE_NOOP("engine", "Writing the {format} file")
CHECKING = QT_TRANSLATE_NOOP(
    "engine", "Checking the exported model on {count} validation photos"
)


class UnknownFormat(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{format}” is not an export format. Choose onnx or torchscript."
    )


class ExportFailed(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "The model could not be written to “{path}” ({reason})."
    )


@dataclass(frozen=True)
class ExportResult:
    """Where the files went and whether the exported model agrees with the app.

    ``max_difference`` is the largest absolute difference of a probability
    over ``checked`` validation photos; ``agrees`` means it is within
    ``tolerance`` and every top class is the same. ``example_path`` is the
    ``predict_example.py`` that resizes and crops photos for the model.
    """

    run_id: int
    format: str
    model_path: str
    classes_path: str
    checked: int
    max_difference: float
    same_top_class: int
    tolerance: float
    example_path: str = ""

    @property
    def agrees(self) -> bool:
        return self.max_difference <= self.tolerance and self.same_top_class == (
            self.checked
        )

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "agrees": self.agrees}


def export_job(
    project: Project,
    fmt: str,
    destination: str | os.PathLike[str],
    *,
    run_id: int | None = None,
) -> Job:
    """A heavy job that runs :func:`export_model`."""

    def run(context: JobContext) -> ExportResult:
        compute.apply(compute.current())
        return export_model(project, fmt, destination, run_id=run_id, context=context)

    return Job(QT_TRANSLATE_NOOP("engine", "Export the classifier"), run, heavy=True)


def export_model(
    project: Project,
    fmt: str,
    destination: str | os.PathLike[str],
    *,
    run_id: int | None = None,
    context: JobContext | None = None,
) -> ExportResult:
    """Write ``model.onnx`` or ``model.pt`` with ``classes.json``,
    ``model.json`` and ``predict_example.py`` (the resize and crop the model
    expects, done with Pillow) into ``destination``, then check it on
    validation photos.

    The model is written to a temp file, checked, and renamed only if not
    cancelled: a cancelled export leaves no partial file.

    Args:
        project: the open project.
        fmt: "onnx" or "torchscript".
        destination: a folder (created if needed).
        run_id: the run; None: the active run.
        context: progress and cancel.

    Returns:
        An :class:`ExportResult`.
    """
    if fmt not in FORMATS:
        raise UnknownFormat(format=fmt)
    ctx = context or JobContext()
    classifier = load_classifier(project, run_id, device="cpu")
    folder = Path(os.path.abspath(os.fspath(destination)))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FORMATS[fmt]
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    os.close(handle)
    try:
        ctx.report(0, None, WRITING, force=True, format=fmt)
        _write(classifier, fmt, tmp, target)
        ctx.check()
        checked, difference, same = _verify(project, classifier, fmt, tmp, ctx)
        ctx.check()
        classes_path = folder / runs.CLASSES_FILE
        runs.write_json(classes_path, classifier.classes)
        runs.write_json(folder / "model.json", _description(classifier, fmt))
        example = folder / export_example.FILE
        runs.write_text(
            example,
            export_example.render(
                classifier.preprocessing, model_file=target.name,
                threshold=classifier.default_threshold,
            ),
        )  # fmt: skip
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    result = ExportResult(
        classifier.run_id, fmt, str(target), str(classes_path), checked,
        difference, same, TOLERANCE, str(example),
    )  # fmt: skip
    log.info("exported run %d to %s: %s", classifier.run_id, target, result)
    return result


def _wrapped(classifier: TrainedClassifier) -> Any:
    import torch

    class Probabilities(torch.nn.Module):
        """uint8 pixels (batch, S, S, 3) -> probabilities (batch, classes)."""

        def __init__(self, net: torch.nn.Module) -> None:
            super().__init__()
            self.net = net

        def forward(self, pixels: torch.Tensor) -> torch.Tensor:
            return torch.softmax(self.net(pixels), dim=1)

    return Probabilities(classifier.net).eval()


def _write(classifier: TrainedClassifier, fmt: str, tmp: str, target: Path) -> None:
    import torch

    model = _wrapped(classifier)
    side = classifier.preprocessing.crop
    example = torch.zeros((2, side, side, 3), dtype=torch.uint8)
    try:
        with warnings.catch_warnings(), torch.inference_mode(False):
            warnings.simplefilter("ignore")
            if fmt == "onnx":
                _write_onnx(model, example, tmp)
            else:
                torch.jit.trace(model, example, check_trace=False).save(tmp)
    except OSError as exc:
        raise ExportFailed(path=str(target), reason=exc.strerror or str(exc)) from exc


def _write_onnx(model: Any, example: Any, path: str) -> None:
    import torch

    # The TorchScript-based exporter: the newer one needs onnxscript, which
    # Pictor does not ship.
    torch.onnx.export(
        model,
        (example,),
        path,
        dynamo=False,
        input_names=["pixels"],
        output_names=["probabilities"],
        dynamic_axes={"pixels": {0: "batch"}, "probabilities": {0: "batch"}},
        opset_version=17,
    )


def _runner(fmt: str, path: str) -> Any:
    """A function pixels (numpy uint8) -> probabilities, from the file."""
    if fmt == "onnx":
        import onnxruntime

        session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
        return lambda pixels: session.run(None, {"pixels": pixels})[0]
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        module = torch.jit.load(path, map_location="cpu")  # the file written just now

    def run(pixels: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return module(torch.from_numpy(pixels)).numpy()

    return run


def _verify(
    project: Project,
    classifier: TrainedClassifier,
    fmt: str,
    path: str,
    ctx: JobContext,
) -> tuple[int, float, int]:
    photos = [p for p in checks.usable_photos(project) if p.split == "val"]
    photos = photos[:MAX_CHECKED]
    run = _runner(fmt, path)
    ctx.report(0, len(photos), CHECKING, force=True, count=len(photos))
    checked, difference, same = 0, 0.0, 0
    for batch in batches(
        [PhotoRef(p.id, p.path) for p in photos],
        classifier.transform,
        min_side=classifier.preprocessing.resize,
        context=ctx,
    ):
        if not batch.keys:
            continue
        ours = classifier.probabilities(batch.tensor)
        theirs = np.asarray(run(batch.tensor.numpy()))
        difference = max(difference, float(np.abs(ours - theirs).max()))
        same += int((ours.argmax(1) == theirs.argmax(1)).sum())
        checked += len(batch.keys)
        ctx.report(checked, len(photos), CHECKING, count=len(photos))
    return checked, difference, same


def _description(classifier: TrainedClassifier, fmt: str) -> dict[str, Any]:
    prep = classifier.preprocessing
    return {
        "format": fmt,
        "run": classifier.run_id,
        "backbone": classifier.config["backbone"],
        "input": {
            "name": "pixels",
            "dtype": "uint8",
            "shape": ["batch", prep.crop, prep.crop, 3],
            "layout": "NHWC, RGB",
        },
        "output": {
            "name": "probabilities",
            "shape": ["batch", len(classifier.classes)],
            "classes": "classes.json, in order",
        },
        "before_the_model": (
            f"Resize the shorter side to {prep.resize} pixels (bilinear, "
            f"antialiased), crop the centre {prep.crop} x {prep.crop}: these "
            f"are not inside the model ({export_example.FILE} does them with "
            "Pillow). Normalisation is inside the model."
        ),
        "example": export_example.FILE,
        "none_of_these_below": classifier.default_threshold,
        "preprocessing": prep.to_json(),
    }
