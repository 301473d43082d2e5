"""Groups of look-alike photos (copies, edits, bursts) from the search index.

The job finds every pair of photos above the lowest threshold the user may
pick once; grouping at any higher threshold (a slider) is then instant.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import compute, store
from engine.i18n import QT_TRANSLATE_NOOP
from engine.jobs import Job, JobContext
from engine.project import Project
from engine.vectors import normalise
from engine.vision.indexing import SearchIndex, search_model
from engine.weights import get_spec

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.95
LOWEST_THRESHOLD = 0.80
NEIGHBOURS = 16  # neighbours looked at per photo in a large collection
EXACT_UP_TO = 8192  # below this, all pairs are compared exactly
_BLOCK = 1024
_EF = 64

FINDING = QT_TRANSLATE_NOOP("engine", "Comparing photos")
DUPLICATES_TITLE = QT_TRANSLATE_NOOP("engine", "Find look-alike photos")


@dataclass(frozen=True)
class DuplicateFile:
    file_id: int
    path: str
    size_bytes: int
    photo_id: int | None  # the library photo, or None


@dataclass(frozen=True)
class DuplicateGroup:
    """Photos that look alike; the largest file first (the likely original)."""

    files: tuple[DuplicateFile, ...]
    min_score: float  # the weakest link that joined the group

    def as_dict(self) -> dict[str, Any]:
        return {
            "min_score": round(self.min_score, 4),
            "files": [vars(f) for f in self.files],
        }


class DuplicatePairs:
    """Every pair of photos above ``floor``; group them at any threshold."""

    def __init__(
        self,
        pairs: np.ndarray,
        scores: np.ndarray,
        files: dict[int, DuplicateFile],
        floor: float,
    ) -> None:
        self.pairs = pairs  # (n, 2) file ids
        self.scores = scores  # (n,) cosine similarity
        self.files = files
        self.floor = floor

    def groups(self, threshold: float = DEFAULT_THRESHOLD) -> list[DuplicateGroup]:
        """Groups at ``threshold`` (not below the floor), largest group first.

        Photos are joined when linked by a chain of pairs at or above the
        threshold (union-find).
        """
        threshold = max(threshold, self.floor)
        keep = self.scores >= threshold
        parent: dict[int, int] = {}
        for a, b in self.pairs[keep].tolist():
            _union(parent, a, b)
        members: dict[int, list[int]] = {}
        for item in parent:
            members.setdefault(_find(parent, item), []).append(item)
        weakest = _weakest_links(parent, self.pairs[keep], self.scores[keep])
        found = [
            DuplicateGroup(self._ordered(ids), weakest[root])
            for root, ids in members.items()
            if len(ids) > 1
        ]
        found.sort(key=lambda g: (-len(g.files), g.files[0].path))
        return found

    def _ordered(self, ids: list[int]) -> tuple[DuplicateFile, ...]:
        files = [self.files[i] for i in ids if i in self.files]
        return tuple(sorted(files, key=lambda f: (-f.size_bytes, f.path)))


def _find(parent: dict[int, int], item: int) -> int:
    root = parent.setdefault(item, item)
    while parent[root] != root:
        root = parent[root]
    while parent[item] != root:  # path compression
        parent[item], item = root, parent[item]
    return root


def _union(parent: dict[int, int], a: int, b: int) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)


def _weakest_links(
    parent: dict[int, int], pairs: np.ndarray, scores: np.ndarray
) -> dict[int, float]:
    weakest: dict[int, float] = {}
    for (a, _), score in zip(pairs.tolist(), scores.tolist(), strict=True):
        root = _find(parent, a)
        weakest[root] = min(weakest.get(root, 1.0), score)
    return weakest


def duplicates_job(
    project: Project,
    *,
    floor: float = LOWEST_THRESHOLD,
    model: str | None = None,
    dim: int | None = None,
) -> Job:
    """A job returning :class:`DuplicatePairs` (see :func:`find_duplicates`)."""

    def run(context: JobContext) -> DuplicatePairs:
        return find_duplicates(
            project, floor=floor, model=model, dim=dim, context=context
        )

    return Job(DUPLICATES_TITLE, run)


def find_duplicates(
    project: Project,
    *,
    floor: float = LOWEST_THRESHOLD,
    model: str | None = None,
    dim: int | None = None,
    context: JobContext | None = None,
) -> DuplicatePairs:
    """Find every pair of indexed photos whose similarity is at least ``floor``.

    Up to :data:`EXACT_UP_TO` photos every pair is compared; above that each
    photo's :data:`NEIGHBOURS` nearest neighbours from the index are used.

    Args:
        project: the open project, indexed for search.
        floor: the lowest threshold the groups will be asked for.
        model: the search model (default: the one the photos were indexed with).
        dim: its vector size (default: from the model registry).
        context: progress and cancellation.

    Returns:
        :class:`DuplicatePairs`; call ``groups(threshold)`` on it.
    """
    ctx = context or JobContext()
    compute.apply(compute.current())
    name = model or search_model(project)
    index = SearchIndex.open(project, name, dim or get_spec(name).feature_dim)
    ids = sorted(index.vectors.ids())
    if len(ids) <= EXACT_UP_TO:
        pairs, scores = _exact_pairs(index, ids, floor, ctx)
    else:
        pairs, scores = _index_pairs(index, ids, floor, ctx)
    files = _files(project, np.unique(pairs).tolist())
    log.info("found %d look-alike pairs among %d photos", len(pairs), len(ids))
    return DuplicatePairs(pairs, scores, files, floor)


def _exact_pairs(
    index: SearchIndex, ids: list[int], floor: float, ctx: JobContext
) -> tuple[np.ndarray, np.ndarray]:
    found = index.vectors_of(ids)
    ids = [i for i in ids if i in found]
    if not ids:
        return np.zeros((0, 2), np.int64), np.zeros(0, np.float32)
    data = normalise(np.stack([found[i] for i in ids]))  # (n, dim)
    id_array = np.asarray(ids, dtype=np.int64)
    pairs, scores = [], []
    for start in range(0, len(ids), _BLOCK):
        block = data[start : start + _BLOCK] @ data.T  # (block, n)
        rows, cols = np.nonzero(block >= floor)
        upper = cols > rows + start  # each pair once, not with itself
        pairs.append(
            np.stack([id_array[rows[upper] + start], id_array[cols[upper]]], 1)
        )
        scores.append(block[rows[upper], cols[upper]])
        ctx.report(min(start + _BLOCK, len(ids)), len(ids), FINDING)
    return np.concatenate(pairs), np.concatenate(scores).astype(np.float32)


def _index_pairs(
    index: SearchIndex, ids: list[int], floor: float, ctx: JobContext
) -> tuple[np.ndarray, np.ndarray]:
    pairs: dict[tuple[int, int], float] = {}
    for start in range(0, len(ids), _BLOCK):
        chunk = ids[start : start + _BLOCK]
        for item, vector in index.vectors_of(chunk).items():
            for hit in index.vectors.query(vector, NEIGHBOURS, ef=_EF):
                if hit.id != item and hit.score >= floor:
                    pairs[(min(item, hit.id), max(item, hit.id))] = hit.score
        ctx.report(min(start + _BLOCK, len(ids)), len(ids), FINDING)
    if not pairs:
        return np.zeros((0, 2), np.int64), np.zeros(0, np.float32)
    return (
        np.asarray(list(pairs), dtype=np.int64),
        np.asarray(list(pairs.values()), dtype=np.float32),
    )


def _files(project: Project, ids: list[int]) -> dict[int, DuplicateFile]:
    rows = store.search_file_rows(project.store.connection(), ids)
    return {
        row["id"]: DuplicateFile(
            row["id"], row["path"], row["size_bytes"], row["image_id"]
        )
        for row in rows
        if os.path.exists(row["path"])
    }
