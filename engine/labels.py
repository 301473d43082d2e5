"""Classes, labels, the skip mark and the train/validation split.

Every operation a user can undo commits before it returns and gives back a
record: ``record.revert(project)`` undoes it and ``record.apply(project)``
does it again. Both set a stored state, so calling one twice is harmless;
the desktop's undo commands call them from ``undo()`` and ``redo()``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

from engine import store
from engine.i18n import QT_TRANSLATE_NOOP, UserError

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

SOURCES = ("manual", "folder", "suggestion")
SPLITS = ("train", "val")
HOTKEYS = range(1, 10)
DEFAULT_VAL_RATIO = 0.2

# Distinct on light and dark backgrounds and for common colour blindness
# (Okabe-Ito first, then a few more).
PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
    "#CC79A7", "#999999", "#8C564B", "#17BECF",
)  # fmt: skip

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


# errors


class ClassNameEmpty(UserError):
    template = QT_TRANSLATE_NOOP("engine", "A class needs a name.")


class ClassExists(UserError):
    template = QT_TRANSLATE_NOOP("engine", "A class named “{name}” already exists.")


class ClassNotFound(UserError):
    template = QT_TRANSLATE_NOOP("engine", "There is no class named “{name}”.")


class BadHotkey(UserError):
    template = QT_TRANSLATE_NOOP("engine", "A hotkey is one of the digits 1 to 9.")


class BadColour(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{colour}” is not a colour; use the form #RRGGBB."
    )


class SameClass(UserError):
    template = QT_TRANSLATE_NOOP("engine", "Choose two different classes to merge.")


# records


@dataclass(frozen=True)
class LabelClass:
    """A class photos can be sorted into, in display order by ``position``."""

    id: int
    name: str
    colour: str
    hotkey: int | None
    position: int

    def _row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "name_key": name_key(self.name),
            "colour": self.colour,
            "hotkey": self.hotkey,
            "position": self.position,
        }


@dataclass(frozen=True)
class PhotoState:
    """What labelling can change on one photo."""

    photo_id: int
    class_id: int | None = None
    source: str | None = None
    time: float | None = None
    skipped: bool = False

    def _row(self) -> tuple[Any, ...]:
        return (self.photo_id, self.class_id, self.source, self.time, self.skipped)


class Operation(Protocol):
    """A done user action that can be reverted and applied again.

    ``text`` is an English template marked for translation (context
    "engine") naming the action for an Undo menu; ``text_args`` fills it.
    """

    text: str
    text_args: Mapping[str, Any]

    def apply(self, project: Project) -> None: ...

    def revert(self, project: Project) -> None: ...


@dataclass(frozen=True)
class LabelChange:
    """Labels and skip marks of some photos, before and after."""

    text: str
    text_args: Mapping[str, Any]
    before: tuple[PhotoState, ...]
    after: tuple[PhotoState, ...]

    @property
    def photo_ids(self) -> tuple[int, ...]:
        return tuple(s.photo_id for s in self.after)

    def apply(self, project: Project) -> None:
        _write_states(project, self.after)

    def revert(self, project: Project) -> None:
        _write_states(project, self.before)


@dataclass(frozen=True)
class ClassEdit:
    """Name, colour, hotkey or order of classes, before and after."""

    text: str
    text_args: Mapping[str, Any]
    before: tuple[LabelClass, ...]
    after: tuple[LabelClass, ...]

    def apply(self, project: Project) -> None:
        _write_classes(project, self.after)

    def revert(self, project: Project) -> None:
        _write_classes(project, self.before)


@dataclass(frozen=True)
class AddClass:
    """A new class; reverting removes it again."""

    text: str
    text_args: Mapping[str, Any]
    label_class: LabelClass

    def apply(self, project: Project) -> None:
        with project.store.transaction() as db:
            if not any(r["id"] == self.label_class.id for r in store.class_rows(db)):
                store.insert_class(db, self.label_class._row())

    def revert(self, project: Project) -> None:
        with project.store.transaction() as db:
            store.delete_class(db, self.label_class.id)


@dataclass(frozen=True)
class RemoveClass:
    """A deleted class, or one merged ``into`` another, with its photos' labels."""

    text: str
    text_args: Mapping[str, Any]
    removed: LabelClass
    states: tuple[PhotoState, ...]
    into: int | None = None

    @property
    def unlabelled(self) -> int:
        """Photos that lost their label (0 for a merge)."""
        return 0 if self.into is not None else len(self.states)

    def apply(self, project: Project) -> None:
        with project.store.transaction() as db:
            if self.into is not None:
                store.move_labels(db, self.removed.id, self.into)
            store.delete_class(db, self.removed.id)

    def revert(self, project: Project) -> None:
        with project.store.transaction() as db:
            if not any(r["id"] == self.removed.id for r in store.class_rows(db)):
                store.insert_class(db, self.removed._row())
            store.write_photo_states(db, (s._row() for s in self.states))


@dataclass(frozen=True)
class SplitChange:
    """Pinned train/validation choices of some photos, before and after."""

    text: str
    text_args: Mapping[str, Any]
    before: tuple[tuple[int, str | None], ...]
    after: tuple[tuple[int, str | None], ...]

    def apply(self, project: Project) -> None:
        with project.store.transaction() as db:
            store.set_split_pins(db, self.after)

    def revert(self, project: Project) -> None:
        with project.store.transaction() as db:
            store.set_split_pins(db, self.before)


def _write_states(project: Project, states: Iterable[PhotoState]) -> None:
    with project.store.transaction() as db:
        store.write_photo_states(db, (s._row() for s in states))


def _write_classes(project: Project, classes: Iterable[LabelClass]) -> None:
    with project.store.transaction() as db:
        store.write_classes(db, [c._row() for c in classes])


# classes


def name_key(name: str) -> str:
    """The form in which class names must be unique (case and width folded)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def list_classes(project: Project) -> list[LabelClass]:
    """All classes in display order."""
    return [_class(row) for row in store.class_rows(project.store.connection())]


def get_class(project: Project, class_id: int) -> LabelClass:
    """The class with this id.

    Raises:
        ClassNotFound: no such class.
    """
    for label_class in list_classes(project):
        if label_class.id == class_id:
            return label_class
    raise ClassNotFound(name=str(class_id))


def find_class(project: Project, name: str) -> LabelClass | None:
    """The class with this name (any case), or None."""
    row = store.class_by_key(project.store.connection(), name_key(name))
    return _class(row) if row else None


def require_class(project: Project, name: str) -> LabelClass:
    """Like :func:`find_class` but raises ClassNotFound."""
    found = find_class(project, name)
    if found is None:
        raise ClassNotFound(name=name)
    return found


def class_for_hotkey(project: Project, hotkey: int) -> LabelClass | None:
    """The class a digit key labels with, or None."""
    return next((c for c in list_classes(project) if c.hotkey == hotkey), None)


def add_class(
    project: Project,
    name: str,
    *,
    colour: str | None = None,
    hotkey: int | None | Literal["auto"] = "auto",
) -> AddClass:
    """Create a class at the end of the list.

    Args:
        project: the open project.
        name: unique regardless of case.
        colour: "#RRGGBB"; default: the next palette colour.
        hotkey: 1-9 or None; default: the lowest free digit, if any.

    Returns:
        The record; ``record.label_class`` is the new class.

    Raises:
        ClassNameEmpty, ClassExists, BadColour, BadHotkey.
    """
    name = _clean_name(name)
    with project.store.transaction() as db:
        existing = [_class(row) for row in store.class_rows(db)]
        _check_free(existing, name)
        taken = {c.hotkey for c in existing}
        if hotkey == "auto":
            hotkey = next((k for k in HOTKEYS if k not in taken), None)
        elif hotkey is not None:
            hotkey = _check_hotkey(hotkey)
            if hotkey in taken:
                raise BadHotkey()
        colour = _check_colour(colour or PALETTE[len(existing) % len(PALETTE)])
        fields = {
            "name": name,
            "name_key": name_key(name),
            "colour": colour,
            "hotkey": hotkey,
            "position": store.next_class_position(db),
        }
        class_id = store.insert_class(db, fields)
    created = LabelClass(class_id, name, colour, hotkey, fields["position"])
    log.info("added class %s", name)
    return AddClass(
        QT_TRANSLATE_NOOP("engine", "Add class “{name}”"), {"name": name}, created
    )


def ensure_classes(project: Project, names: Iterable[str]) -> dict[str, LabelClass]:
    """Classes with these names, creating the missing ones (not undoable).

    Returns:
        The classes by :func:`name_key` of each name.
    """
    found: dict[str, LabelClass] = {}
    for name in names:
        key = name_key(name)
        if key in found:
            continue
        found[key] = find_class(project, name) or add_class(project, name).label_class
    return found


def rename_class(project: Project, class_id: int, name: str) -> ClassEdit:
    """Give a class a new name (a change of case only is allowed).

    Raises:
        ClassNotFound, ClassNameEmpty, ClassExists.
    """
    name = _clean_name(name)
    old = get_class(project, class_id)
    others = [c for c in list_classes(project) if c.id != class_id]
    _check_free(others, name)
    text = QT_TRANSLATE_NOOP("engine", "Rename class “{old}” to “{name}”")
    return _edit(
        project, text, {"old": old.name, "name": name}, [old], [replace(old, name=name)]
    )


def recolour_class(project: Project, class_id: int, colour: str) -> ClassEdit:
    """Change a class's colour ("#RRGGBB").

    Raises:
        ClassNotFound, BadColour.
    """
    old = get_class(project, class_id)
    new = replace(old, colour=_check_colour(colour))
    text = QT_TRANSLATE_NOOP("engine", "Change the colour of “{name}”")
    return _edit(project, text, {"name": old.name}, [old], [new])


def set_hotkey(project: Project, class_id: int, hotkey: int | None) -> ClassEdit:
    """Give a class a digit key (1-9), taking it from another class if needed.

    Raises:
        ClassNotFound, BadHotkey.
    """
    hotkey = None if hotkey is None else _check_hotkey(hotkey)
    target = get_class(project, class_id)
    before = [target]
    after = [replace(target, hotkey=hotkey)]
    holder = None if hotkey is None else class_for_hotkey(project, hotkey)
    if holder is not None and holder.id != class_id:
        before.append(holder)
        after.append(replace(holder, hotkey=None))
    text = QT_TRANSLATE_NOOP("engine", "Change the hotkey of “{name}”")
    return _edit(project, text, {"name": target.name}, before, after)


def move_class(project: Project, class_id: int, index: int) -> ClassEdit:
    """Move a class to ``index`` in the display order.

    Raises:
        ClassNotFound.
    """
    classes = list_classes(project)
    moving = get_class(project, class_id)
    order = [c for c in classes if c.id != class_id]
    order.insert(max(0, min(index, len(order))), moving)
    after = [replace(c, position=i) for i, c in enumerate(order)]
    text = QT_TRANSLATE_NOOP("engine", "Move class “{name}”")
    return _edit(project, text, {"name": moving.name}, classes, after)


def delete_class_impact(project: Project, class_id: int) -> int:
    """How many photos deleting this class would unlabel."""
    rows = store.class_photo_states(project.store.connection(), class_id)
    return len(rows)


def delete_class(project: Project, class_id: int) -> RemoveClass:
    """Delete a class; its photos become unlabelled (undo labels them again).

    Returns:
        The record; ``record.unlabelled`` says how many photos lost a label.

    Raises:
        ClassNotFound.
    """
    removed = get_class(project, class_id)
    with project.store.transaction() as db:
        states = _states(store.class_photo_states(db, class_id))
        store.delete_class(db, class_id)
    log.info("deleted class %s (%d photos unlabelled)", removed.name, len(states))
    text = QT_TRANSLATE_NOOP("engine", "Delete class “{name}”")
    return RemoveClass(
        text, {"name": removed.name, "count": len(states)}, removed, states
    )


def merge_classes(project: Project, source_id: int, target_id: int) -> RemoveClass:
    """Move every photo of ``source_id`` into ``target_id`` and delete the source.

    Raises:
        ClassNotFound, SameClass.
    """
    if source_id == target_id:
        raise SameClass()
    source = get_class(project, source_id)
    target = get_class(project, target_id)
    with project.store.transaction() as db:
        states = _states(store.class_photo_states(db, source_id))
        store.move_labels(db, source_id, target_id)
        store.delete_class(db, source_id)
    log.info("merged class %s into %s", source.name, target.name)
    text = QT_TRANSLATE_NOOP("engine", "Merge “{source}” into “{target}”")
    args = {"source": source.name, "target": target.name, "count": len(states)}
    return RemoveClass(text, args, source, states, into=target_id)


def _edit(
    project: Project,
    text: str,
    args: dict[str, Any],
    before: Sequence[LabelClass],
    after: Sequence[LabelClass],
) -> ClassEdit:
    record = ClassEdit(text, args, tuple(before), tuple(after))
    record.apply(project)
    return record


def _class(row: Any) -> LabelClass:
    return LabelClass(
        row["id"], row["name"], row["colour"], row["hotkey"], row["position"]
    )


def _clean_name(name: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise ClassNameEmpty()
    return name


def _check_free(classes: Iterable[LabelClass], name: str) -> None:
    key = name_key(name)
    for other in classes:
        if name_key(other.name) == key:
            raise ClassExists(name=other.name)


def _check_hotkey(hotkey: Any) -> int:
    if isinstance(hotkey, bool) or not isinstance(hotkey, int) or hotkey not in HOTKEYS:
        raise BadHotkey()
    return hotkey


def _check_colour(colour: str) -> str:
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise BadColour(colour=str(colour))
    return colour.upper()


# labelling


def label_photos(
    project: Project,
    photo_ids: Iterable[int],
    class_id: int,
    *,
    source: str = "manual",
) -> LabelChange:
    """Label photos with one class in one transaction (clears their skip mark).

    Args:
        project: the open project.
        photo_ids: the photos; unknown ids are passed over.
        class_id: the class.
        source: "manual", "folder" or "suggestion" (an accepted prediction).

    Returns:
        The record that undoes it.

    Raises:
        ClassNotFound: no such class.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown label source {source!r}")
    label_class = get_class(project, class_id)
    stamp = time.time()
    text = QT_TRANSLATE_NOOP("engine", "Label as “{name}”")
    return _change(
        project,
        photo_ids,
        text,
        {"name": label_class.name},
        lambda s: PhotoState(s.photo_id, class_id, source, stamp, False),
    )


def unlabel_photos(project: Project, photo_ids: Iterable[int]) -> LabelChange:
    """Remove the label (and skip mark) of photos in one transaction."""
    text = QT_TRANSLATE_NOOP("engine", "Remove label")
    return _change(project, photo_ids, text, {}, lambda s: PhotoState(s.photo_id))


def skip_photos(
    project: Project, photo_ids: Iterable[int], *, skipped: bool = True
) -> LabelChange:
    """Mark photos "skip / not sure" (their label goes), or clear the mark.

    Skipped photos stay out of training and out of the Unlabeled view.
    """
    if skipped:
        text = QT_TRANSLATE_NOOP("engine", "Skip")
        return _change(
            project, photo_ids, text, {}, lambda s: PhotoState(s.photo_id, skipped=True)
        )
    text = QT_TRANSLATE_NOOP("engine", "Clear the skip mark")
    return _change(project, photo_ids, text, {}, lambda s: replace(s, skipped=False))


def photo_states(project: Project, photo_ids: Iterable[int]) -> list[PhotoState]:
    """The current label and skip mark of photos."""
    ids = list(photo_ids)
    return list(_states(store.photo_states(project.store.connection(), ids)))


def _change(
    project: Project,
    photo_ids: Iterable[int],
    text: str,
    args: dict[str, Any],
    change: Any,
) -> LabelChange:
    ids = list(dict.fromkeys(photo_ids))
    with project.store.transaction() as db:
        before = _states(store.photo_states(db, ids))
        after = tuple(change(s) for s in before)
        store.write_photo_states(db, (s._row() for s in after))
    args = {**args, "count": len(after)}
    return LabelChange(text, args, before, after)


def _states(rows: Iterable[Any]) -> tuple[PhotoState, ...]:
    return tuple(PhotoState(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows)


# train/validation split


@dataclass(frozen=True)
class SplitSettings:
    """How photos are split when the user did not pin them.

    Within each class, photos are ordered by ``split_key(hash, seed)``, a
    number fixed by the photo's content and the seed; a photo goes to
    validation when its key is below ``val_ratio``, so every class gets
    about ``val_ratio`` of its photos in validation. A class with at least
    ``store.MIN_CLASS_FOR_VAL`` usable labelled photos (file ok, not
    skipped) and none in validation that way gets its unpinned photo with
    the smallest key put in validation. A photo the user pinned always
    stays in the set it was pinned to.

    Adding photos never moves the ones already there, with one exception,
    the minimum rule: a photo moves only when its class's photo kept for
    validation changes, that is when the class reaches the minimum with no
    validation photo (its smallest-key photo goes to validation), when a
    photo with a smaller key or a key below the ratio joins the class, or
    one is pinned to validation (the kept photo goes back to training), or
    when photos leave the class or become unusable (another may be kept).
    """

    seed: int = 0
    val_ratio: float = DEFAULT_VAL_RATIO


@dataclass(frozen=True)
class DatasetItem:
    """A usable labelled photo and the set it belongs to."""

    photo_id: int
    path: str
    class_id: int
    split: str


@dataclass(frozen=True)
class SplitCount:
    train: int = 0
    val: int = 0


def split_key(content_hash: str, seed: int) -> float:
    """A number in [0, 1) fixed by the photo's content and the seed."""
    digest = hashlib.blake2b(f"{seed}:{content_hash}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big") / 2.0**64


def get_split_settings(project: Project) -> SplitSettings:
    """The project's split seed and validation ratio."""
    meta = project.store
    return SplitSettings(
        seed=int(meta.get_meta("split_seed", "0") or 0),
        val_ratio=float(
            meta.get_meta("split_val_ratio", str(DEFAULT_VAL_RATIO))
            or DEFAULT_VAL_RATIO
        ),
    )


def set_split_settings(project: Project, settings: SplitSettings) -> None:
    """Change the seed or ratio; a new seed draws a new automatic split.

    Pinned photos keep their set.
    """
    if not 0.0 <= settings.val_ratio < 1.0:
        raise ValueError("val_ratio must be in [0, 1)")
    old = get_split_settings(project)
    with project.store.transaction() as db:
        if settings.seed != old.seed:
            keys = [
                (r["id"], split_key(r["content_hash"], settings.seed))
                for r in store.image_hashes(db)
            ]
            store.set_split_keys(db, keys)
        store.put_meta(
            db,
            {
                "split_seed": str(settings.seed),
                "split_val_ratio": repr(settings.val_ratio),
            },
        )


def pin_split(
    project: Project, photo_ids: Iterable[int], split: str | None
) -> SplitChange:
    """Put photos in "train" or "val" whatever the automatic split says;
    None lets the automatic split decide again.
    """
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    ids = list(dict.fromkeys(photo_ids))
    with project.store.transaction() as db:
        before = tuple((r[0], r[1]) for r in store.split_pins(db, ids))
        after = tuple((photo_id, split) for photo_id, _ in before)
        store.set_split_pins(db, after)
    text = {
        "train": QT_TRANSLATE_NOOP("engine", "Put in the training set"),
        "val": QT_TRANSLATE_NOOP("engine", "Put in the validation set"),
        None: QT_TRANSLATE_NOOP("engine", "Let Pictor choose the set"),
    }[split]
    return SplitChange(text, {"count": len(after)}, before, after)


def dataset(project: Project) -> list[DatasetItem]:
    """Every usable labelled photo (ok, not skipped) with its set, by class."""
    ratio = get_split_settings(project).val_ratio
    rows = store.dataset_rows(project.store.connection(), ratio)
    return [DatasetItem(r["id"], r["path"], r["class_id"], r["split"]) for r in rows]


def split_counts(project: Project) -> dict[int, SplitCount]:
    """Training and validation photos per class id."""
    ratio = get_split_settings(project).val_ratio
    counts: dict[int, dict[str, int]] = {}
    for row in store.split_counts(project.store.connection(), ratio):
        counts.setdefault(row["class_id"], {})[row["split"]] = row["n"]
    return {cid: SplitCount(**c) for cid, c in counts.items()}
