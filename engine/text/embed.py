"""Sentence embeddings from the language model and search by meaning.

A sentence's vector is the top LSTM layer's last hidden state h_T (or the
mean over its time steps), L2-normalised, so the dot product is the cosine.
"""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Job, JobContext
from engine.text.corpus import TextFileError, read_text_file, split_units
from engine.text.lstm import (
    WEIGHTS_FILE,
    compute_device,
    load_checkpoint,
    read_run_config,
)
from engine.text.tokenizers import TextTokenizer, write_atomic

if TYPE_CHECKING:
    from engine.text.network import LSTMLanguageModel

log = logging.getLogger(__name__)

POOLINGS = ("last", "mean")
UNITS = ("line", "paragraph")
MAX_TOKENS = 512
# Exact search is a single matrix product and beats an index below this.
EXACT_LIMIT = 100_000
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 200


class EmptyQuery(UserError):
    template = QT_TRANSLATE_NOOP("engine", "Type some text to search for.")


class NothingToSearch(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The training text of this model cannot be read any more ({reason}), "
        "so there is nothing to search.",
    )


@dataclass(frozen=True)
class Sentence:
    """A searchable piece of text and where it came from."""

    text: str
    source: str
    line: int


@dataclass(frozen=True)
class SearchHit:
    sentence: Sentence
    score: float  # cosine similarity, -1..1


def embed_texts(
    model: LSTMLanguageModel,
    tokenizer: TextTokenizer,
    texts: Sequence[str],
    *,
    pooling: str = "last",
    batch_size: int = 64,
    ctx: JobContext | None = None,
) -> np.ndarray:
    """Embed ``texts`` with the frozen model.

    Texts are sorted by length and packed, so a text's vector does not depend
    on what it was batched with. Texts longer than ``MAX_TOKENS`` tokens are
    cut to their first ``MAX_TOKENS``.

    Args:
        model: the network.
        tokenizer: its tokenizer.
        texts: sentences; an empty one embeds like a line break.
        pooling: ``last`` (h_T) or ``mean`` over time.
        batch_size: texts per forward pass.
        ctx: progress and cancel between batches.

    Returns:
        (len(texts), hidden) float32, rows of unit length.
    """
    import torch

    encoded = [_ids(tokenizer, t) for t in texts]
    order = np.argsort([len(ids) for ids in encoded], kind="stable")
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            if ctx is not None:
                ctx.report(
                    start,
                    len(order),
                    QT_TRANSLATE_NOOP("engine", "Reading sentences"),
                )
            rows = order[start : start + batch_size]
            out[rows] = _embed_batch(model, [encoded[i] for i in rows], pooling)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def _ids(tokenizer: TextTokenizer, text: str) -> np.ndarray:
    ids = tokenizer.encode(text)[:MAX_TOKENS]
    return ids if len(ids) else tokenizer.encode("\n")[:1]


def _embed_batch(model: Any, batch: list[np.ndarray], pooling: str) -> np.ndarray:
    import torch

    lengths = torch.tensor([max(1, len(ids)) for ids in batch])
    padded = torch.zeros((len(batch), int(lengths.max())), dtype=torch.long)
    for row, ids in enumerate(batch):
        padded[row, : len(ids)] = torch.as_tensor(ids)
    padded = padded.to(model.embedding.weight.device)
    outputs, last = model.encode(padded, lengths)  # (b, seq, hidden), (b, hidden)
    if pooling == "mean":
        # padded steps are zero, so the sum only covers real steps
        pooled = outputs.sum(dim=1) / lengths[:, None].to(outputs)
    else:
        pooled = last
    return pooled.float().cpu().numpy()


class SentenceIndex:
    """Sentences and their vectors; exact search for small sets, hnswlib above.

    Args:
        sentences: what was embedded.
        vectors: (n, dim) unit rows.
        exact_limit: largest set searched exactly.
    """

    def __init__(
        self,
        sentences: Sequence[Sentence],
        vectors: np.ndarray,
        *,
        exact_limit: int = EXACT_LIMIT,
    ) -> None:
        self.sentences = list(sentences)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._hnsw = None
        if len(self.sentences) > exact_limit:
            self._hnsw = _build_hnsw(self.vectors)

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def uses_hnsw(self) -> bool:
        return self._hnsw is not None

    def search(self, query: np.ndarray, k: int = 10) -> list[SearchHit]:
        """The ``k`` sentences closest to the unit vector ``query``, best first."""
        k = min(k, len(self.sentences))
        if k <= 0:
            return []
        if self._hnsw is None:
            scores = self.vectors @ query.astype(np.float32)
            top = np.argpartition(-scores, k - 1)[:k]
            top = top[np.argsort(-scores[top], kind="stable")]
            return [SearchHit(self.sentences[i], float(scores[i])) for i in top]
        # ef is not kept by hnswlib between calls or loads: set it every query
        self._hnsw.set_ef(max(200, 2 * k))
        labels, distances = self._hnsw.knn_query(query[None, :], k=k)
        return [
            SearchHit(self.sentences[int(i)], 1.0 - float(d))
            for i, d in zip(labels[0], distances[0], strict=True)
        ]


def _build_hnsw(vectors: np.ndarray) -> Any:
    import hnswlib

    index = hnswlib.Index(space="cosine", dim=vectors.shape[1])
    index.init_index(
        max_elements=len(vectors), M=HNSW_M, ef_construction=HNSW_EF_CONSTRUCTION
    )
    index.add_items(vectors, np.arange(len(vectors)), num_threads=1)
    return index


# a run's searchable corpus


def corpus_sentences(
    files: Sequence[str | os.PathLike[str]], unit: str = "line"
) -> list[Sentence]:
    """The lines (or paragraphs) of ``files``; unreadable files are skipped.

    Raises:
        NothingToSearch: no file could be read.
    """
    sentences: list[Sentence] = []
    problems: list[str] = []
    for path in files:
        try:
            doc = read_text_file(path)
        except TextFileError as exc:
            log.warning("search skips %s: %s", path, exc)
            problems.append(str(exc))
            continue
        name = Path(path).name
        sentences += [Sentence(t, name, n) for n, t in split_units(doc.text, unit)]
    if not sentences:
        raise NothingToSearch(reason=problems[0] if problems else "-")
    return sentences


def sentence_index_job(
    run_dir: str | os.PathLike[str], *, pooling: str = "last", unit: str = "line"
) -> Job:
    """A job that embeds the run's training text (cached in the run folder).

    Returns:
        A job whose result is a :class:`SentenceIndex`.
    """

    def run(ctx: JobContext) -> SentenceIndex:
        return open_sentence_index(run_dir, pooling=pooling, unit=unit, ctx=ctx)

    return Job(QT_TRANSLATE_NOOP("engine", "Index sentences"), run, heavy=True)


def open_sentence_index(
    run_dir: str | os.PathLike[str],
    *,
    pooling: str = "last",
    unit: str = "line",
    ctx: JobContext | None = None,
) -> SentenceIndex:
    """Load the cached sentence vectors of a run, computing them if needed.

    The cache is tied to the weights file's size and time, so retraining
    into the same folder recomputes it.
    """
    folder = Path(run_dir)
    cache_json = folder / f"sentences-{unit}.json"
    cache_npy = folder / f"embeddings-{unit}-{pooling}.npy"
    stamp = _weights_stamp(folder)
    cached = _read_cache(cache_json, cache_npy, stamp)
    if cached is not None:
        return SentenceIndex(*cached)
    model, tokenizer = load_checkpoint(folder, device=compute_device())
    sentences = corpus_sentences(read_run_config(folder).get("files", []), unit)
    vectors = embed_texts(
        model, tokenizer, [s.text for s in sentences], pooling=pooling, ctx=ctx
    )
    buffer = io.BytesIO()
    np.save(buffer, vectors)
    write_atomic(cache_npy, buffer.getvalue())
    payload = {"weights": stamp, "sentences": [s.__dict__ for s in sentences]}
    write_atomic(cache_json, json.dumps(payload, ensure_ascii=False))
    return SentenceIndex(sentences, vectors)


def _weights_stamp(folder: Path) -> str:
    info = (folder / WEIGHTS_FILE).stat()
    return f"{info.st_size}-{info.st_mtime_ns}"


def _read_cache(
    cache_json: Path, cache_npy: Path, stamp: str
) -> tuple[list[Sentence], np.ndarray] | None:
    try:
        payload = json.loads(cache_json.read_text(encoding="utf-8"))
        if payload.get("weights") != stamp:
            return None
        sentences = [Sentence(**s) for s in payload["sentences"]]
        vectors = np.load(cache_npy, allow_pickle=False)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if vectors.shape[0] != len(sentences):
        return None
    return sentences, vectors


def search_text(
    index: SentenceIndex,
    model: LSTMLanguageModel,
    tokenizer: TextTokenizer,
    query: str,
    *,
    k: int = 10,
    pooling: str = "last",
) -> list[SearchHit]:
    """Find the ``k`` sentences of ``index`` closest in meaning to ``query``.

    Raises:
        EmptyQuery: the query is blank.
    """
    if not query.strip():
        raise EmptyQuery()
    vector = embed_texts(model, tokenizer, [query.strip()], pooling=pooling)[0]
    return index.search(vector, k)
