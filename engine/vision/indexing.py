"""Index photos for search: find files, encode the new ones, keep the index.

The project database is the source of truth: ``search_files`` holds every
file with its size, modification time and content hash, ``embeddings`` one
vector per content and model. The hnswlib index in ``index/photos/`` is a
cache rebuilt from them whenever it is missing, stale or damaged.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from engine import compute, media, store
from engine.i18n import QT_TRANSLATE_NOOP, format_message
from engine.jobs import Job, JobContext
from engine.project import Project
from engine.vectors import IndexInvalid, IndexManifest, VectorIndex
from engine.vision.embed import Embedder, get_embedder
from engine.vision.pipeline import PhotoRef, batches
from engine.weights import DEFAULT_SEARCH

log = logging.getLogger(__name__)

INDEX_FOLDER = "photos"
SEARCH_MODEL_KEY = "search_model"  # meta: the model the photos were indexed with
UNREADABLE_KEY = "search_unreadable"  # meta: files the last indexing could not read
# Limit: at most this many unreadable files are remembered between runs; a
# folder with more lists the first ones until they can be read.
_MAX_UNREADABLE = 1000
_WRITE_EVERY = 500  # file rows per transaction while checking files
_VECTOR_CHUNK = 4096  # vectors read from the database at a time
_CHECK_EVERY = 256  # folder entries (photos or not) between cancel checks
SAMPLE_SIZE = 2048  # vectors kept to judge how a query scores by chance

SCANNING = QT_TRANSLATE_NOOP("engine", "Looking for photos… {count} found")
CHECKING = QT_TRANSLATE_NOOP("engine", "Checking {count} new or changed files")
ENCODING = QT_TRANSLATE_NOOP("engine", "Reading photos for search")
UPDATING = QT_TRANSLATE_NOOP("engine", "Updating the search index")
INDEX_TITLE = QT_TRANSLATE_NOOP("engine", "Index photos for search")


@dataclass(frozen=True)
class FileProblem:
    """A file that could not be indexed and why: an English template marked
    for translation and its params."""

    path: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return format_message(self.reason, self.params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "reason": self.reason,
            "params": dict(self.params),
            "message": self.message,
        }


@dataclass
class IndexReport:
    """What an indexing run did."""

    model: str
    found: int = 0  # photo files in the library and the search folders
    checked: int = 0  # new or changed files that were read and hashed
    added: int = 0  # new files (including moved ones)
    removed: int = 0  # files that are gone
    reused: int = 0  # new or changed files whose content already had a vector
    encoded: int = 0  # photos run through the model
    # every file that cannot be used: found in this run or in earlier ones
    problems: list[FileProblem] = field(default_factory=list)
    index_note: str = ""  # why the index had to be rebuilt, if it had
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [p.as_dict() for p in self.problems]
        return data


# search folders


def search_folders(project: Project) -> list[str]:
    """The extra folders searched besides the library, as absolute paths."""
    return store.search_roots(project.store.connection())


def add_search_folders(project: Project, folders: Iterable[str | os.PathLike]) -> None:
    """Search these folders too (their photos need not be in the library)."""
    paths = [os.path.abspath(os.fspath(f)) for f in folders]
    with project.store.transaction() as db:
        store.add_search_roots(db, paths, time.time())


def remove_search_folders(
    project: Project, folders: Iterable[str | os.PathLike]
) -> None:
    """Stop searching these folders; their files leave at the next indexing."""
    paths = [os.path.abspath(os.fspath(f)) for f in folders]
    with project.store.transaction() as db:
        store.remove_search_roots(db, paths)


# the job


def index_job(
    project: Project,
    folders: Sequence[str | os.PathLike] = (),
    *,
    model: str = DEFAULT_SEARCH,
    embedder: Embedder | None = None,
    batch_size: int = 32,
) -> Job:
    """A job that indexes the library and the search folders (see
    :func:`index_photos`)."""

    def run(context: JobContext) -> IndexReport:
        return index_photos(
            project,
            folders,
            context=context,
            model=model,
            embedder=embedder,
            batch_size=batch_size,
        )

    return Job(INDEX_TITLE, run)


def index_photos(
    project: Project,
    folders: Sequence[str | os.PathLike] = (),
    *,
    context: JobContext | None = None,
    model: str = DEFAULT_SEARCH,
    embedder: Embedder | None = None,
    batch_size: int = 32,
) -> IndexReport:
    """Bring the search vectors up to date with the files on disk.

    Files are compared by size and modification time (stat only); new and
    changed ones are hashed, and only content without a vector for the model
    is decoded and encoded. Vectors are committed batch by batch, so a
    cancelled or killed run continues where it stopped.

    Args:
        project: the open project.
        folders: extra folders to add to the searched ones first.
        context: progress and cancellation.
        model: registry name of the CLIP model (when ``embedder`` is None).
        embedder: the model to use (tests pass a small one).
        batch_size: photos per model call.

    Returns:
        An :class:`IndexReport`. Raises ModelMissing when the model is not
        installed, Cancelled when stopped.
    """
    started = time.monotonic()
    ctx = context or JobContext()
    compute.apply(compute.current())
    if folders:
        add_search_folders(project, folders)
    embedder = embedder or get_embedder(model)
    report = IndexReport(model=embedder.name)
    with project.store.transaction() as db:
        store.ensure_search_model(db, embedder.name)
        store.put_meta(db, {SEARCH_MODEL_KEY: embedder.name})
    scanned = _scan(project, ctx)
    report.found = len(scanned)
    _update_files(project, scanned, report, ctx, embedder.name)
    _encode_missing(project, embedder, report, ctx, batch_size=batch_size)
    with project.store.transaction() as db:
        store.delete_orphan_embeddings(db)
    ctx.report(0, None, UPDATING, force=True)
    index = SearchIndex.open(project, embedder.name, embedder.dim)
    report.index_note = str(index.note) if index.note else ""
    report.problems = index_problems(project)
    report.seconds = time.monotonic() - started
    log.info(
        "indexed %s: %d files, %d checked, %d encoded, %d reused, %d removed in %.1f s",
        project.path,
        report.found,
        report.checked,
        report.encoded,
        report.reused,
        report.removed,
        report.seconds,
    )
    return report


def index_problems(project: Project) -> list[FileProblem]:
    """The files that could not be indexed, by path: those that cannot be
    decoded (listed until they change) and those the last indexing could not
    read (read again at the next one).

    Args:
        project: the open project.

    Returns:
        A :class:`FileProblem` per file, sorted by path.
    """
    found = {p.path: p for p in _unreadable(project)}
    found.update((p.path, p) for p in _damaged(project))
    return [found[path] for path in sorted(found)]


def _damaged(project: Project) -> Iterator[FileProblem]:
    for row in store.damaged_search_files(project.store.connection()):
        reason = row["reason"] or media.MediaError.template
        params = _json(row["reason_args"], {})
        yield FileProblem(
            row["path"], reason, params if isinstance(params, dict) else {}
        )


def _unreadable(project: Project) -> Iterator[FileProblem]:
    for item in _json(project.store.get_meta(UNREADABLE_KEY), []):
        if isinstance(item, dict) and "path" in item and "reason" in item:
            params = item.get("params")
            yield FileProblem(
                item["path"], item["reason"], params if isinstance(params, dict) else {}
            )


def _json(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        value = None
    return default if value is None else value


# step 1: find the files (stat only)


@dataclass(frozen=True)
class _Stat:
    size: int
    mtime: float


def _scan(project: Project, ctx: JobContext) -> dict[str, _Stat]:
    found: dict[str, _Stat] = {}
    db = project.store.connection()
    for row in store.library_file_facts(db):
        stat = _stat(row["path"])
        if stat is not None:
            found[row["path"]] = stat
        _tick(ctx, len(found))
    for root in store.search_roots(db):
        for path, stat in _walk(root, skip=project.path, check=ctx.check):
            found.setdefault(path, stat)
            _tick(ctx, len(found))
    return found


def _tick(ctx: JobContext, count: int) -> None:
    if count % 256 == 0:
        ctx.report(0, None, SCANNING, count=count)


def _stat(path: str) -> _Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _Stat(st.st_size, st.st_mtime)


def _walk(
    root: str, *, skip: Path, check: Callable[[], None]
) -> Iterator[tuple[str, _Stat]]:
    """Photo files under ``root``; project folders and hidden folders are
    left out, and folder links are not followed (no loops). ``check`` runs
    every few hundred entries, so a cancel stops a folder of many files
    that are not photos."""
    pending = [root]
    seen = 0
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            log.warning("cannot list %s: %s", folder, exc)
            continue
        for entry in listed:
            seen += 1
            if seen % _CHECK_EVERY == 0:
                check()
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.endswith(".pictor") and entry.path != str(skip):
                    pending.append(entry.path)
                continue
            if os.path.splitext(entry.name)[1].lower() not in media.PHOTO_SUFFIXES:
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            yield entry.path, _Stat(st.st_size, st.st_mtime)


# step 2: record new, changed and gone files


@dataclass(frozen=True)
class _Facts:
    content_hash: str
    date_taken: float | None
    problem: media.MediaError | None = None


def _update_files(
    project: Project,
    scanned: dict[str, _Stat],
    report: IndexReport,
    ctx: JobContext,
    model: str,
) -> None:
    db = project.store.connection()
    known = {row["path"]: row for row in store.search_files(db)}
    gone = [row["id"] for path, row in known.items() if path not in scanned]
    if gone:
        with project.store.transaction() as tx:
            store.delete_search_files(tx, gone)
    report.removed = len(gone)
    todo = [
        path
        for path, stat in scanned.items()
        if path not in known
        or (known[path]["size_bytes"], known[path]["mtime"]) != (stat.size, stat.mtime)
    ]
    report.checked = len(todo)
    library = {row["path"]: row for row in store.library_file_facts(db)}
    with_vectors = store.embedded_hashes(db, model)
    writer = _FileWriter(project, known, report, with_vectors)
    unreadable: list[FileProblem] = []
    for done, (path, facts) in enumerate(_facts_of(todo, scanned, library), 1):
        if facts.content_hash:
            writer.add(path, scanned[path], facts)
        elif facts.problem is not None and not isinstance(
            facts.problem, media.FileVanished
        ):
            unreadable.append(_problem(path, facts.problem))
        ctx.report(done, len(todo), CHECKING, count=len(todo))
    writer.flush()
    _remember_unreadable(project, unreadable)


def _remember_unreadable(project: Project, problems: list[FileProblem]) -> None:
    items = [
        {"path": p.path, "reason": p.reason, "params": dict(p.params)}
        for p in problems[:_MAX_UNREADABLE]
    ]
    project.store.set_meta({UNREADABLE_KEY: json.dumps(items, ensure_ascii=False)})


def _facts_of(
    paths: list[str], scanned: dict[str, _Stat], library: dict[str, Any]
) -> Iterator[tuple[str, _Facts]]:
    """Content hash and date taken of each path, computed in threads; the
    library's record is used when it describes the same file."""
    with ThreadPoolExecutor(media.default_workers(), thread_name_prefix="hash") as pool:
        window = 64
        pending: list[tuple[str, Any]] = []
        try:
            for path in paths:
                known = _library_facts(library.get(path), scanned[path])
                if known is not None:
                    pending.append((path, known))
                else:
                    pending.append((path, pool.submit(_read_facts, path)))
                if len(pending) >= window:
                    yield from _resolve(pending[: window // 2])
                    del pending[: window // 2]
            yield from _resolve(pending)
            pending = []
        finally:
            for _, item in pending:
                if not isinstance(item, _Facts):
                    item.cancel()


def _library_facts(row: Any, stat: _Stat) -> _Facts | None:
    if row is None or (row["size_bytes"], row["mtime"]) != (stat.size, stat.mtime):
        return None
    return _Facts(row["content_hash"], row["date_taken"])


def _resolve(items: list[tuple[str, Any]]) -> Iterator[tuple[str, _Facts]]:
    for path, item in items:
        yield path, item if isinstance(item, _Facts) else item.result()


def _read_facts(path: str) -> _Facts:
    """The file's facts; without a content hash when it cannot be read (it
    gets no row, so the next indexing reads it again)."""
    try:
        content_hash = media.hash_file(path)
    except media.MediaError as exc:
        log.warning("cannot read %s: %s", path, exc)
        return _Facts("", None, exc)
    try:
        taken = media.read_info(path).date_taken
    except media.MediaError as exc:
        return _Facts(content_hash, None, exc)
    except OSError as exc:
        return _Facts(content_hash, None, media.error_from_os(exc))
    return _Facts(content_hash, taken)


class _FileWriter:
    """Writes file rows in transactions of a few hundred."""

    def __init__(
        self,
        project: Project,
        known: dict[str, Any],
        report: IndexReport,
        with_vectors: set[str],
    ) -> None:
        self.project = project
        self.known = known
        self.report = report
        self.with_vectors = with_vectors
        self.same: list[tuple[int, int, float]] = []
        self.replaced: list[int] = []
        self.new: list[dict[str, Any]] = []

    def add(self, path: str, stat: _Stat, facts: _Facts) -> None:
        old = self.known.get(path)
        if old is not None and old["content_hash"] == facts.content_hash:
            self.same.append((old["id"], stat.size, stat.mtime))
        else:
            if old is not None:
                self.replaced.append(old["id"])
            else:
                self.report.added += 1
            self.new.append(_file_row(path, stat, facts))
            if facts.problem is None and facts.content_hash in self.with_vectors:
                self.report.reused += 1
        if len(self.same) + len(self.new) >= _WRITE_EVERY:
            self.flush()

    def flush(self) -> None:
        with self.project.store.transaction() as db:
            store.update_search_file_stats(db, self.same)
            if self.replaced:
                store.delete_search_files(db, self.replaced)
            store.insert_search_files(db, self.new)
        self.same, self.replaced, self.new = [], [], []


def _file_row(path: str, stat: _Stat, facts: _Facts) -> dict[str, Any]:
    problem = facts.problem
    return {
        "path": path,
        "size_bytes": stat.size,
        "mtime": stat.mtime,
        "content_hash": facts.content_hash,
        "date_taken": facts.date_taken,
        "status": "ok" if problem is None else "damaged",
        "reason": None if problem is None else problem.template,
        "reason_args": None if problem is None else json.dumps(problem.params),
    }


def _problem(path: str, error: media.MediaError) -> FileProblem:
    return FileProblem(path, error.template, dict(error.params))


# step 3: encode what has no vector yet


def _encode_missing(
    project: Project,
    embedder: Embedder,
    report: IndexReport,
    ctx: JobContext,
    *,
    batch_size: int,
) -> None:
    rows = store.files_to_embed(project.store.connection(), embedder.name)
    refs = [PhotoRef(i, row["path"]) for i, row in enumerate(rows)]
    ctx.report(0, len(refs), ENCODING, force=True)
    started = time.monotonic()
    done = 0
    for batch in batches(
        refs,
        embedder.preprocess,
        batch_size=batch_size,
        min_side=embedder.min_side,
        context=ctx,
    ):
        vectors = embedder.encode_images(batch.tensor) if batch.keys else None
        _store_batch(project, embedder.name, rows, batch, vectors, report)
        done += len(batch.keys) + len(batch.failures)
        rate = report.encoded / max(time.monotonic() - started, 1e-6)
        ctx.report(done, len(refs), ENCODING, metrics={"photos/s": rate})


def _store_batch(
    project: Project,
    model: str,
    rows: list[Any],
    batch: Any,
    vectors: np.ndarray | None,
    report: IndexReport,
) -> None:
    items = []
    if vectors is not None:
        items = [
            (rows[key]["content_hash"], np.asarray(vec, dtype="<f4").tobytes())
            for key, vec in zip(batch.keys, vectors, strict=True)
        ]
    damaged = [
        (rows[key]["id"], error.template, json.dumps(error.params))
        for key, error in batch.failures.items()
    ]
    with project.store.transaction() as db:
        store.put_embeddings(db, model, items)
        store.mark_search_files_damaged(db, damaged)
    report.encoded += len(items)


# step 4: the nearest-neighbour index


def search_model(project: Project) -> str:
    """The model the project's photos were last indexed with."""
    return project.store.get_meta(SEARCH_MODEL_KEY) or DEFAULT_SEARCH


class SearchIndex:
    """The hnswlib index of one model over the project's stored vectors.

    :meth:`open` loads the saved index only when the project recorded its
    manifest, brings it up to date with the database, and rebuilds it when
    it is missing, damaged or made for another model. Opened indexes are
    kept per project and model until the database changes.
    """

    def __init__(
        self,
        project: Project,
        vectors: VectorIndex,
        generation: int,
        note: IndexInvalid | None,
    ) -> None:
        self.project = project
        self.model = vectors.model
        self.vectors = vectors
        self.generation = generation
        self.note = note  # why the saved index was rebuilt (a user reads it)
        self._sample: np.ndarray | None = None

    @classmethod
    def open(cls, project: Project, model: str, dim: int) -> SearchIndex:
        """The current index of ``model`` (dimension ``dim``) for ``project``.

        Returns:
            A :class:`SearchIndex`; ``note`` says why it was rebuilt, if it was.
        """
        key = (str(project.path), model)
        with _open_lock:
            cached = _open.get(key)
            generation = _generation(project, model)
            if (
                cached is not None
                and cached.project is project
                and cached.generation == generation
                and cached.vectors.dim == dim
            ):
                return cached
            index = _load_or_build(project, model, dim, generation)
            _open[key] = index
            return index

    @property
    def count(self) -> int:
        return self.vectors.count

    def vectors_of(self, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Stored vectors of indexed files by id (missing ids left out)."""
        rows = store.file_vectors(self.project.store.connection(), self.model, ids)
        size = 4 * self.vectors.dim
        return {
            row["id"]: _decode(row["vector"], self.vectors.dim)
            for row in rows
            if len(row["vector"]) == size
        }

    def sample(self) -> np.ndarray:
        """Up to :data:`SAMPLE_SIZE` stored vectors (n, dim), chosen at random
        once, to judge what score a query reaches by chance."""
        if self._sample is None:
            ids = sorted(self.vectors.ids())
            rng = np.random.default_rng(0)
            if len(ids) > SAMPLE_SIZE:
                ids = sorted(rng.choice(ids, SAMPLE_SIZE, replace=False).tolist())
            found = self.vectors_of(ids)
            rows = [found[i] for i in ids if i in found]
            self._sample = (
                np.stack(rows) if rows else np.zeros((0, self.vectors.dim), np.float32)
            )
        return self._sample


_open: dict[tuple[str, str], SearchIndex] = {}
_open_lock = threading.Lock()


def forget_open_indexes(project: Project | None = None) -> None:
    """Drop kept indexes (all, or those of ``project``) to free memory."""
    with _open_lock:
        for key in list(_open):
            if project is None or key[0] == str(project.path):
                del _open[key]


def _generation(project: Project, model: str) -> int:
    state = store.search_index_state(project.store.connection(), model)
    return int(state["generation"]) if state else 0


def _decode(blob: bytes, dim: int) -> np.ndarray:
    vector = np.frombuffer(blob, dtype="<f4")
    if vector.shape != (dim,):
        raise ValueError(f"stored vector has {vector.shape[0]} values, not {dim}")
    return vector


def _index_folder(project: Project) -> Path:
    return project.index_dir / INDEX_FOLDER


def _load_or_build(
    project: Project, model: str, dim: int, generation: int
) -> SearchIndex:
    state = store.search_index_state(project.store.connection(), model)
    vectors, note = _load_saved(project, model, dim, state)
    if vectors is None:
        if note is not None:
            log.warning("rebuilding the search index: %s", note)
        vectors = VectorIndex(model, dim)
    changed = _sync(project, vectors)
    if vectors.needs_rebuild:
        log.info("rebuilding the search index of %s to drop deleted items", model)
        vectors = VectorIndex(model, dim)
        _sync(project, vectors)
        changed = True
    current = state is not None and state["manifest_generation"] == generation
    if changed or note is not None or not current:
        manifest = vectors.save(_index_folder(project))
        with project.store.transaction() as db:
            store.record_search_index(db, model, manifest.to_json(), generation)
    return SearchIndex(project, vectors, generation, note)


def _load_saved(
    project: Project, model: str, dim: int, state: Any
) -> tuple[VectorIndex | None, IndexInvalid | None]:
    folder = _index_folder(project)
    path = folder / f"{model}.hnsw"
    if state is None or state["manifest"] is None:
        if path.exists():
            return None, IndexInvalid(path=str(path), reason="not made by this project")
        return None, None
    try:
        manifest = IndexManifest.from_json(state["manifest"])
    except (ValueError, TypeError) as exc:
        return None, IndexInvalid(path=str(path), reason=f"bad manifest: {exc}")
    if manifest.model != model or manifest.dim != dim:
        reason = f"made for {manifest.model} with {manifest.dim} dimensions"
        return None, IndexInvalid(path=str(path), reason=reason)
    try:
        return VectorIndex.load(folder, manifest), None
    except IndexInvalid as exc:
        return None, exc


def _sync(project: Project, vectors: VectorIndex) -> bool:
    """Make the index hold exactly the stored vectors; True if it changed."""
    db = project.store.connection()
    wanted = set(store.embedded_file_ids(db, vectors.model))
    have = vectors.ids()
    extra = sorted(have - wanted)
    missing = sorted(wanted - have)
    vectors.remove(extra)
    for start in range(0, len(missing), _VECTOR_CHUNK):
        rows = store.file_vectors(
            db, vectors.model, missing[start : start + _VECTOR_CHUNK]
        )
        fitting = [row for row in rows if len(row["vector"]) == 4 * vectors.dim]
        if len(fitting) < len(rows):
            log.warning(
                "%d stored vectors of %s do not have %d values; left out",
                len(rows) - len(fitting), vectors.model, vectors.dim,
            )  # fmt: skip
        if fitting:
            data = np.stack([_decode(row["vector"], vectors.dim) for row in fitting])
            vectors.add([row["id"] for row in fitting], data)
    if extra or missing:
        log.info(
            "search index of %s: %d added, %d removed",
            vectors.model,
            len(missing),
            len(extra),
        )
    return bool(extra or missing)
