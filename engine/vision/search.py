"""Search photos by meaning: a description, a photo, or both, with filters.

Queries are encoded by the search model (kept loaded between queries),
combined as a sum of unit vectors minus excluded words, and looked up in the
project's :class:`~engine.vision.indexing.SearchIndex`. Each result says
whether the best hits are meaningfully better than chance for this query.
"""

from __future__ import annotations

import logging
import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from engine import labels, library, media, store
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.project import Project
from engine.vectors import normalise
from engine.vision.embed import Embedder, EmptyQuery, check_query, get_embedder
from engine.vision.indexing import SearchIndex, search_folders, search_model
from engine.weights import get_spec

log = logging.getLogger(__name__)

# How far (in Gumbel scales) the best hit must rise above the best score
# expected by chance among this many photos; 3 is a ~5% false alarm rate
# when the query's scores are Gaussian (see :func:`judge_match`).
GOOD_MATCH_MARGIN = 3.0
# Below this many photos the score distribution cannot be estimated.
MIN_FOR_JUDGEMENT = 20
# Search width for queries with words: text vectors sit outside the cloud
# of photo vectors and need a much wider search than photo queries. Measured
# with tests/bench/bench_query.py on 100,000 vectors: recall@10 0.71 at
# ef=400, 0.95 at 800, 0.985 at 1200 (3.6 ms a search).
TEXT_EF = 1200
# Extra hits fetched so that skipping missing files still fills the page.
_SPARE = 16
# The folder filter offers at most this many folders of the library.
FOLDER_CHOICES = 12
PROMPT = "a photo of a {name}"


class NotIndexed(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "No photos are indexed for search yet. Index your photos first."
    )


class PhotoNotIndexed(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The photo “{path}” is not indexed for search yet. Index your photos, "
        "then try again.",
    )


@dataclass(frozen=True)
class SearchFilter:
    """Which photos a search looks at (None: no restriction).

    ``taken_from``/``taken_to`` are Unix seconds (date taken, or the file's
    modification time without one); ``class_id`` keeps library photos with
    that label; ``unlabelled`` keeps unlabelled, unskipped library photos.
    """

    folder: str | None = None
    taken_from: float | None = None
    taken_to: float | None = None
    class_id: int | None = None
    unlabelled: bool = False

    @property
    def is_empty(self) -> bool:
        return self == SearchFilter()


@dataclass(frozen=True)
class SearchHit:
    """One result. ``status``: "ok", or "changed" when the file was modified
    since it was indexed (the score may be out of date)."""

    file_id: int
    path: str
    score: float  # cosine similarity, -1..1
    photo_id: int | None  # the library photo, or None for a searched folder
    status: str = "ok"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "path": self.path,
            "score": round(self.score, 4),
            "photo_id": self.photo_id,
            "status": self.status,
        }


@dataclass(frozen=True)
class MatchJudgement:
    """How the best hit compares with chance for this query.

    ``margin`` is in Gumbel scales above the best score expected by chance
    (None when there are too few photos to tell).
    """

    no_good_match: bool
    margin: float | None
    chance_score: float | None  # the best score expected by chance


@dataclass(frozen=True)
class SearchResult:
    """Hits best first, whether they are better than chance, and notes."""

    hits: list[SearchHit]
    judgement: MatchJudgement
    model: str
    skipped_missing: int = 0  # hits left out because their file is gone
    index_note: str = ""  # why the index was rebuilt before searching
    notes: list[str] = field(default_factory=list)

    @property
    def no_good_match(self) -> bool:
        return self.judgement.no_good_match

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "no_good_match": self.no_good_match,
            "margin": self.judgement.margin,
            "chance_score": self.judgement.chance_score,
            "skipped_missing": self.skipped_missing,
            "index_note": self.index_note,
            "hits": [hit.as_dict() for hit in self.hits],
        }


# searching


def search(
    project: Project,
    text: str = "",
    *,
    photo: int | str | os.PathLike | None = None,
    exclude: str = "",
    k: int = 50,
    filters: SearchFilter = SearchFilter(),
    model: str | None = None,
    embedder: Embedder | None = None,
    ef: int | None = None,
) -> SearchResult:
    """Photos matching a description, a photo, or both.

    Args:
        project: the open project (indexed with :mod:`engine.vision.indexing`).
        text: what the photo shows, in English (or Chinese with the
            multilingual model); cut to the model's 77 tokens.
        photo: a library photo id, or the path of any photo file.
        exclude: words whose meaning is subtracted from the query.
        k: how many hits at most.
        filters: folder, date and label restrictions.
        model: the search model (default: the one the photos were indexed with).
        embedder: a loaded model to use instead (tests).
        ef: hnswlib search width; by default :data:`TEXT_EF` (1200) when
            there are words, else ``engine.vectors.DEFAULT_EF`` (200).

    Returns:
        A :class:`SearchResult`. Raises EmptyQuery (nothing to search for),
        NeedsMultilingualModel, ModelMissing, NotIndexed, or a MediaError
        when the query photo cannot be read.
    """
    name = embedder.name if embedder is not None else model or search_model(project)
    lazy = _LazyEmbedder(name, embedder)
    index = _open_index(project, name, embedder)
    query, self_id = _query_vector(project, index, lazy, text, photo, exclude)
    pool = _candidates(project, name, filters)
    if ef is None and text.strip():
        ef = TEXT_EF
    hits = index.vectors.query(query, k + _SPARE, ef=ef, candidates=pool)
    hits = [hit for hit in hits if hit.id != self_id]  # not the query photo itself
    result, skipped = _describe(project, hits, k)
    size = index.count if pool is None else len(pool)
    judgement = judge_match(query, [h.score for h in hits], index.sample(), size)
    log.info(
        "search %r: %d hits, best %.3f, no good match: %s",
        text[:80],
        len(result),
        hits[0].score if hits else float("nan"),
        judgement.no_good_match,
    )
    return SearchResult(
        result,
        judgement,
        name,
        skipped_missing=skipped,
        index_note=str(index.note) if index.note else "",
    )


def similar_photos(
    project: Project,
    photo_id: int,
    *,
    k: int = 50,
    unlabelled_only: bool = True,
    model: str | None = None,
    embedder: Embedder | None = None,
) -> SearchResult:
    """Library photos that look like ``photo_id`` (for labelling many at once).

    Args:
        project: the open project.
        photo_id: a library photo (indexed for search).
        k: how many at most.
        unlabelled_only: leave out photos that already have a label or are
            skipped.
        model: the search model (default: the one the photos were indexed with).
        embedder: a loaded model to use instead (tests).

    Returns:
        A :class:`SearchResult` without the photo itself.
    """
    filters = SearchFilter(unlabelled=unlabelled_only)
    return search(
        project, photo=photo_id, k=k, filters=filters, model=model, embedder=embedder
    )


class _LazyEmbedder:
    """Loads the model only when a query needs encoding (a photo query of
    an indexed photo does not)."""

    def __init__(self, name: str, embedder: Embedder | None) -> None:
        self.name = name
        self._embedder = embedder

    def get(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.name)
        return self._embedder


def _open_index(project: Project, name: str, embedder: Embedder | None) -> SearchIndex:
    dim = embedder.dim if embedder is not None else get_spec(name).feature_dim
    index = SearchIndex.open(project, name, dim)
    if index.count == 0:
        raise NotIndexed()
    return index


def _query_vector(
    project: Project,
    index: SearchIndex,
    lazy: _LazyEmbedder,
    text: str,
    photo: int | str | os.PathLike | None,
    exclude: str,
) -> tuple[np.ndarray, int | None]:
    """The combined query (sum of unit vectors, minus excluded words) and the
    indexed file of the query photo, if it is one."""
    parts: list[np.ndarray] = []
    self_id = None
    if photo is not None:
        vector, self_id = _photo_vector(project, index, lazy, photo)
        parts.append(vector)
    if text.strip() or photo is None:
        embedder = lazy.get()
        parts.append(embedder.encode_texts([check_query(text, embedder)])[0])
    query = np.sum(parts, axis=0)
    if exclude.strip():
        embedder = lazy.get()
        query = query - embedder.encode_texts([check_query(exclude, embedder)])[0]
    if not np.linalg.norm(query) > 1e-6:
        raise EmptyQuery()
    return normalise(query)[0], self_id


def _photo_vector(
    project: Project,
    index: SearchIndex,
    lazy: _LazyEmbedder,
    photo: int | str | os.PathLike,
) -> tuple[np.ndarray, int | None]:
    db = project.store.connection()
    if isinstance(photo, int):
        path = library.get_photo(project, photo).path
    else:
        path = os.path.abspath(os.fspath(photo))
    row = store.search_file_for_path(db, path)
    if row is not None and _unchanged(db, row["id"], path):
        found = index.vectors_of([row["id"]])
        if row["id"] in found:
            return normalise(found[row["id"]])[0], row["id"]
    embedder = lazy.get()
    image = media.load_rgb(path, min_side=embedder.min_side)
    tensor = embedder.preprocess(image)[None]  # (1, 3, H, W)
    return embedder.encode_images(tensor)[0], None if row is None else row["id"]


def _unchanged(db: Any, file_id: int, path: str) -> bool:
    rows = store.search_file_rows(db, [file_id])
    return bool(rows) and _file_status(rows[0]) == "ok"


def filter_folders(project: Project, *, limit: int = FOLDER_CHOICES) -> list[str]:
    """The folders a search can be limited to: the library's top folders,
    then the extra searched folders.

    Args:
        project: the open project.
        limit: at most this many library folders (see :func:`top_folders`).

    Returns:
        Absolute folder paths, each once.
    """
    rows = store.library_file_facts(project.store.connection())
    library_folders = top_folders(
        {os.path.dirname(row["path"]) for row in rows}, limit=limit
    )
    extra = [f for f in search_folders(project) if f not in library_folders]
    return library_folders + extra


def top_folders(folders: Iterable[str], *, limit: int = FOLDER_CHOICES) -> list[str]:
    """The outermost of ``folders``, merged into their parents until at most
    ``limit`` remain, so that a short menu still covers every photo.

    A folder inside another one of the set is left out; then, step by
    step, the folders of the deepest parent shared by several are replaced
    by that parent (or, when none share one, the deepest folder by its
    parent, until it meets a sibling).

    Returns:
        The folders, sorted (more than ``limit`` only when they sit on
        different drives).
    """
    tops = _outermost(folders)
    while len(tops) > limit:
        parents = Counter(os.path.dirname(f) for f in tops)
        shared = [p for p, n in parents.items() if n > 1]
        if shared:
            target = max(shared, key=lambda p: (_depth(p), parents[p], p))
            tops = _outermost([*tops, target])
            continue
        deepest = max(tops, key=lambda f: (_depth(f), f))
        if os.path.dirname(deepest) == deepest:  # every folder is a drive's root
            break
        tops = _outermost(os.path.dirname(f) if f == deepest else f for f in tops)
    return tops


def _outermost(folders: Iterable[str]) -> list[str]:
    wanted = set(folders)
    return sorted(f for f in wanted if not _has_ancestor_in(f, wanted))


def _has_ancestor_in(folder: str, folders: set[str]) -> bool:
    parent = os.path.dirname(folder)
    while parent != folder:
        if parent in folders:
            return True
        folder, parent = parent, os.path.dirname(parent)
    return False


def _depth(folder: str) -> int:
    depth = 0
    while os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
        depth += 1
    return depth


def _candidates(project: Project, model: str, filters: SearchFilter) -> set[int] | None:
    if filters.is_empty:
        return None
    folder = filters.folder
    if folder is not None:
        folder = os.path.join(os.path.abspath(folder), "")
    ids = store.search_candidates(
        project.store.connection(),
        model,
        folder=folder,
        taken_from=filters.taken_from,
        taken_to=filters.taken_to,
        class_id=filters.class_id,
        unlabelled=filters.unlabelled,
    )
    return set(ids)


def _describe(project: Project, hits: Sequence[Any], k: int) -> tuple[list, int]:
    """Hits with their files; files that are gone are skipped, changed ones
    are flagged (the next indexing picks both up)."""
    rows = store.search_file_rows(project.store.connection(), [h.id for h in hits])
    by_id = {row["id"]: row for row in rows}
    result: list[SearchHit] = []
    skipped = 0
    for hit in hits:
        row = by_id.get(hit.id)
        status = "missing" if row is None else _file_status(row)
        if status == "missing":
            skipped += 1
            continue
        result.append(
            SearchHit(hit.id, row["path"], hit.score, row["image_id"], status)
        )
        if len(result) == k:
            break
    return result, skipped


def _file_status(row: Any) -> str:
    try:
        st = os.stat(row["path"])
    except OSError:
        return "missing"
    if (st.st_size, st.st_mtime) != (row["size_bytes"], row["mtime"]):
        return "changed"
    return "ok"


# is it a match at all?


def judge_match(
    query: np.ndarray,
    top_scores: Sequence[float],
    sample: np.ndarray,
    population: int,
) -> MatchJudgement:
    """Whether the best hit is meaningfully better than chance for this query.

    Every query has its own score scale (some words sit closer to all photos
    than others), so a fixed threshold fails. Instead the query's scores over
    a random sample of the collection give a mean and a standard deviation;
    if the scores were Gaussian, the best of ``population`` photos would by
    chance land near ``mean + std * b_n`` with spread ``std * a_n`` (the
    Gumbel limit of the maximum of n normal draws: ``a_n = 1/sqrt(2 ln n)``,
    ``b_n = sqrt(2 ln n) - (ln ln n + ln 4 pi) / (2 sqrt(2 ln n))``). The
    best hit is a good match when it rises :data:`GOOD_MATCH_MARGIN` such
    spreads above that; a query that matches nothing in particular stays
    inside the chance range.

    Args:
        query: the unit query vector.
        top_scores: the hits' scores, best first.
        sample: stored vectors (m, dim) drawn at random from the collection.
        population: how many photos were searched.

    Returns:
        A :class:`MatchJudgement` (never "no good match" when there are fewer
        than :data:`MIN_FOR_JUDGEMENT` photos to compare with).
    """
    if not len(top_scores) or population < MIN_FOR_JUDGEMENT:
        return MatchJudgement(False, None, None)
    if len(sample) < MIN_FOR_JUDGEMENT:
        return MatchJudgement(False, None, None)
    # Limit: the rule was checked on synthetic Gaussian scores only; real CLIP
    # score distributions are skewed, so the margin may need tuning once the
    # pretrained weights can be measured. With filters, chance is still
    # estimated on the whole collection.
    scores = normalise(sample) @ query
    mean, std = float(scores.mean()), float(scores.std())
    if std < 1e-6:
        return MatchJudgement(False, None, None)
    root = math.sqrt(2 * math.log(population))
    expected = root - (math.log(math.log(population)) + math.log(4 * math.pi)) / (
        2 * root
    )
    spread = 1 / root
    margin = ((top_scores[0] - mean) / std - expected) / spread
    chance = mean + std * expected
    return MatchJudgement(margin < GOOD_MATCH_MARGIN, float(margin), float(chance))


# labelling helpers


@dataclass(frozen=True)
class LabelSuggestion:
    """A class proposed for an unlabelled library photo."""

    photo_id: int
    class_id: int
    class_name: str
    confidence: float  # probability among the classes (softmax), 0..1
    score: float  # cosine similarity to "a photo of a {name}"


def suggest_labels(
    project: Project,
    *,
    class_ids: Sequence[int] | None = None,
    limit: int | None = None,
    template: str = PROMPT,
    model: str | None = None,
    embedder: Embedder | None = None,
) -> list[LabelSuggestion]:
    """Zero-shot class suggestions for unlabelled photos, most confident first.

    Each class name becomes a description (``"a photo of a {name}"``); every
    indexed, unlabelled, unskipped library photo gets the class whose
    description it is closest to, with CLIP's softmax over the classes as
    the confidence.

    Args:
        project: the open project, indexed for search.
        class_ids: the classes to choose among (default: all).
        limit: at most this many suggestions.
        template: the description made from a class name.
        model: the search model (default: the one the photos were indexed with).
        embedder: a loaded model to use instead (tests).

    Returns:
        Suggestions, most confident first (empty without classes or photos).
    """
    classes = labels.list_classes(project)
    if class_ids is not None:
        wanted = set(class_ids)
        classes = [c for c in classes if c.id in wanted]
    name = embedder.name if embedder is not None else model or search_model(project)
    index = _open_index(project, name, embedder)
    file_ids = sorted(_candidates(project, name, SearchFilter(unlabelled=True)) or ())
    if not classes or not file_ids:
        return []
    embedder = embedder or get_embedder(name)
    prompts = embedder.encode_texts([template.format(name=c.name) for c in classes])
    suggestions = _best_classes(project, index, file_ids, classes, prompts, embedder)
    suggestions.sort(key=lambda s: (-s.confidence, s.photo_id))
    return suggestions if limit is None else suggestions[:limit]


def _best_classes(
    project: Project,
    index: SearchIndex,
    file_ids: list[int],
    classes: list[Any],
    prompts: np.ndarray,
    embedder: Embedder,
) -> list[LabelSuggestion]:
    rows = store.search_file_rows(project.store.connection(), file_ids)
    photo_of = {row["id"]: row["image_id"] for row in rows}
    found = index.vectors_of(file_ids)
    ids = [i for i in file_ids if i in found and photo_of.get(i) is not None]
    if not ids:
        return []
    vectors = normalise(np.stack([found[i] for i in ids]))  # (n, dim)
    scores = vectors @ prompts.T  # (n, classes)
    logits = embedder.logit_scale * scores
    logits -= logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    best = probs.argmax(axis=1)
    return [
        LabelSuggestion(
            photo_of[file_id],
            classes[b].id,
            classes[b].name,
            float(probs[row, b]),
            float(scores[row, b]),
        )
        for row, (file_id, b) in enumerate(zip(ids, best, strict=True))
    ]


def photo_path(value: str) -> int | Path:
    """A CLI argument as a library photo id (digits) or a file path."""
    if value.isdigit() and not Path(value).exists():
        return int(value)
    return Path(value)
