"""Checks of the labelled photos before training, in sentences a user reads."""

from __future__ import annotations

import logging
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import labels, store
from engine.i18n import QT_TRANSLATE_NOOP, UserError, format_message

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

ERROR, WARNING = "error", "warning"
MIN_PHOTOS = 5  # per class, to train at all
ENOUGH_PHOTOS = 10  # per class, below which the model is unreliable
MAX_IMBALANCE = 5.0  # largest class / smallest class
# Cosine similarity of backbone features above which two photos are taken
# to be the same picture (re-saved, resized or with other metadata).
SAME_PICTURE = 0.995

TOO_FEW_CLASSES = QT_TRANSLATE_NOOP(
    "engine",
    "Training needs at least two classes with labelled photos; this project has "
    "{count}.",
)
CLASS_TOO_SMALL = QT_TRANSLATE_NOOP(
    "engine",
    "The class “{name}” has {count} usable labelled photos; at least {needed} "
    "are needed to train.",
)
CLASS_SMALL = QT_TRANSLATE_NOOP(
    "engine",
    "The class “{name}” has only {count} labelled photos; {enough} or more give "
    "a more reliable model.",
)
IMBALANCE = QT_TRANSLATE_NOOP(
    "engine",
    "The class “{largest}” has {ratio} times as many photos as “{smallest}”, so "
    "the model will lean towards “{largest}”. Add photos to “{smallest}” if "
    "you can.",
)
NO_VALIDATION = QT_TRANSLATE_NOOP(
    "engine",
    "No labelled photo is in the validation set, so the model cannot be "
    "checked. Put a few photos of each class in the validation set.",
)
CLASS_NOT_VALIDATED = QT_TRANSLATE_NOOP(
    "engine",
    "The class “{name}” has no photo in the validation set, so its accuracy "
    "cannot be measured. Put one or more of its photos there.",
)
SAME_IN_BOTH = QT_TRANSLATE_NOOP(
    "engine",
    "{count} photos show the same picture as a photo in the other set "
    "(training and validation), which makes the accuracy look better than it "
    "is. Put each pair in the same set.",
)
UNUSABLE = QT_TRANSLATE_NOOP(
    "engine",
    "{count} labelled photos were deleted or damaged since they were labelled; "
    "training goes on without them.",
)


@dataclass(frozen=True)
class DataProblem:
    """One problem with the training data.

    ``template`` is an English sentence marked for translation (context
    "engine") filled by ``params``; ``photo_ids`` are the photos it concerns
    (so the Label pane can show them); an ``error`` stops training.
    """

    severity: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    photo_ids: tuple[int, ...] = ()

    @property
    def message(self) -> str:
        return format_message(self.template, self.params)

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "message": self.message,
            "template": self.template,
            "params": dict(self.params),
            "photo_ids": list(self.photo_ids),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DataProblem:
        """A problem as :meth:`to_json` wrote it (stored with a run)."""
        return cls(
            str(data["severity"]),
            str(data["template"]),
            dict(data.get("params") or {}),
            tuple(int(i) for i in data.get("photo_ids") or ()),
        )


class DataNotReady(UserError):
    """Training refused: ``problems`` lists everything found; the message is
    the first error."""

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        first = next(p for p in problems if p.severity == ERROR)
        super().__init__(first.template, **first.params)
        self.problems = list(problems)


@dataclass(frozen=True)
class LabelledPhoto:
    id: int
    path: str
    content_hash: str
    class_id: int
    split: str


def usable_photos(project: Project) -> list[LabelledPhoto]:
    """The labelled photos training uses (file ok, not skipped)."""
    ratio = labels.get_split_settings(project).val_ratio
    rows = store.dataset_rows(project.store.connection(), ratio)
    return [
        LabelledPhoto(r["id"], r["path"], r["content_hash"], r["class_id"], r["split"])
        for r in rows
    ]


def check_data(
    project: Project,
    *,
    look_at_files: bool = True,
    features: Mapping[int, np.ndarray] | None = None,
) -> list[DataProblem]:
    """Find what would make training fail or mislead, errors first.

    Args:
        project: the open project.
        look_at_files: check that each labelled photo's file still exists
            (a stat per photo); vanished ones are marked missing.
        features: backbone features by photo id, if computed: photos in
            both sets that show the same picture are found with them.

    Returns:
        The problems, each one sentence with the photos it concerns.
    """
    if look_at_files:
        _mark_vanished(project)
    problems = [_unusable(project)]
    photos = usable_photos(project)
    names = {c.id: c.name for c in labels.list_classes(project)}
    problems += _class_problems(photos, names)
    problems.append(_same_content(photos))
    if features:
        problems.append(same_picture_problem(photos, features))
    found = [p for p in problems if p is not None]
    return sorted(found, key=lambda p: p.severity != ERROR)


def _mark_vanished(project: Project) -> None:
    from engine import library
    from engine.media import FileVanished

    gone = {p.id: FileVanished() for p in usable_photos(project) if not _exists(p)}
    if gone:
        log.warning("%d labelled photos have vanished", len(gone))
        library.record_problems(project, gone)


def _exists(photo: LabelledPhoto) -> bool:
    return os.path.isfile(photo.path)


def _unusable(project: Project) -> DataProblem | None:
    ratio = labels.get_split_settings(project).val_ratio
    rows = store.labelled_rows(project.store.connection(), ratio)
    ids = tuple(r["id"] for r in rows if r["status"] != "ok" and not r["skipped"])
    if not ids:
        return None
    return DataProblem(WARNING, UNUSABLE, {"count": len(ids)}, ids)


def unusable_problem(photo_ids: Iterable[int]) -> DataProblem | None:
    """The warning for photos that could not be read while training."""
    ids = tuple(photo_ids)
    return DataProblem(WARNING, UNUSABLE, {"count": len(ids)}, ids) if ids else None


def _class_problems(
    photos: Sequence[LabelledPhoto], names: Mapping[int, str]
) -> list[DataProblem | None]:
    by_class: dict[int, list[LabelledPhoto]] = defaultdict(list)
    for photo in photos:
        by_class[photo.class_id].append(photo)
    if len(by_class) < 2:
        ids = tuple(p.id for p in photos)
        return [DataProblem(ERROR, TOO_FEW_CLASSES, {"count": len(by_class)}, ids)]
    found: list[DataProblem | None] = [_imbalance(by_class, names)]
    for class_id, members in by_class.items():
        found.append(_class_size(names[class_id], members))
    found += _validation_problems(by_class, names)
    return found


def _class_size(name: str, members: list[LabelledPhoto]) -> DataProblem | None:
    ids = tuple(p.id for p in members)
    if len(members) < MIN_PHOTOS:
        params = {"name": name, "count": len(members), "needed": MIN_PHOTOS}
        return DataProblem(ERROR, CLASS_TOO_SMALL, params, ids)
    if len(members) < ENOUGH_PHOTOS:
        params = {"name": name, "count": len(members), "enough": ENOUGH_PHOTOS}
        return DataProblem(WARNING, CLASS_SMALL, params, ids)
    return None


def _imbalance(
    by_class: Mapping[int, list[LabelledPhoto]], names: Mapping[int, str]
) -> DataProblem | None:
    sizes = {cid: len(members) for cid, members in by_class.items()}
    largest = max(sizes, key=sizes.__getitem__)
    smallest = min(sizes, key=sizes.__getitem__)
    ratio = sizes[largest] / sizes[smallest]
    if ratio <= MAX_IMBALANCE:
        return None
    params = {
        "largest": names[largest],
        "smallest": names[smallest],
        "ratio": f"{ratio:.0f}",
    }
    return DataProblem(
        WARNING, IMBALANCE, params, tuple(p.id for p in by_class[smallest])
    )


def _validation_problems(
    by_class: Mapping[int, list[LabelledPhoto]], names: Mapping[int, str]
) -> list[DataProblem | None]:
    if not any(p.split == "val" for members in by_class.values() for p in members):
        ids = tuple(p.id for members in by_class.values() for p in members)
        return [DataProblem(ERROR, NO_VALIDATION, {}, ids)]
    return [
        DataProblem(
            WARNING,
            CLASS_NOT_VALIDATED,
            {"name": names[cid]},
            tuple(p.id for p in members),
        )
        for cid, members in by_class.items()
        if not any(p.split == "val" for p in members)
    ]


def _same_content(photos: Sequence[LabelledPhoto]) -> DataProblem | None:
    splits: dict[str, set[str]] = defaultdict(set)
    for photo in photos:
        splits[photo.content_hash].add(photo.split)
    ids = tuple(p.id for p in photos if len(splits[p.content_hash]) > 1)
    return _both_sets(ids)


def same_picture_problem(
    photos: Sequence[LabelledPhoto], features: Mapping[int, np.ndarray]
) -> DataProblem | None:
    """The warning for photos in both sets that show the same picture,
    judged by their backbone features."""
    train = [p.id for p in photos if p.split == "train" and p.id in features]
    val = [p.id for p in photos if p.split == "val" and p.id in features]
    if not train or not val:
        return None
    matrix = np.stack([features[i] for i in train + val]).astype(np.float32)
    # Pooled ReLU features share a large common part, so even unrelated
    # photos of one class can reach SAME_PICTURE; without the mean only
    # re-saved or resized copies of one picture stay that close.
    unit = _unit(matrix - matrix.mean(axis=0))
    a, b = unit[: len(train)], unit[len(train) :]
    similar = (a @ b.T) >= SAME_PICTURE  # (train, val)
    rows, cols = np.nonzero(similar)
    ids = {train[i] for i in rows} | {val[j] for j in cols}
    return _both_sets(tuple(sorted(ids)))


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def _both_sets(ids: tuple[int, ...]) -> DataProblem | None:
    if not ids:
        return None
    return DataProblem(WARNING, SAME_IN_BOTH, {"count": len(ids)}, ids)


def count_by_class(photos: Iterable[LabelledPhoto]) -> Counter[int]:
    return Counter(p.class_id for p in photos)
