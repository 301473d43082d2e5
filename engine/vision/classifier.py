"""A trained classifier in use: load a run, try a photo, predict a folder,
and suggest labels for the project's unlabelled photos.

Training lives in ``engine.vision.training``, export in
``engine.vision.export``; this module is what prediction needs.
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import compute, labels, library
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Job, JobContext
from engine.media import PHOTO_SUFFIXES, MediaError
from engine.vision import runs
from engine.vision.backbones import (
    Preprocessing,
    build_classifier,
    eval_transform,
    load_backbone,
    make_head,
)
from engine.vision.familiarity import Familiarity
from engine.vision.pipeline import PhotoRef, batches

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

# The default "none of these" threshold lies this far from chance (1 / the
# number of classes) towards certainty: 60 % for two classes, 47 % for
# three, 28 % for ten. A fixed 50 % could never trigger with two classes.
THRESHOLD_ABOVE_CHANCE = 0.2
UNSURE_FOLDER = "_unsure"  # --copy-to folder of photos below the threshold
PREDICTING = QT_TRANSLATE_NOOP("engine", "Predicting: {current} of {count} photos")


class BackboneChanged(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Run {run} was trained on other weights of “{backbone}” than the ones "
        "installed now, so its predictions would be wrong. Install the weights "
        "it was trained with, or train again.",
    )


class NoPhotosToPredict(UserError):
    template = QT_TRANSLATE_NOOP("engine", "No photos were found in {paths}.")


def default_threshold(n_classes: int) -> float:
    """The probability below which a photo is "none of these" by default."""
    chance = 1.0 / max(1, n_classes)
    return chance + (1.0 - chance) * THRESHOLD_ABOVE_CHANCE


@dataclass(frozen=True)
class TrainedClassifier:
    """A run's model ready for prediction.

    ``net`` takes uint8 pixels (batch, crop, crop, 3) and returns logits
    (batch, classes); ``transform`` turns a PIL image into those pixels;
    ``classes`` are ``{"id", "name", "colour"}`` in output order;
    ``familiarity`` the class centroids saved with the run (None for runs
    trained before Pictor saved them: those judge by probability only).
    """

    run_id: int
    net: Any
    classes: list[dict[str, Any]]
    preprocessing: Preprocessing
    config: Mapping[str, Any]
    device: str
    familiarity: Familiarity | None = None

    @property
    def transform(self) -> Any:
        return eval_transform(self.preprocessing)

    @property
    def default_threshold(self) -> float:
        return default_threshold(len(self.classes))

    def probabilities(self, pixels: Any) -> np.ndarray:
        """uint8 (batch, H, W, 3) -> probabilities (batch, classes)."""
        return self.judge(pixels)[0]

    def judge(self, pixels: Any) -> tuple[np.ndarray, np.ndarray | None]:
        """uint8 (batch, H, W, 3) -> probabilities (batch, classes) and each
        photo's similarity (batch,) to the training photos of its most
        probable class (None without saved centroids)."""
        import torch

        with torch.inference_mode():
            features = self.net.features(pixels.to(self.device))  # (batch, dim)
            logits = self.net.head(features)  # (batch, classes)
            probs = torch.softmax(logits.float(), 1).cpu().numpy()
        if self.familiarity is None:
            return probs, None
        vectors = features.float().cpu().numpy()
        return probs, self.familiarity.similarity(vectors, probs.argmax(1))


def load_classifier(
    project: Project, run_id: int | None = None, *, device: str | None = None
) -> TrainedClassifier:
    """Rebuild a run's classifier: the installed backbone plus the run's
    trained weights.

    Args:
        project: the open project.
        run_id: a run with a saved model; None: the active run, else the
            newest with a model.
        device: torch device; None follows the preferences.

    Returns:
        A :class:`TrainedClassifier` in eval mode.

    Raises:
        NoTrainedModel, RunNotFound, RunFilesDamaged, ModelMissing (the
        backbone's weights are not installed), BackboneChanged.
    """
    run = runs.get_run(project, run_id)
    config = runs.read_json(run.folder, runs.CONFIG_FILE)
    classes = runs.read_json(run.folder, runs.CLASSES_FILE)
    prep = Preprocessing.from_json(config["preprocessing"])
    device = device or compute.resolve_device(compute.current().device)
    backbone = load_backbone(config["backbone"], device=device, image_size=prep.crop)
    whole = config["saved_parts"] == ["trunk.", "head."]
    if not whole and backbone.key != config["backbone_key"]:
        raise BackboneChanged(run=run.id, backbone=config["backbone"])
    head = make_head(backbone.feature_dim, len(classes), dropout=config["dropout"])
    net = build_classifier(backbone, head)
    _load_trained(net, run.folder)
    familiarity = Familiarity.load(
        run.folder, n_classes=len(classes), dim=backbone.feature_dim
    )
    return TrainedClassifier(
        run.id, net.eval(), classes, prep, config, device, familiarity
    )


def _load_trained(net: Any, folder: Path) -> None:
    tensors = runs.load_weights(folder)
    expected = net.state_dict()
    wrong = [k for k, v in tensors.items() if k not in expected]
    wrong += [
        k for k, v in tensors.items() if k in expected and v.shape != expected[k].shape
    ]
    if wrong:
        raise runs.RunFilesDamaged(folder=str(folder), reason=f"unexpected {wrong[0]}")
    net.load_state_dict(tensors, strict=False)


# one photo


@dataclass(frozen=True)
class Guess:
    class_id: int
    name: str
    probability: float


@dataclass(frozen=True)
class PhotoPrediction:
    """The top classes of one photo, most probable first.

    ``none_of_these`` is True when even the best is below the threshold or
    the photo is unlike the training photos of its best class
    (``unlike_training``: its ``similarity`` to them is below the run's
    calibrated cut-off): the photo probably shows none of the classes.
    """

    path: str
    top: tuple[Guess, ...]
    none_of_these: bool
    similarity: float | None = None
    unlike_training: bool = False

    @property
    def best(self) -> Guess:
        return self.top[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "class": None if self.none_of_these else self.best.name,
            "confidence": self.best.probability,
            "none_of_these": self.none_of_these,
            "unlike_training": self.unlike_training,
            "similarity": self.similarity,
            "top": [
                {"class_id": g.class_id, "class": g.name, "probability": g.probability}
                for g in self.top
            ],
        }


def _prediction(
    classifier: TrainedClassifier,
    path: str,
    probs: np.ndarray,
    similarity: float | None,
    *,
    threshold: float | None,
    top: int,
) -> PhotoPrediction:
    order = np.argsort(-probs)[: max(1, top)]
    guesses = tuple(
        Guess(
            classifier.classes[i]["id"], classifier.classes[i]["name"], float(probs[i])
        )
        for i in order
    )
    wanted = classifier.default_threshold if threshold is None else threshold
    familiarity = classifier.familiarity
    unlike = familiarity is not None and similarity < familiarity.cutoff
    return PhotoPrediction(
        path,
        guesses,
        guesses[0].probability < wanted or unlike,
        None if similarity is None else float(similarity),
        unlike,
    )


def classify_photo(
    classifier: TrainedClassifier,
    path: str | os.PathLike[str],
    *,
    threshold: float | None = None,
    top: int = 3,
) -> PhotoPrediction:
    """Try one photo ("Try a photo" and a drop on the Train pane).

    Args:
        classifier: from :func:`load_classifier`.
        path: the photo file.
        threshold: below this best probability the answer is "none of these"
            (None: :func:`default_threshold` for the model's classes); a
            photo unlike the training photos is "none of these" whatever
            its probability.
        top: how many classes to list.

    Returns:
        A :class:`PhotoPrediction`.

    Raises:
        MediaError: the file is not a usable photo.
    """
    from engine.media import load_rgb

    image = load_rgb(path, min_side=classifier.preprocessing.resize)
    pixels = classifier.transform(image)[None]  # (1, H, W, 3)
    probs, similarity = classifier.judge(pixels)
    return _prediction(
        classifier, os.fspath(path), probs[0],
        None if similarity is None else similarity[0], threshold=threshold, top=top,
    )  # fmt: skip


# many photos


@dataclass
class PredictReport:
    """Predictions of a batch of files, in the order given, and the files
    that could not be read (path and reason)."""

    run_id: int
    predictions: list[PhotoPrediction] = field(default_factory=list)
    problems: list[tuple[str, MediaError]] = field(default_factory=list)
    csv_path: str | None = None
    copied: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "run": self.run_id,
            "predictions": [p.to_json() for p in self.predictions],
            "problems": [{"path": p, "reason": str(e)} for p, e in self.problems],
            "csv": self.csv_path,
            "copied": self.copied,
        }


def predict_job(
    project: Project,
    paths: Sequence[str | os.PathLike[str]],
    *,
    run_id: int | None = None,
    threshold: float | None = None,
    csv_path: str | os.PathLike[str] | None = None,
    copy_to: str | os.PathLike[str] | None = None,
) -> Job:
    """A heavy job that runs :func:`predict_paths`."""

    def run(context: JobContext) -> PredictReport:
        compute.apply(compute.current())
        classifier = load_classifier(project, run_id)
        return predict_paths(
            classifier, paths, threshold=threshold, csv_path=csv_path,
            copy_to=copy_to, context=context,
        )  # fmt: skip

    return Job(QT_TRANSLATE_NOOP("engine", "Predict photos"), run, heavy=True)


def predict_paths(
    classifier: TrainedClassifier,
    paths: Sequence[str | os.PathLike[str]],
    *,
    threshold: float | None = None,
    csv_path: str | os.PathLike[str] | None = None,
    copy_to: str | os.PathLike[str] | None = None,
    context: JobContext | None = None,
    batch_size: int = 32,
) -> PredictReport:
    """Predict files and folders (recursively), optionally writing a CSV
    (path, class, confidence) and copying each photo into a folder named
    after its class (``_unsure`` for "none of these": below the threshold,
    None meaning :func:`default_threshold`, or unlike the training photos).

    Returns:
        A :class:`PredictReport`; unreadable files are listed, the rest go on.

    Raises:
        NoPhotosToPredict: the paths hold no photo files.
    """
    ctx = context or JobContext()
    files = _photo_files(paths)
    if not files:
        raise NoPhotosToPredict(paths=", ".join(os.fspath(p) for p in paths))
    report = PredictReport(classifier.run_id)
    by_key: dict[int, PhotoPrediction] = {}
    for batch in batches(
        [PhotoRef(i, f) for i, f in enumerate(files)],
        classifier.transform,
        batch_size=batch_size,
        min_side=classifier.preprocessing.resize,
        context=ctx,
    ):
        report.problems += [(files[k], e) for k, e in batch.failures.items()]
        if batch.keys:
            probs, similarity = classifier.judge(batch.tensor)
            similar = [None] * len(probs) if similarity is None else similarity
            for key, row, sim in zip(batch.keys, probs, similar, strict=True):
                by_key[key] = _prediction(
                    classifier, files[key], row, sim, threshold=threshold, top=3
                )
        done = len(by_key) + len(report.problems)
        ctx.report(done, len(files), PREDICTING, current=done, count=len(files))
    report.predictions = [by_key[k] for k in sorted(by_key)]
    if csv_path is not None:
        report.csv_path = write_csv(report.predictions, csv_path)
    if copy_to is not None:
        report.copied = copy_into_class_folders(report.predictions, copy_to, ctx)
    return report


def _photo_files(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    found: list[str] = []
    for given in paths:
        path = os.path.abspath(os.fspath(given))
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [
                    os.path.join(root, n)
                    for n in sorted(names)
                    if Path(n).suffix.lower() in PHOTO_SUFFIXES
                    and not n.startswith(".")
                ]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def write_csv(
    predictions: Sequence[PhotoPrediction], destination: str | os.PathLike[str]
) -> str:
    """Write ``path,class,confidence`` (UTF-8) atomically; returns the path."""
    target = Path(os.path.abspath(os.fspath(destination)))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".csv", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["path", "class", "confidence"])
            for p in predictions:
                name = "" if p.none_of_these else p.best.name
                writer.writerow([p.path, name, f"{p.best.probability:.4f}"])
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return str(target)


def copy_into_class_folders(
    predictions: Sequence[PhotoPrediction],
    destination: str | os.PathLike[str],
    context: JobContext | None = None,
) -> int:
    """Copy each photo into ``destination/CLASS/`` (``_unsure`` below the
    threshold); existing files are never overwritten. Returns the count."""
    target = Path(os.path.abspath(os.fspath(destination)))
    copied = 0
    for p in predictions:
        if context is not None:
            context.check()
        name = (
            UNSURE_FOLDER if p.none_of_these else library.safe_folder_name(p.best.name)
        )
        folder = target / name
        folder.mkdir(parents=True, exist_ok=True)
        out = _free_name(folder, os.path.basename(p.path))
        try:
            _copy_atomic(p.path, out)
            copied += 1
        except OSError as exc:
            log.warning("not copied: %s: %s", p.path, exc)
    return copied


def _free_name(folder: Path, name: str) -> Path:
    stem, suffix = os.path.splitext(name)
    candidate, n = folder / name, 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem} ({n}){suffix}"
    return candidate


def _copy_atomic(source: str, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    os.close(fd)
    try:
        shutil.copy2(source, tmp)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


# suggestions for the Label pane


@dataclass(frozen=True)
class Suggestion:
    """A label the model suggests for an unlabelled photo.

    ``margin`` is the gap between the two most probable classes: small means
    uncertain (those are listed first, as labelling them teaches the most).
    """

    photo_id: int
    class_id: int
    class_name: str
    confidence: float
    margin: float


def matching_run(project: Project) -> runs.TrainingRun | None:
    """The run in use, if its classes still fit the project's: none of them
    was deleted and every class with labelled photos is one it learnt.

    Returns:
        The run, or None (no model, or the classes changed since: label
        suggestions then come from the class names instead).
    """
    from engine.vision.checks import usable_photos

    try:
        run = runs.get_run(project)
        trained = {c["id"] for c in runs.read_json(run.folder, runs.CLASSES_FILE)}
    except (runs.NoTrainedModel, runs.RunFilesDamaged):
        return None
    current = {c.id for c in labels.list_classes(project)}
    labelled = {p.class_id for p in usable_photos(project)}
    return run if trained <= current and labelled <= trained else None


def suggest_job(project: Project, *, run_id: int | None = None) -> Job:
    """A heavy job that runs :func:`suggest_labels`."""

    def run(context: JobContext) -> list[Suggestion]:
        compute.apply(compute.current())
        return suggest_labels(project, run_id=run_id, context=context)

    return Job(QT_TRANSLATE_NOOP("engine", "Suggest labels"), run, heavy=True)


def suggest_labels(
    project: Project,
    *,
    run_id: int | None = None,
    context: JobContext | None = None,
    classifier: TrainedClassifier | None = None,
) -> list[Suggestion]:
    """Predict every unlabelled usable photo of the project.

    Returns:
        Suggestions, most uncertain first. Unreadable photos are marked
        damaged or missing in the library and left out.
    """
    ctx = context or JobContext()
    classifier = classifier or load_classifier(project, run_id)
    ids = library.photo_ids(project, library.PhotoFilter(library.Show.UNLABELED))
    photos = library.get_photos(project, ids)
    found: list[Suggestion] = []
    failures: dict[int, MediaError] = {}
    for batch in batches(
        [PhotoRef(p.id, p.path) for p in photos],
        classifier.transform,
        min_side=classifier.preprocessing.resize,
        context=ctx,
    ):
        failures.update(batch.failures)
        if batch.keys:
            probs = classifier.probabilities(batch.tensor)
            found += [
                _suggestion(classifier, k, row)
                for k, row in zip(batch.keys, probs, strict=True)
            ]
        done = len(found) + len(failures)
        ctx.report(done, len(photos), PREDICTING, current=done, count=len(photos))
    library.record_problems(project, failures)
    # a class renamed since training is shown by its name now
    names = {c.id: c.name for c in labels.list_classes(project)}
    found = [replace(s, class_name=names.get(s.class_id, s.class_name)) for s in found]
    return sorted(found, key=lambda s: (s.margin, s.photo_id))


def _suggestion(
    classifier: TrainedClassifier, photo_id: int, probs: np.ndarray
) -> Suggestion:
    order = np.argsort(-probs)
    first = float(probs[order[0]])
    second = float(probs[order[1]]) if len(order) > 1 else 0.0
    chosen = classifier.classes[int(order[0])]
    return Suggestion(photo_id, chosen["id"], chosen["name"], first, first - second)


def accept_suggestions(
    project: Project, suggestions: Sequence[Suggestion]
) -> list[labels.LabelChange]:
    """Label photos as suggested (source "suggestion"), one undoable record
    per class."""
    by_class: dict[int, list[int]] = {}
    for s in suggestions:
        by_class.setdefault(s.class_id, []).append(s.photo_id)
    return [
        labels.label_photos(project, ids, class_id, source="suggestion")
        for class_id, ids in by_class.items()
    ]
