"""The nearest-neighbour index: right answers, safe files, shared use."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from engine.vectors import (
    EXACT_LIMIT,
    IndexInvalid,
    IndexManifest,
    VectorIndex,
    exact_top_k,
)


def clustered(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dim))
    return (
        centres[rng.integers(0, 20, n)] + 0.3 * rng.standard_normal((n, dim))
    ).astype(np.float32)


def test_known_neighbours_come_first_with_cosine_scores():
    vectors = np.eye(4, dtype=np.float32)
    vectors[3] = [0.9, 0.1, 0, 0]
    index = VectorIndex.build("toy", [10, 11, 12, 13], vectors)
    hits = index.query(np.array([1, 0, 0, 0]), k=2)
    assert [h.id for h in hits] == [10, 13]
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    assert hits[1].score == pytest.approx(0.9 / np.hypot(0.9, 0.1), abs=1e-5)


def test_approximate_search_reaches_high_recall_against_exact():
    data = clustered(6000, seed=1)
    index = VectorIndex.build("m", list(range(6000)), data)
    queries = clustered(50, seed=2) + np.random.default_rng(3).standard_normal(
        (50, 32)
    ).astype(np.float32)
    recalls = []
    for q in queries:
        truth = set(exact_top_k(q, data, 10))
        got = {h.id for h in index.query(q, k=10)}
        recalls.append(len(truth & got) / 10)
    assert np.mean(recalls) >= 0.98


def test_k_larger_than_the_index_and_an_empty_index():
    index = VectorIndex("m", 8)
    assert index.query(np.ones(8), k=5) == []
    index.add([1, 2], np.ones((2, 8)))
    assert len(index.query(np.ones(8), k=50)) == 2


def test_update_and_remove_change_what_is_found():
    data = clustered(100)
    index = VectorIndex.build("m", list(range(100)), data)
    index.remove([0])
    assert 0 not in {h.id for h in index.query(data[0], k=5)}
    index.add([5], data[7:8])
    top = index.query(data[7], k=2)
    assert {h.id for h in top} == {5, 7}
    assert index.count == 99


def test_candidates_filter_the_results():
    data = clustered(5000, seed=4)
    index = VectorIndex.build("m", list(range(5000)), data)
    allowed = list(range(0, 5000, 7))
    hits = index.query(data[3], k=10, candidates=allowed)
    assert hits
    assert all(h.id % 7 == 0 for h in hits)
    expected = [allowed[i] for i in exact_top_k(data[3], data[allowed], 10)]
    assert [h.id for h in hits] == expected


def test_save_and_load_round_trip_keeps_deletions(tmp_path):
    data = clustered(300)
    index = VectorIndex.build("ViT-B-32", list(range(300)), data)
    index.remove([4, 5])
    manifest = index.save(tmp_path)
    restored = VectorIndex.load(tmp_path, IndexManifest.from_json(manifest.to_json()))
    assert restored.count == 298
    assert [h.id for h in restored.query(data[9], k=3)] == [
        h.id for h in index.query(data[9], k=3)
    ]
    assert 4 not in restored.ids()


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
def test_a_damaged_index_is_refused_before_hnswlib_reads_it(tmp_path, damage):
    index = VectorIndex.build("m", list(range(50)), clustered(50))
    manifest = index.save(tmp_path)
    path = tmp_path / "m.hnsw"
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "flip":
        data = bytearray(path.read_bytes())
        data[20] ^= 0xFF
        path.write_bytes(bytes(data))
    else:
        path.unlink()
    with pytest.raises(IndexInvalid, match="rebuild"):
        VectorIndex.load(tmp_path, manifest)


def test_an_index_from_elsewhere_or_another_model_is_refused(tmp_path):
    ours = VectorIndex.build("m", list(range(50)), clustered(50)).save(tmp_path)
    other_dir = tmp_path / "other"
    VectorIndex.build("m", list(range(60)), clustered(60, seed=9)).save(other_dir)
    (tmp_path / "m.hnsw").write_bytes((other_dir / "m.hnsw").read_bytes())
    with pytest.raises(IndexInvalid, match="checksum"):
        VectorIndex.load(tmp_path, ours)
    wrong_dim = IndexManifest("m", 64, ours.count, ours.checksum)
    (tmp_path / "m.hnsw").unlink()
    VectorIndex.build("m", list(range(50)), clustered(50)).save(tmp_path)
    with pytest.raises(IndexInvalid):
        VectorIndex.load(tmp_path, wrong_dim)


def test_adding_while_searching_from_other_threads_is_safe():
    # more vectors than EXACT_LIMIT, so hnswlib searches while items are added
    data = clustered(EXACT_LIMIT + 3000, seed=5)
    first = EXACT_LIMIT + 500
    index = VectorIndex.build("m", list(range(first)), data[:first])
    errors, wrong = [], []

    def search(offset):
        try:
            for i in range(offset, first, 23):
                top = index.query(data[i], k=5)
                if top[0].id != i:
                    wrong.append((i, top[0].id))
        except Exception as exc:  # noqa: BLE001 - collected for the assert
            errors.append(exc)

    readers = [threading.Thread(target=search, args=(n,)) for n in range(2)]
    for thread in readers:
        thread.start()
    for start in range(first, len(data), 250):
        index.add(list(range(start, start + 250)), data[start : start + 250])
    for thread in readers:
        thread.join()
    assert not errors
    assert not wrong  # every query found its own vector
    assert index.count == len(data)
    assert [h.id for h in index.query(data[-1], k=1)] == [len(data) - 1]


NARROW, WIDE = 10, 400


def test_queries_of_different_widths_each_search_at_their_own(monkeypatch):
    """hnswlib keeps one search width per index: a text search (wide) that
    starts while look-alike queries (narrow) run must not change theirs, nor
    run at theirs."""
    import hnswlib

    inside, widened = threading.Event(), threading.Event()
    seen: list[tuple[str, int, int]] = []

    class RecordingIndex(hnswlib.Index):
        def set_ef(self, ef):
            super().set_ef(ef)
            if ef == WIDE:
                widened.set()

        def knn_query(self, *args, **kwargs):
            name, before = threading.current_thread().name, self.ef
            if name == "narrow" and not inside.is_set():
                inside.set()
                widened.wait(0.5)  # the wide query's chance to change the width
            result = super().knn_query(*args, **kwargs)
            seen.append((name, before, self.ef))
            return result

    monkeypatch.setattr(hnswlib, "Index", RecordingIndex)
    data = clustered(EXACT_LIMIT + 1000, seed=6)
    index = VectorIndex.build("m", list(range(len(data))), data)
    queries = clustered(20, seed=7) + 0.5 * np.random.default_rng(8).standard_normal(
        (20, 32)
    ).astype(np.float32)
    alone = {
        ef: [[h.id for h in index.query(q, k=10, ef=ef)] for q in queries]
        for ef in (NARROW, WIDE)
    }
    seen.clear()
    found: dict[int, list[list[int]]] = {}

    def run(ef):
        found[ef] = [[h.id for h in index.query(q, k=10, ef=ef)] for q in queries]

    narrow = threading.Thread(target=run, args=(NARROW,), name="narrow")
    wide = threading.Thread(target=run, args=(WIDE,), name="wide")
    narrow.start()
    inside.wait(10)
    wide.start()
    for thread in (narrow, wide):
        thread.join()

    expected = {"narrow": NARROW, "wide": WIDE}
    assert len(seen) == 40
    assert all(before == after == expected[name] for name, before, after in seen)
    assert found == alone  # each got the recall of its own width
    truth = [set(exact_top_k(q, data, 10)) for q in queries]
    hits = zip(truth, found[WIDE], strict=True)
    assert np.mean([len(t & set(f)) / 10 for t, f in hits]) >= 0.98
