"""Sentence embeddings from the language model and search by meaning."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.jobs import JobContext
from engine.text.embed import (
    EmptyQuery,
    SentenceIndex,
    embed_texts,
    open_sentence_index,
    search_text,
)
from engine.text.lstm import LMConfig, load_checkpoint
from engine.text.train import TrainOptions, training_job

torch.set_num_threads(1)

LINES = [
    f"the {a} sat on the {b}."
    for a in ("cat", "dog", "fox")
    for b in ("mat", "rug", "bed")
] + [f"我们{c}去{d}散步。" for c in ("今天", "明天") for d in ("公园", "学校")]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    torch.set_num_threads(1)
    folder = tmp_path_factory.mktemp("lm")
    path = folder / "corpus.txt"
    path.write_text("\n".join(LINES * 8) + "\n", encoding="utf-8")
    config = LMConfig(
        0, embed_size=32, hidden_size=32, layers=1, seq_len=24, batch_size=8, lr=1e-2
    )
    job = training_job(
        [path], folder / "run", TrainOptions(config=config, epochs=4, sample_tokens=10)
    )
    result = job.run(JobContext())
    model, tok = load_checkpoint(result.run_dir)
    return result.run_dir, model, tok


@pytest.mark.parametrize("pooling", ["last", "mean"])
def test_vectors_do_not_depend_on_batch_or_padding(run, pooling):
    _, model, tok = run
    alone = embed_texts(model, tok, ["the cat sat."], pooling=pooling)
    mixed = embed_texts(
        model,
        tok,
        ["a much longer sentence to pad against", "the cat sat.", "the cat sat."],
        pooling=pooling,
        batch_size=3,
    )
    assert np.allclose(alone[0], mixed[1], atol=1e-5)
    assert np.array_equal(mixed[1], mixed[2])
    assert np.allclose(np.linalg.norm(mixed, axis=1), 1.0)


def test_a_paraphrase_is_closer_than_an_unrelated_line(run):
    run_dir, model, tok = run
    index = open_sentence_index(run_dir)
    assert len(index) == len(LINES) * 8
    hits = search_text(index, model, tok, "the dog sat on the mat", k=5)
    assert all(h.sentence.text.startswith("the ") for h in hits)
    query, para, other = embed_texts(
        model,
        tok,
        ["the dog sat on the mat.", "the fox sat on the rug.", "我们明天去学校散步。"],
    )
    assert query @ para > query @ other
    with pytest.raises(EmptyQuery):
        search_text(index, model, tok, "   ")


def test_the_sentence_cache_is_reused_and_hnsw_agrees_with_exact(run):
    run_dir, model, tok = run
    first = open_sentence_index(run_dir, pooling="mean")
    cached = open_sentence_index(run_dir, pooling="mean")
    assert np.array_equal(first.vectors, cached.vectors)
    approx = SentenceIndex(first.sentences, first.vectors, exact_limit=0)
    assert approx.uses_hnsw
    assert not first.uses_hnsw
    query = embed_texts(model, tok, ["我们今天去公园"], pooling="mean")[0]
    exact_hits = first.search(query, k=3)
    approx_hits = approx.search(query, k=3)
    assert [h.score for h in approx_hits] == pytest.approx(
        [h.score for h in exact_hits], abs=1e-4
    )
    assert len(approx.search(query, k=10_000)) == len(first)
