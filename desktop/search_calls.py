"""The search engine as the Search pane calls it, on worker threads.

Every function here runs off the GUI thread (through ``run_quietly`` or a
job) and returns plain frozen values the pane shows. The engine's vision
modules (numpy, hnswlib, torch) are imported inside the functions, so
opening the window never waits for them.

``embedder_factory`` is the one seam: when it returns a model, indexing
and queries use it instead of loading the installed CLIP weights (tests
set a small embedder here).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from engine import library

if TYPE_CHECKING:
    from engine.library import Photo
    from engine.project import Project

INDEXED_AT_KEY = "search_indexed_at"  # meta: when the pane last indexed
CHIP_PIXELS = 96  # the query photo's picture, before scaling to the chip


def _no_embedder() -> Any:
    return None


embedder_factory: Callable[[], Any] = _no_embedder


def embedder() -> Any:
    """The model to use instead of the installed one, or None."""
    return embedder_factory()


@dataclass(frozen=True)
class ResultItem:
    """One photo shown by the Search pane: a hit, a suggestion, a look-alike.

    ``id`` keys its thumbnail: the library photo id, or minus the search
    file id for a file outside the library. ``content_hash`` names the
    thumbnail in the project's cache. ``badge`` is drawn on the photo
    (the score, or a suggested class).
    """

    id: int
    path: str
    content_hash: str
    score: float = 0.0
    photo: Photo | None = None
    file_id: int | None = None
    changed: bool = False  # modified since it was indexed
    badge: str = ""
    size_bytes: int = 0
    extra: Any = None  # what the caller needs back (a LabelSuggestion)

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def photo_id(self) -> int | None:
        return self.photo.id if self.photo is not None else None

    # what the shared thumbnail delegate reads from a photo
    @property
    def status(self) -> str:
        return self.photo.status if self.photo is not None else "ok"

    @property
    def skipped(self) -> bool:
        return self.photo is not None and self.photo.skipped

    @property
    def split(self) -> str:
        return self.photo.split if self.photo is not None else "train"

    @property
    def split_pinned(self) -> str | None:
        return None


@dataclass(frozen=True)
class QueryFilters:
    folder: str | None = None
    taken_from: float | None = None
    taken_to: float | None = None
    class_id: int | None = None
    unlabelled: bool = False


@dataclass(frozen=True)
class Query:
    """What the user asked: words, words to leave out, a photo (a library
    photo id or a file path), how many, and the filters."""

    text: str = ""
    exclude: str = ""
    photo: int | str | None = None
    k: int = 50
    filters: QueryFilters = QueryFilters()

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and self.photo is None


@dataclass(frozen=True)
class ResultPage:
    query: Query
    items: list[ResultItem]
    no_good_match: bool = False
    skipped_missing: int = 0
    index_note: str = ""


@dataclass(frozen=True)
class IndexState:
    """``folders``: the extra searched folders; ``filter_folders``: those and
    the library's top folders, for the folder filter; ``problems``: the files
    that cannot be searched (engine ``FileProblem``)."""

    model: str | None  # None: nothing indexed yet
    count: int = 0
    indexed_at: float | None = None
    note: str = ""
    folders: list[str] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)
    filter_folders: list[str] = field(default_factory=list)


# worker-side calls


def index_state(project: Project) -> IndexState:
    """How many photos are indexed, with which model, when, and the folders."""
    from engine.vision.indexing import (
        SEARCH_MODEL_KEY,
        SearchIndex,
        index_problems,
        search_folders,
    )
    from engine.vision.search import filter_folders

    folders = search_folders(project)
    choices = filter_folders(project)
    model_override = embedder()
    name = project.store.get_meta(SEARCH_MODEL_KEY)
    if name is None:
        return IndexState(None, folders=folders, filter_folders=choices)
    if model_override is not None:
        name, dim = model_override.name, model_override.dim
    else:
        from engine.weights import get_spec

        dim = get_spec(name).feature_dim
    index = SearchIndex.open(project, name, dim)
    stamp = project.store.get_meta(INDEXED_AT_KEY)
    return IndexState(
        name,
        index.count,
        float(stamp) if stamp else None,
        str(index.note) if index.note else "",
        folders,
        index_problems(project),
        choices,
    )


def run_query(project: Project, query: Query) -> ResultPage:
    """Run a query; raises the engine's errors (EmptyQuery, NotIndexed, ...)."""
    from engine.vision.search import SearchFilter, search, similar_photos

    filters = SearchFilter(**vars(query.filters))
    if isinstance(query.photo, int) and not query.text.strip() and filters.is_empty:
        result = similar_photos(
            project,
            query.photo,
            k=query.k,
            unlabelled_only=False,
            embedder=embedder(),
        )
    else:
        result = search(
            project,
            query.text,
            photo=query.photo,
            exclude=query.exclude,
            k=query.k,
            filters=filters,
            embedder=embedder(),
        )
    return ResultPage(
        query,
        items_of_hits(project, result.hits),
        result.no_good_match,
        result.skipped_missing,
        result.index_note,
    )


def similar_items(project: Project, photo_id: int, *, k: int) -> list[ResultItem]:
    """Unlabelled library photos like ``photo_id``, best first."""
    from engine.vision.search import similar_photos

    result = similar_photos(project, photo_id, k=k, embedder=embedder())
    return items_of_hits(project, result.hits)


def suggestion_items(project: Project) -> list[ResultItem]:
    """Zero-shot class suggestions for unlabelled photos, most confident first."""
    from engine.vision.search import suggest_labels

    suggestions = suggest_labels(project, embedder=embedder())
    photos = {p.id: p for p in library.get_photos(project, _ids(suggestions))}
    items = []
    for suggestion in suggestions:
        photo = photos.get(suggestion.photo_id)
        if photo is not None:
            items.append(
                ResultItem(
                    photo.id,
                    photo.path,
                    photo.content_hash,
                    suggestion.confidence,
                    photo,
                    extra=suggestion,
                )
            )
    return items


def duplicate_pairs(project: Project, context: Any) -> Any:
    """The look-alike pairs of every indexed photo (a job's function)."""
    from engine.vision.duplicates import find_duplicates

    override = embedder()
    model = override.name if override is not None else None
    dim = override.dim if override is not None else None
    return find_duplicates(project, model=model, dim=dim, context=context)


def items_of_hits(project: Project, hits: Sequence[Any]) -> list[ResultItem]:
    """Result items for search hits: library photos with their records,
    other files keyed by path, size and time."""
    photo_ids = [h.photo_id for h in hits if h.photo_id is not None]
    photos = {p.id: p for p in library.get_photos(project, photo_ids)}
    items = []
    for hit in hits:
        photo = photos.get(hit.photo_id) if hit.photo_id is not None else None
        key = photo.id if photo is not None else -hit.file_id
        items.append(
            ResultItem(
                key,
                hit.path,
                photo.content_hash if photo is not None else file_key(hit.path),
                hit.score,
                photo,
                hit.file_id,
                changed=hit.status == "changed",
            )
        )
    return items


def items_of_files(project: Project, files: Sequence[Any]) -> list[ResultItem]:
    """Result items for look-alike files (``DuplicateFile``), in that order."""
    photo_ids = [f.photo_id for f in files if f.photo_id is not None]
    photos = {p.id: p for p in library.get_photos(project, photo_ids)}
    items = []
    for file in files:
        photo = photos.get(file.photo_id) if file.photo_id is not None else None
        items.append(
            ResultItem(
                photo.id if photo is not None else -file.file_id,
                file.path,
                photo.content_hash if photo is not None else file_key(file.path),
                photo=photo,
                file_id=file.file_id,
                size_bytes=file.size_bytes,
            )
        )
    return items


def file_key(path: str) -> str:
    """A thumbnail cache key for a file outside the library (no content
    hash is read): its path, size and time."""
    try:
        st = os.stat(path)
        facts = f"{path}\0{st.st_size}\0{st.st_mtime_ns}"
    except OSError:
        facts = path
    return hashlib.sha256(facts.encode("utf-8", "surrogateescape")).hexdigest()


def chip_image(project: Project, photo: int | str) -> QImage:
    """A small QImage of the query photo (a library photo id or a path)."""
    path = library.get_photo(project, photo).path if isinstance(photo, int) else photo
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > CHIP_PIXELS:
        bound = QSize(CHIP_PIXELS, CHIP_PIXELS)
        reader.setScaledSize(size.scaled(bound, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def mark_indexed(project: Project) -> None:
    project.store.set_meta({INDEXED_AT_KEY: repr(time.time())})


def _ids(suggestions: Sequence[Any]) -> list[int]:
    return [s.photo_id for s in suggestions]
