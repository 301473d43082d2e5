"""A nearest-neighbour index over unit vectors (hnswlib), safe to share.

The vectors themselves live in the project database; this index is a cache
that can always be rebuilt from them. It is written atomically, and it is
loaded only when its checksum matches the manifest the project recorded
when it saved it: hnswlib trusts its files blindly, and a damaged or crafted
file can crash the process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.i18n import QT_TRANSLATE_NOOP, UserError

log = logging.getLogger(__name__)

FORMAT = 1
M = 16
EF_CONSTRUCTION = 200
# Text queries against image vectors are out of distribution and need a wide
# search to reach recall@10 >= 0.98 against exact search.
DEFAULT_EF = 200
# Below this many candidates an exact scan is as fast and always right.
EXACT_LIMIT = 4096


class IndexInvalid(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The search index in “{path}” cannot be used ({reason}); Pictor will "
        "rebuild it from the project.",
    )


@dataclass(frozen=True)
class IndexManifest:
    """What the project records about a saved index, checked before loading."""

    model: str
    dim: int
    count: int
    checksum: str
    deleted: tuple[int, ...] = ()
    format: int = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> IndexManifest:
        data = json.loads(text)
        data["deleted"] = tuple(data.get("deleted", ()))
        return cls(**data)


@dataclass(frozen=True)
class Hit:
    id: int
    score: float  # cosine similarity, -1..1


class _ReadWriteLock:
    """Many readers or one writer: hnswlib must not add and search at once."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer and not self._readers)
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class _SearchWidth:
    """hnswlib keeps one search width (ef) per index, so a query must not
    change it while another one runs: queries of the same width run side by
    side, and a query of another width waits until they are done.

    While a query waits, new ones of the current width wait too, so a long
    run of look-alike queries cannot starve a text search.
    """

    def __init__(self, index: Any) -> None:
        self._index = index
        self._cond = threading.Condition()
        self._ef: int | None = None
        self._users = 0
        self._waiting = 0  # queries waiting for the running ones to end

    @contextmanager
    def using(self, ef: int) -> Iterator[None]:
        with self._cond:
            if self._users and (self._ef != ef or self._waiting):
                self._waiting += 1
                self._cond.wait_for(lambda: not self._users)
                self._waiting -= 1
            if not self._users and self._ef != ef:
                self._index.set_ef(ef)
                self._ef = ef
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                if not self._users:
                    self._cond.notify_all()


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as float32 (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class VectorIndex:
    """An hnswlib cosine index with integer ids and a read/write lock."""

    def __init__(self, model: str, dim: int, *, capacity: int = 1024) -> None:
        import hnswlib

        self.model = model
        self.dim = dim
        self._lock = _ReadWriteLock()
        self._index = hnswlib.Index(space="cosine", dim=dim)
        self._index.init_index(
            max_elements=max(16, capacity),
            M=M,
            ef_construction=EF_CONSTRUCTION,
            allow_replace_deleted=True,
        )
        self._width = _SearchWidth(self._index)
        self._live: set[int] = set()

    # building

    @classmethod
    def build(
        cls,
        model: str,
        ids: Sequence[int],
        vectors: np.ndarray,
    ) -> VectorIndex:
        """A new index holding ``vectors`` under ``ids``."""
        index = cls(
            model,
            int(np.asarray(vectors).shape[-1]),
            capacity=max(1024, int(len(ids) * 1.25)),
        )
        index.add(ids, vectors)
        return index

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add or replace vectors (ids already present are updated)."""
        ids_array = np.asarray(ids, dtype=np.int64)
        if not len(ids_array):
            return
        data = normalise(vectors)
        if data.shape != (len(ids_array), self.dim):
            raise ValueError(
                f"expected {len(ids_array)} x {self.dim} vectors, got {data.shape}"
            )
        with self._lock.writing():
            for known in set(ids_array.tolist()) & self._live:
                self._index.mark_deleted(known)
                self._live.discard(known)
            needed = self._index.get_current_count() + len(ids_array)
            if needed > self._index.get_max_elements():
                self._index.resize_index(
                    max(needed, 2 * self._index.get_max_elements())
                )
            self._index.add_items(data, ids_array, replace_deleted=True)
            self._live.update(ids_array.tolist())

    def remove(self, ids: Sequence[int]) -> None:
        with self._lock.writing():
            for item in ids:
                if item in self._live:
                    self._index.mark_deleted(int(item))
                    self._live.discard(int(item))

    @property
    def count(self) -> int:
        return len(self._live)

    def ids(self) -> set[int]:
        return set(self._live)

    @property
    def needs_rebuild(self) -> bool:
        """Many tombstones slow every search: rebuild from the stored vectors."""
        total = self._index.get_current_count()
        return total > 64 and (total - len(self._live)) > 0.25 * total

    # searching

    def query(
        self,
        vector: np.ndarray,
        k: int,
        *,
        ef: int | None = None,
        candidates: Sequence[int] | None = None,
    ) -> list[Hit]:
        """The ``k`` nearest vectors to ``vector``, best first.

        Args:
            vector: one query vector (any length; it is normalised).
            k: how many hits at most; fewer come back when fewer exist.
            ef: the search width; at least ``k`` and by default 200.
            candidates: search only these ids (a filter); small candidate
                sets are scanned exactly.
        """
        query = normalise(vector)[0]
        with self._lock.reading():
            pool = self._live if candidates is None else self._live & set(candidates)
            k = min(k, len(pool))
            if k <= 0:
                return []
            if len(pool) <= EXACT_LIMIT:
                return self._exact(query, sorted(pool), k)
            return self._approximate(query, k, ef, None if candidates is None else pool)

    def _exact(self, query: np.ndarray, ids: list[int], k: int) -> list[Hit]:
        stored = np.asarray(self._index.get_items(ids), dtype=np.float32)
        scores = normalise(stored) @ query
        top = np.argsort(-scores, kind="stable")[:k]
        return [Hit(ids[i], float(scores[i])) for i in top]

    def _approximate(
        self, query: np.ndarray, k: int, ef: int | None, pool: set[int] | None
    ) -> list[Hit]:
        width = max(k, ef or DEFAULT_EF)
        allowed = (lambda label: label in pool) if pool is not None else None
        try:
            with self._width.using(width):
                labels, distances = self._index.knn_query(query, k=k, filter=allowed)
        except RuntimeError:
            # fewer than k reachable (tombstones, a tight filter): scan exactly
            ids = sorted(pool if pool is not None else self._live)
            return self._exact(query, ids, k)
        return [
            Hit(int(label), float(1.0 - dist))
            for label, dist in zip(labels[0], distances[0], strict=True)
        ]

    # saving and loading

    def save(self, folder: Path) -> IndexManifest:
        """Write the index atomically into ``folder``; return its manifest."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{_safe_name(self.model)}.hnsw"
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=target.name, suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with self._lock.reading():
                self._index.save_index(str(tmp))
                deleted = tuple(sorted(set(self._index.get_ids_list()) - self._live))
                count = len(self._live)
            _fsync(tmp)
            manifest = IndexManifest(self.model, self.dim, count, _sha256(tmp), deleted)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        _write_atomic(target.with_suffix(".json"), manifest.to_json())
        return manifest

    @classmethod
    def load(cls, folder: Path, expected: IndexManifest) -> VectorIndex:
        """Load the index the project saved; raise IndexInvalid otherwise."""
        import hnswlib

        path = folder / f"{_safe_name(expected.model)}.hnsw"
        if not path.is_file():
            raise IndexInvalid(path=str(path), reason="missing")
        if expected.format != FORMAT:
            raise IndexInvalid(path=str(path), reason="old format")
        if _sha256(path) != expected.checksum:
            raise IndexInvalid(path=str(path), reason="checksum mismatch")
        stored = expected.count + len(expected.deleted)
        if _header_shape(path) != (stored, 4 * expected.dim):
            raise IndexInvalid(path=str(path), reason="does not match the manifest")
        index = cls.__new__(cls)
        index.model, index.dim = expected.model, expected.dim
        index._lock = _ReadWriteLock()
        index._index = hnswlib.Index(space="cosine", dim=expected.dim)
        index._width = _SearchWidth(index._index)
        try:
            index._index.load_index(str(path), allow_replace_deleted=True)
        except RuntimeError as exc:
            raise IndexInvalid(path=str(path), reason=str(exc)) from exc
        index._live = set(index._index.get_ids_list()) - set(expected.deleted)
        if len(index._live) != expected.count or index._index.dim != expected.dim:
            raise IndexInvalid(path=str(path), reason="wrong number of vectors")
        return index


def _header_shape(path: Path) -> tuple[int, int]:
    """Element count and vector bytes from hnswlib's file header.

    The header starts with six size_t fields: level-0 offset, capacity,
    element count, bytes per element, label offset, data offset.
    """
    with path.open("rb") as handle:
        header = handle.read(48)
    if len(header) < 48:
        return (-1, -1)
    fields = np.frombuffer(header, dtype="<u8")
    count, label_offset, data_offset = int(fields[2]), int(fields[4]), int(fields[5])
    return (count, label_offset - data_offset)


def _safe_name(model: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in model)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def exact_top_k(query: np.ndarray, vectors: np.ndarray, k: int) -> list[Any]:
    """Indices of the ``k`` rows of ``vectors`` most similar to ``query``."""
    scores = normalise(vectors) @ normalise(query)[0]
    return np.argsort(-scores, kind="stable")[:k].tolist()
