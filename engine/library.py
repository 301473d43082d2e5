"""The photo library: import with de-duplication, queries for the grid,
thumbnails, missing files and relinking, removal and export.

Photos stay where the user keeps them; the project stores their absolute
paths and identifies their content by hash.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine import labels, store
from engine.i18n import QT_TRANSLATE_NOOP, UserError, format_message
from engine.jobs import Cancelled, Job, JobContext
from engine.labels import PhotoState
from engine.media import (
    PHOTO_SUFFIXES,
    FileFacts,
    FileVanished,
    LinkLoop,
    MediaError,
    ThumbnailBatch,
    ThumbnailCache,
    default_workers,
    error_from_os,
    inspect_file,
)

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 256
# Folder names that say which set their photos belong to, not their class.
SPLIT_FOLDERS = {
    "train": "train", "training": "train", "val": "val", "valid": "val",
    "validation": "val", "test": None, "testing": None,
}  # fmt: skip
_COMMIT_EVERY = 0.5  # seconds: new photos show up in the grid while importing
_GROUP = 8  # files per thread hand-off


# reasons only the library gives


class AlreadyInLibrary(MediaError):
    template = QT_TRANSLATE_NOOP("engine", "Already in the library as “{path}”")


class DuplicateInImport(MediaError):
    template = QT_TRANSLATE_NOOP(
        "engine", "The same photo as “{path}” earlier in this import"
    )


class BrokenLink(MediaError):
    template = QT_TRANSLATE_NOOP(
        "engine", "The link points to a file that does not exist"
    )


class ContentDiffers(MediaError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{path}” is a different photo, so it was not linked"
    )


class PathTaken(MediaError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{path}” is already in the library as another photo"
    )


class PhotoNotFound(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "There is no photo “{photo}” in the project."
    )


class ExportTargetNotEmpty(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The folder “{path}” is not empty. Choose an empty or new folder for the "
        "export.",
    )


class NothingToExport(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "No labelled photos to export. Label some photos first."
    )


# photos and queries


@dataclass(frozen=True)
class Photo:
    """One photo of the library as the grid and the viewer need it."""

    id: int
    path: str
    name: str
    content_hash: str
    size_bytes: int
    mtime: float
    width: int
    height: int
    date_taken: float | None
    added: float
    status: str  # "ok", "missing" or "damaged"
    reason: str | None  # English template of why it is damaged, or None
    reason_args: Mapping[str, Any]
    skipped: bool
    split: str  # "train" or "val", pinned or automatic
    split_pinned: str | None
    class_id: int | None
    label_source: str | None

    @property
    def reason_message(self) -> str:
        """The reason in English (the GUI translates ``reason`` instead)."""
        return format_message(self.reason, self.reason_args) if self.reason else ""


class Show(str, Enum):
    """Which photos a view shows."""

    ALL = "all"
    UNLABELED = "unlabeled"  # usable, no label, not skipped
    CLASS = "class"
    DAMAGED = "damaged"
    MISSING = "missing"
    SKIPPED = "skipped"


class SortKey(str, Enum):
    NAME = "name"
    DATE_TAKEN = "taken"  # falls back to the file's modification time
    DATE_ADDED = "added"


@dataclass(frozen=True)
class PhotoFilter:
    """A view of the library: what to show, a name search, a set."""

    show: Show = Show.ALL
    class_id: int | None = None
    text: str = ""  # part of the file name, any case
    split: str | None = None  # "train" or "val"

    @classmethod
    def of_class(cls, class_id: int) -> PhotoFilter:
        return cls(Show.CLASS, class_id)


@dataclass(frozen=True)
class LibraryCounts:
    """Photos per view, for the navigation and class list badges."""

    all: int
    unlabeled: int
    labelled: int
    damaged: int
    missing: int
    skipped: int
    per_class: Mapping[int, int]


def photo_ids(
    project: Project,
    photo_filter: PhotoFilter = PhotoFilter(),
    *,
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[int]:
    """Ids of the photos a view shows, in order (indexed SQL; ties by id).

    A grid of tens of thousands asks for all ids at once (milliseconds)
    and fetches :func:`get_photos` for the rows it paints.

    Args:
        project: the open project.
        photo_filter: what to show.
        sort: name, date taken or date added.
        descending: newest or Z first.
        offset: rows to skip (paging).
        limit: at most this many (None: all).

    Returns:
        Photo ids.
    """
    return store.photo_ids(
        project.store.connection(),
        Show(photo_filter.show).value,
        **_filter_args(project, photo_filter),
        order=SortKey(sort).value,
        descending=descending,
        offset=offset,
        limit=limit,
    )


def count_photos(project: Project, photo_filter: PhotoFilter = PhotoFilter()) -> int:
    """How many photos a view shows."""
    return store.count_photos(
        project.store.connection(),
        Show(photo_filter.show).value,
        **_filter_args(project, photo_filter),
    )


def _filter_args(project: Project, photo_filter: PhotoFilter) -> dict[str, Any]:
    return {
        "class_id": photo_filter.class_id,
        "text": photo_filter.text or None,
        "split": photo_filter.split,
        "ratio": labels.get_split_settings(project).val_ratio,
    }


def get_photos(project: Project, ids: Iterable[int]) -> list[Photo]:
    """Photos by id, in the order given (ids no longer there are left out)."""
    ratio = labels.get_split_settings(project).val_ratio
    rows = store.photo_rows(project.store.connection(), list(ids), ratio=ratio)
    return [_photo(row) for row in rows]


def get_photo(project: Project, photo_id: int) -> Photo:
    """One photo.

    Raises:
        PhotoNotFound: no photo with this id.
    """
    found = get_photos(project, [photo_id])
    if not found:
        raise PhotoNotFound(photo=photo_id)
    return found[0]


def find_photo(project: Project, path: str | os.PathLike[str]) -> Photo | None:
    """The photo stored for this file path, or None."""
    key = os.path.abspath(os.fspath(path))
    row = store.images_by_path(project.store.connection(), [key]).get(key)
    return get_photo(project, row["id"]) if row else None


def library_counts(project: Project) -> LibraryCounts:
    """Counts for every view and per class, in two queries."""
    totals, per_class = store.library_counts(project.store.connection())
    return LibraryCounts(
        all=totals["all_photos"],
        unlabeled=totals["unlabeled"],
        labelled=totals["labelled"],
        damaged=totals["damaged"],
        missing=totals["missing"],
        skipped=totals["skipped"],
        per_class=per_class,
    )


def _photo(row: Any) -> Photo:
    return Photo(
        id=row["id"],
        path=row["path"],
        name=row["name"],
        content_hash=row["content_hash"],
        size_bytes=row["size_bytes"],
        mtime=row["mtime"],
        width=row["width"],
        height=row["height"],
        date_taken=row["date_taken"],
        added=row["added"],
        status=row["status"],
        reason=row["reason"],
        reason_args=json.loads(row["reason_args"] or "{}"),
        skipped=bool(row["skipped"]),
        split=row["split"],
        split_pinned=row["split_pinned"],
        class_id=row["class_id"],
        label_source=row["label_source"],
    )


# import


@dataclass(frozen=True)
class ImportIssue:
    """A file (or folder) and why it was not added: a template and its params."""

    path: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return format_message(self.reason, self.params)

    @classmethod
    def of(cls, path: str, error: MediaError) -> ImportIssue:
        return cls(path, error.template, dict(error.params))


@dataclass
class ImportReport:
    """What an import did. ``problems`` are unusable files; ``duplicates`` are
    photos already in the library or repeated in the import."""

    added: list[int] = field(default_factory=list)
    duplicates: list[ImportIssue] = field(default_factory=list)
    problems: list[ImportIssue] = field(default_factory=list)
    relinked: list[int] = field(default_factory=list)
    classes_created: list[str] = field(default_factory=list)
    ignored: int = 0  # non-photo and hidden files inside folders

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("duplicates", "problems"):
            data[key] = [
                {**asdict(i), "message": i.message} for i in getattr(self, key)
            ]
        return data


@dataclass(frozen=True)
class _Candidate:
    path: str
    class_name: str | None = None
    split: str | None = None


def import_job(
    project: Project,
    paths: Sequence[str | os.PathLike[str]],
    *,
    classes_from_folders: bool = False,
) -> Job:
    """A job that runs :func:`import_paths` and returns its report."""

    def run(context: JobContext) -> ImportReport:
        return import_paths(
            project, paths, classes_from_folders=classes_from_folders, context=context
        )

    return Job(QT_TRANSLATE_NOOP("engine", "Import photos"), run, heavy=False)


def import_paths(
    project: Project,
    paths: Sequence[str | os.PathLike[str]],
    *,
    classes_from_folders: bool = False,
    context: JobContext | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Add photo files and folders (recursively) to the library.

    Reads headers and hashes bytes; never decodes pixels. A photo whose
    content is already in the library is not added twice; a bad file is
    listed in the report and the rest goes on. New photos are committed
    every half second, so cancelling keeps what was imported.

    Args:
        project: the open project.
        paths: files and folders as the user gave them.
        classes_from_folders: label each photo with its folder's name
            (source "folder"); folders named train/val pin the set.
        context: progress and cancel.
        workers: reader threads (default: all cores but one).

    Returns:
        The import report.

    Raises:
        Cancelled: the user stopped it; photos committed so far stay.
    """
    ctx = context or JobContext()
    report = ImportReport()
    candidates = _collect(paths, report, ctx, classes_from_folders)
    total = len(candidates)
    message = QT_TRANSLATE_NOOP("engine", "Importing {count} photos")
    ctx.report(0, total, message, force=True, count=total)
    writer = _ImportWriter(project, report)
    threads = workers or default_workers()
    with ThreadPoolExecutor(threads, thread_name_prefix="import") as pool:
        try:
            for done, (candidate, result) in enumerate(
                _inspected(pool, candidates, ahead=2 * threads), 1
            ):
                writer.add(candidate, result)
                ctx.report(done, total, message, count=total)
        except Cancelled:
            writer.flush()  # keep what was read: the project stays consistent
            raise
    writer.flush()
    log.info(
        "import: %d added, %d duplicates, %d problems, %d relinked",
        len(report.added),
        len(report.duplicates),
        len(report.problems),
        len(report.relinked),
    )
    return report


def _inspected(
    pool: ThreadPoolExecutor, candidates: Sequence[_Candidate], *, ahead: int
) -> Iterator[tuple[_Candidate, FileFacts | MediaError]]:
    """Inspect files on the pool in small groups, a few groups ahead, yielding
    in order (groups keep thread hand-offs rare for small files)."""
    groups = (candidates[i : i + _GROUP] for i in range(0, len(candidates), _GROUP))
    window: deque[tuple[Sequence[_Candidate], Future[list[Any]]]] = deque()
    try:
        for group in groups:
            window.append((group, pool.submit(_inspect_group, group)))
            if len(window) >= ahead:
                first, future = window.popleft()
                yield from zip(first, future.result(), strict=True)
        while window:
            first, future = window.popleft()
            yield from zip(first, future.result(), strict=True)
    finally:
        for _, future in window:  # cancelled: drop what has not started
            future.cancel()


def _inspect_group(group: Sequence[_Candidate]) -> list[FileFacts | MediaError]:
    return [_inspect(candidate.path) for candidate in group]


def _inspect(path: str) -> FileFacts | MediaError:
    try:
        return inspect_file(path)
    except MediaError as exc:
        if isinstance(exc, FileVanished) and os.path.islink(path):
            exc = BrokenLink()
        log.warning("not imported: %s: %s", path, exc)
        return exc


class _ImportWriter:
    """Turns inspected files into photo rows, committing in small batches."""

    def __init__(self, project: Project, report: ImportReport) -> None:
        self.project = project
        self.report = report
        self.seed = labels.get_split_settings(project).seed
        self.batch: list[tuple[_Candidate, FileFacts]] = []
        self.first_path: dict[str, str] = {}  # content hash -> path in this import
        self.classes: dict[str, labels.LabelClass] = {}
        self.last_flush = time.monotonic()

    def add(self, candidate: _Candidate, result: FileFacts | MediaError) -> None:
        if isinstance(result, MediaError):
            self.report.problems.append(ImportIssue.of(candidate.path, result))
        else:
            self.batch.append((candidate, result))
        if time.monotonic() - self.last_flush >= _COMMIT_EVERY:
            self.flush()

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        self._ensure_classes(c.class_name for c, _ in batch)
        with self.project.store.transaction() as db:
            by_path = store.images_by_path(db, [c.path for c, _ in batch])
            by_hash = store.images_by_hash(db, [f.content_hash for _, f in batch])
            new = [self._store(db, c, f, by_path, by_hash) for c, f in batch]
            self._insert(db, [row for row in new if row is not None])

    def _insert(self, db: Any, new: list[tuple[_Candidate, dict[str, Any]]]) -> None:
        ids = store.insert_images(db, [fields for _, fields in new])
        stamp = time.time()
        states = []
        for candidate, fields in new:
            photo_id = ids[fields["path"]]
            self.report.added.append(photo_id)
            if candidate.class_name is not None:
                class_id = self.classes[labels.name_key(candidate.class_name)].id
                states.append(PhotoState(photo_id, class_id, "folder", stamp, False))
        store.write_photo_states(db, (s._row() for s in states))

    def _store(
        self,
        db: Any,
        candidate: _Candidate,
        facts: FileFacts,
        by_path: Mapping[str, Any],
        by_hash: Mapping[str, Any],
    ) -> Any:
        path, digest = candidate.path, facts.content_hash
        known = by_path.get(path)
        if known is not None:
            if known["status"] != "ok" or known["content_hash"] != digest:
                store.update_image_file(db, known["id"], _file_fields(path, facts))
            return self._duplicate(path, AlreadyInLibrary(path=path))
        if digest in self.first_path:
            return self._duplicate(
                path, DuplicateInImport(path=self.first_path[digest])
            )
        same = by_hash.get(digest)
        if same is not None and os.path.exists(same["path"]):
            # Limit: a photo already in the library keeps its label; importing
            # it again from a class folder does not label it.
            return self._duplicate(path, AlreadyInLibrary(path=same["path"]))
        self.first_path[digest] = path
        if same is not None:  # its file is gone: this is where it went
            store.update_image_file(db, same["id"], _file_fields(path, facts))
            self.report.relinked.append(same["id"])
            return None
        fields = {
            **_file_fields(path, facts),
            "added": time.time(),
            "split_key": labels.split_key(digest, self.seed),
            "split_pinned": candidate.split,
        }
        return candidate, fields

    def _duplicate(self, path: str, reason: MediaError) -> None:
        self.report.duplicates.append(ImportIssue.of(path, reason))

    def _ensure_classes(self, names: Iterable[str | None]) -> None:
        for name in dict.fromkeys(n for n in names if n):
            key = labels.name_key(name)
            if key in self.classes:
                continue
            found = labels.find_class(self.project, name)
            if found is None:
                found = labels.add_class(self.project, name).label_class
                self.report.classes_created.append(found.name)
            self.classes[key] = found


def _file_fields(path: str, facts: FileFacts) -> dict[str, Any]:
    return {
        "path": path,
        "name": os.path.basename(path),
        "content_hash": facts.content_hash,
        "size_bytes": facts.size_bytes,
        "mtime": facts.mtime,
        "width": facts.info.width,
        "height": facts.info.height,
        "date_taken": facts.info.date_taken,
    }


# finding files


def _collect(
    paths: Sequence[str | os.PathLike[str]],
    report: ImportReport,
    ctx: JobContext,
    classes_from_folders: bool,
) -> list[_Candidate]:
    # Limit: on Windows without the long-path setting, files past 260
    # characters fail to open and are reported as unreadable.
    found: dict[str, _Candidate] = {}
    for given in paths:
        root = os.path.abspath(os.fspath(given))
        try:
            is_dir = stat.S_ISDIR(os.stat(root).st_mode)
        except OSError as exc:
            report.problems.append(ImportIssue.of(root, _stat_error(root, exc)))
            continue
        files = list(_walk(root, report, ctx, found)) if is_dir else [root]
        base = root if is_dir else os.path.dirname(root)
        # a folder of class folders: photos lying beside them have no class
        nested = any(os.path.dirname(path) != base for path in files)
        for path in files:
            if path in found:
                continue
            label = (None, None)
            if classes_from_folders:
                label = _folder_label(base, path, root_is_class=not nested)
            found[path] = _Candidate(path, *label)
    return list(found.values())


def _walk(
    root: str, report: ImportReport, ctx: JobContext, found: Mapping[str, Any]
) -> Iterator[str]:
    """Photo files under ``root``, depth first in name order, following links
    to folders but never round a loop."""
    message = QT_TRANSLATE_NOOP("engine", "Looking for photos: {count} found")
    start = os.stat(root)
    visited = {(start.st_dev, start.st_ino)}
    stack = [(root, frozenset(visited))]
    count = 0
    while stack:
        folder, ancestors = stack.pop()
        subfolders = []
        for entry in _entries(folder, report):
            ctx.report(count, None, message, count=len(found) + count)
            kind = _kind(entry, report)
            if kind == "photo":
                count += 1
                yield entry.path
            elif kind == "folder":
                key = _folder_key(entry, report)
                if key is None:
                    continue
                if key in ancestors:
                    report.problems.append(ImportIssue.of(entry.path, LinkLoop()))
                elif key not in visited:  # else reached by another link
                    visited.add(key)
                    subfolders.append((entry.path, ancestors | {key}))
        stack.extend(reversed(subfolders))


def _folder_key(
    entry: os.DirEntry[str], report: ImportReport
) -> tuple[int, int] | None:
    try:
        st = entry.stat()
    except OSError as exc:
        report.problems.append(ImportIssue.of(entry.path, _stat_error(entry.path, exc)))
        return None
    return st.st_dev, st.st_ino


def _entries(folder: str, report: ImportReport) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        report.problems.append(ImportIssue.of(folder, error_from_os(exc)))
        return []


def _kind(entry: os.DirEntry[str], report: ImportReport) -> str:
    """ "photo", "folder" or "other" (ignored); bad links go to the report."""
    if entry.name.startswith("."):
        report.ignored += 1
        return "other"
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            if os.path.splitext(entry.name)[1].lower() in PHOTO_SUFFIXES:
                return "photo"
        elif entry.is_symlink():
            os.stat(entry.path)  # raises for a loop or a dangling link
    except OSError as exc:
        report.problems.append(ImportIssue.of(entry.path, _stat_error(entry.path, exc)))
        return "other"
    report.ignored += 1
    return "other"


def _stat_error(path: str, exc: OSError) -> MediaError:
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return BrokenLink()
    return error_from_os(exc)


def _folder_label(
    base: str, path: str, *, root_is_class: bool
) -> tuple[str | None, str | None]:
    """Class and pinned set from a photo's folders under the imported folder.

    The first folder below ``base`` names the class (``base`` itself when
    ``root_is_class``); train/val folders on the way pin the set.
    """
    base_name = os.path.basename(base)
    sub = Path(os.path.relpath(os.path.dirname(path), base)).parts
    sub = tuple(p for p in sub if p != ".")
    folders = (base_name, *sub)
    split = next(
        (SPLIT_FOLDERS[p.casefold()] for p in folders if p.casefold() in SPLIT_FOLDERS),
        None,
    )
    names = [p for p in sub if p.casefold() not in SPLIT_FOLDERS]
    if not names and root_is_class and base_name.casefold() not in SPLIT_FOLDERS:
        names = [base_name]
    return (names[0] if names else None), split


# thumbnails and problems found later


def thumbnail_cache(project: Project, size: int = THUMBNAIL_SIZE) -> ThumbnailCache:
    """The project's thumbnail cache for one size."""
    return ThumbnailCache(project.thumbs_dir, size=size)


def thumbnail_job(
    project: Project,
    photo_ids: Sequence[int],
    *,
    size: int = THUMBNAIL_SIZE,
    workers: int | None = None,
) -> Job:
    """A light job that makes missing thumbnails (visible ids first) and
    records photos that turn out damaged or gone. Returns a ThumbnailBatch."""

    def run(context: JobContext) -> ThumbnailBatch:
        photos = get_photos(project, photo_ids)
        batch = thumbnail_cache(project, size).make_many(
            photos, context=context, workers=workers
        )
        record_problems(project, batch.failed)
        return batch

    return Job(QT_TRANSLATE_NOOP("engine", "Make thumbnails"), run, heavy=False)


def record_problems(project: Project, errors: Mapping[int, MediaError]) -> None:
    """Mark photos damaged (or missing, if their file is gone) with the reason."""
    if not errors:
        return
    items = [
        (
            photo_id,
            "missing" if isinstance(exc, FileVanished) else "damaged",
            exc.template,
            json.dumps(exc.params, default=str),
        )
        for photo_id, exc in errors.items()
    ]
    with project.store.transaction() as db:
        store.set_image_status(db, items)


# missing files and relinking


@dataclass
class FileCheckReport:
    """What a check of every photo's file found."""

    missing: list[int] = field(default_factory=list)  # newly missing
    back: list[int] = field(default_factory=list)  # missing before, found now
    changed: list[int] = field(default_factory=list)  # edited in place, re-read
    damaged: list[int] = field(default_factory=list)


def check_files_job(project: Project, *, reread: bool = True) -> Job:
    """A light job that runs :func:`check_files` and returns its report."""

    def run(context: JobContext) -> FileCheckReport:
        return check_files(project, context=context, reread=reread)

    return Job(QT_TRANSLATE_NOOP("engine", "Check photo files"), run, heavy=False)


def check_files(
    project: Project, *, context: JobContext | None = None, reread: bool = True
) -> FileCheckReport:
    """Find photos whose file is gone, back, changed or damaged.

    Nothing is removed: missing photos keep their labels and can be
    relinked. Only files whose size or time changed are read again.

    Args:
        project: the open project.
        context: progress and cancel.
        reread: False makes it a stat of each file and nothing more (the
            quick check when a project opens): files whose size or time
            changed are left for a full check.

    Returns:
        What changed since the last check.
    """
    ctx = context or JobContext()
    report = FileCheckReport()
    rows = store.image_files(project.store.connection())
    message = QT_TRANSLATE_NOOP("engine", "Checking photo files")
    for start in range(0, len(rows), 256):
        updates: list[tuple[Any, ...]] = []
        refreshed: list[tuple[int, dict[str, Any]]] = []
        for row in rows[start : start + 256]:
            _check_one(row, report, updates, refreshed if reread else None)
        with project.store.transaction() as db:
            store.set_image_status(db, updates)
            for photo_id, fields in refreshed:
                store.update_image_file(db, photo_id, fields)
        ctx.report(min(start + 256, len(rows)), len(rows), message)
    log.info(
        "file check: %d missing, %d back, %d changed, %d damaged",
        len(report.missing),
        len(report.back),
        len(report.changed),
        len(report.damaged),
    )
    return report


def _check_one(
    row: Any,
    report: FileCheckReport,
    updates: list[tuple[Any, ...]],
    refreshed: list[tuple[int, dict[str, Any]]] | None,
) -> None:
    """Stat one photo's file; ``refreshed`` None: do not read changed files."""
    photo_id, status = row["id"], row["status"]
    try:
        st = os.stat(row["path"])
    except (FileNotFoundError, NotADirectoryError):
        if status != "missing":
            updates.append((photo_id, "missing", FileVanished.template, "{}"))
            report.missing.append(photo_id)
        return
    except OSError as exc:
        _damaged(photo_id, error_from_os(exc), report, updates)
        return
    if st.st_size == row["size_bytes"] and st.st_mtime == row["mtime"]:
        if status == "missing":
            updates.append((photo_id, "ok", None, None))
            report.back.append(photo_id)
        return
    if refreshed is None:
        return
    try:
        facts = inspect_file(row["path"])
    except MediaError as exc:
        _damaged(photo_id, exc, report, updates)
        return
    refreshed.append((photo_id, _file_fields(row["path"], facts)))
    report.changed.append(photo_id)


def _damaged(
    photo_id: int,
    exc: MediaError,
    report: FileCheckReport,
    updates: list[tuple[Any, ...]],
) -> None:
    updates.append((photo_id, "damaged", exc.template, json.dumps(exc.params)))
    report.damaged.append(photo_id)


@dataclass
class RelinkReport:
    """What relinking did with each missing photo under the old folder."""

    relinked: list[int] = field(default_factory=list)
    not_found: list[int] = field(default_factory=list)  # nothing at the new path
    refused: list[ImportIssue] = field(default_factory=list)  # different or taken


def relink_job(project: Project, old_prefix: str, new_prefix: str) -> Job:
    def run(context: JobContext) -> RelinkReport:
        return relink_folder(project, old_prefix, new_prefix, context=context)

    return Job(QT_TRANSLATE_NOOP("engine", "Relink moved photos"), run, heavy=False)


def relink_folder(
    project: Project,
    old_prefix: str | os.PathLike[str],
    new_prefix: str | os.PathLike[str],
    *,
    context: JobContext | None = None,
) -> RelinkReport:
    """Point every missing photo under a moved folder to its new place at once.

    Photos whose file is still where the project says are left alone: the
    folder given can be far up the tree (see :func:`relink_prefixes`), so
    it may hold photos that never moved. A missing photo is relinked only
    when a file at the new path has the same size and content hash;
    labels and everything else stay.

    Args:
        project: the open project.
        old_prefix: the folder as it was (photos stored under it).
        new_prefix: where that folder is now.
        context: progress and cancel.

    Returns:
        Which missing photos were relinked, not found, or refused (and why).
    """
    ctx = context or JobContext()
    old = os.path.abspath(os.fspath(old_prefix)).rstrip(os.sep) + os.sep
    new = os.path.abspath(os.fspath(new_prefix)).rstrip(os.sep) + os.sep
    rows = [
        row
        for row in store.image_files(project.store.connection(), prefix=old)
        if not os.path.exists(row["path"])
    ]
    report = RelinkReport()
    message = QT_TRANSLATE_NOOP("engine", "Relinking photos")
    for start in range(0, len(rows), 64):
        moves = [
            _relink_target(row, new + row["path"][len(old) :], report)
            for row in rows[start : start + 64]
        ]
        _apply_moves(project, [m for m in moves if m], report)
        ctx.report(min(start + 64, len(rows)), len(rows), message)
    return report


def relink_photo(
    project: Project, photo_id: int, new_path: str | os.PathLike[str]
) -> None:
    """Point one photo to a file the user located (same content required).

    Raises:
        PhotoNotFound, ContentDiffers, PathTaken, MediaError.
    """
    photo = get_photo(project, photo_id)
    path = os.path.abspath(os.fspath(new_path))
    facts = inspect_file(path)
    if facts.content_hash != photo.content_hash:
        raise ContentDiffers(path=path).with_path(path)
    report = RelinkReport()
    _apply_moves(project, [(photo.id, path, facts)], report)
    if report.refused:
        raise PathTaken(path=path).with_path(path)


def relink_prefixes(old_path: str, new_path: str) -> tuple[str, str]:
    """The moved folder, from one photo's old and new path.

    The trailing folders the two paths share are dropped, so relinking
    with the result finds the photo's neighbours too.
    """
    old_parts = Path(os.path.abspath(old_path)).parts[:-1]
    new_parts = Path(os.path.abspath(new_path)).parts[:-1]
    while len(old_parts) > 1 and len(new_parts) > 1 and old_parts[-1] == new_parts[-1]:
        old_parts, new_parts = old_parts[:-1], new_parts[:-1]
    return str(Path(*old_parts)), str(Path(*new_parts))


def _relink_target(
    row: Any, path: str, report: RelinkReport
) -> tuple[int, str, FileFacts] | None:
    try:
        size = os.stat(path).st_size
    except (FileNotFoundError, NotADirectoryError):
        report.not_found.append(row["id"])
        return None
    except OSError as exc:
        report.refused.append(ImportIssue.of(path, error_from_os(exc)))
        return None
    if size != row["size_bytes"]:  # another photo: no need to hash it
        report.refused.append(ImportIssue.of(path, ContentDiffers(path=path)))
        return None
    try:
        facts = inspect_file(path)
    except FileVanished:
        report.not_found.append(row["id"])
        return None
    except MediaError as exc:
        report.refused.append(ImportIssue.of(path, exc))
        return None
    if facts.content_hash != row["content_hash"]:
        report.refused.append(ImportIssue.of(path, ContentDiffers(path=path)))
        return None
    return row["id"], path, facts


def _apply_moves(
    project: Project, moves: list[tuple[int, str, FileFacts]], report: RelinkReport
) -> None:
    if not moves:
        return
    with project.store.transaction() as db:
        taken = store.images_by_path(db, [path for _, path, _ in moves])
        for photo_id, path, facts in moves:
            other = taken.get(path)
            if other is not None and other["id"] != photo_id:
                report.refused.append(ImportIssue.of(path, PathTaken(path=path)))
                continue
            store.update_image_file(db, photo_id, _file_fields(path, facts))
            report.relinked.append(photo_id)


# removing photos from the project (never the files)


@dataclass(frozen=True)
class RemovePhotos:
    """Photos taken out of the project; reverting puts them back as they were."""

    text: str
    text_args: Mapping[str, Any]
    rows: tuple[Mapping[str, Any], ...]
    states: tuple[PhotoState, ...]

    def apply(self, project: Project) -> None:
        with project.store.transaction() as db:
            store.delete_images(db, [row["id"] for row in self.rows])

    def revert(self, project: Project) -> None:
        with project.store.transaction() as db:
            present = {
                r["id"] for r in store.image_snapshot(db, [r["id"] for r in self.rows])
            }
            for row in self.rows:
                if row["id"] not in present:
                    store.insert_image(db, dict(row))
            store.write_photo_states(db, (s._row() for s in self.states))


def remove_photos(project: Project, photo_ids: Iterable[int]) -> RemovePhotos:
    """Remove photos from the library (their files stay on disk).

    Returns:
        The record that puts them back, labels included.
    """
    ids = list(dict.fromkeys(photo_ids))
    with project.store.transaction() as db:
        rows = tuple(store.image_snapshot(db, ids))
        states = tuple(
            PhotoState(r[0], r[1], r[2], r[3], bool(r[4]))
            for r in store.photo_states(db, ids)
        )
        store.delete_images(db, ids)
    text = QT_TRANSLATE_NOOP("engine", "Remove from the library")
    return RemovePhotos(text, {"count": len(rows)}, rows, states)


# export


@dataclass
class ExportReport:
    destination: str
    exported: int = 0
    problems: list[ImportIssue] = field(default_factory=list)


EXPORT_FORMATS = ("folders", "csv")


def export_job(
    project: Project, destination: str | os.PathLike[str], *, fmt: str = "folders"
) -> Job:
    """A job that exports the labelled photos as class folders or a CSV file."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")

    def run(context: JobContext) -> ExportReport:
        if fmt == "csv":
            return export_csv(project, destination, context=context)
        return export_folders(project, destination, context=context)

    return Job(QT_TRANSLATE_NOOP("engine", "Export the dataset"), run, heavy=False)


def export_folders(
    project: Project,
    destination: str | os.PathLike[str],
    *,
    context: JobContext | None = None,
    by_split: bool = True,
) -> ExportReport:
    """Copy the usable labelled photos into ``train/CLASS`` and ``val/CLASS``.

    Args:
        project: the open project.
        destination: an empty or new folder.
        context: progress and cancel.
        by_split: False puts class folders directly in ``destination``.

    Returns:
        How many were copied and which could not be.

    Raises:
        ExportTargetNotEmpty, NothingToExport.
    """
    ctx = context or JobContext()
    target = Path(os.path.abspath(os.fspath(destination)))
    items = _export_items(project)
    if target.exists() and any(target.iterdir()):
        raise ExportTargetNotEmpty(path=str(target))
    folders = _class_folders(labels.list_classes(project))
    names = _UniqueNames()
    report = ExportReport(str(target))
    message = QT_TRANSLATE_NOOP("engine", "Exporting photos")
    for done, item in enumerate(items, 1):
        folder = target / item.split if by_split else target
        folder = folder / folders[item.class_id]
        out = folder / names.take(folder, os.path.basename(item.path))
        try:
            _copy_atomic(item.path, out)
            report.exported += 1
        except OSError as exc:
            log.warning("not exported: %s: %s", item.path, exc)
            report.problems.append(ImportIssue.of(item.path, error_from_os(exc)))
        ctx.report(done, len(items), message)
    return report


def export_csv(
    project: Project,
    destination: str | os.PathLike[str],
    *,
    context: JobContext | None = None,
) -> ExportReport:
    """Write ``path,label,split`` for every usable labelled photo (UTF-8).

    ``destination`` is a .csv file, or a folder that gets ``labels.csv``.
    """
    ctx = context or JobContext()
    target = Path(os.path.abspath(os.fspath(destination)))
    if target.is_dir() or target.suffix.lower() != ".csv":
        target = target / "labels.csv"
    items = _export_items(project)
    names = {c.id: c.name for c in labels.list_classes(project)}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".csv", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["path", "label", "split"])
            for done, item in enumerate(items, 1):
                writer.writerow([item.path, names[item.class_id], item.split])
                ctx.report(done, len(items))
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return ExportReport(str(target), exported=len(items))


def _export_items(project: Project) -> list[labels.DatasetItem]:
    items = labels.dataset(project)
    if not items:
        raise NothingToExport()
    return items


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_folder_name(name: str) -> str:
    """A class name usable as a folder name on Windows, macOS and Linux."""
    cleaned = _UNSAFE.sub("_", name).strip().rstrip(". ")
    if not cleaned or cleaned.casefold() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned[:120]


def _class_folders(classes: Iterable[labels.LabelClass]) -> dict[int, str]:
    names = _UniqueNames()
    root = Path(".")
    return {c.id: names.take(root, safe_folder_name(c.name)) for c in classes}


class _UniqueNames:
    """Hands out file names unique per folder, ignoring case (as Windows and
    macOS do): "a.jpg", then "a (2).jpg"."""

    def __init__(self) -> None:
        self._used: dict[Path, set[str]] = {}

    def take(self, folder: Path, name: str) -> str:
        used = self._used.setdefault(folder, set())
        stem, suffix = os.path.splitext(name)
        candidate, n = name, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{stem} ({n}){suffix}"
        used.add(candidate.casefold())
        return candidate


def _copy_atomic(source: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    os.close(fd)
    try:
        shutil.copy2(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        log.debug("could not remove %s", path)
