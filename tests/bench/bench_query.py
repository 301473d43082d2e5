"""Text query latency and recall of photo search.

Random-valued ViT-B/32 (same cost as the real weights) encodes the queries;
the collection is clustered random 512-d vectors. Baseline: the usual call
with 77-token padding, same index. Run:

    python tests/bench/bench_query.py            # 20,000 vectors, ~1-2 min
    python tests/bench/bench_query.py --full     # 100,000 vectors
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import torch

from engine.vectors import VectorIndex, exact_top_k, normalise
from engine.vision.embed import ClipEmbedder
from engine.vision.search import TEXT_EF
from engine.weights import LoadedModel, get_spec
from engine.weights.architectures import build_with_preprocess

QUERIES = [
    "a red bicycle in the snow",
    "sunset over the sea",
    "a dog playing in the park",
    "two people at a wedding",
    "a plate of noodles",
    "mountains with clouds",
    "a cat sleeping on a sofa",
    "city street at night",
    "children at the beach",
    "an old car",
]


def random_clip() -> ClipEmbedder:
    spec = get_spec("clip-vit-b32")
    module, preprocess, tokenizer = build_with_preprocess(spec)
    module.eval()
    loaded = LoadedModel(spec, module, preprocess, tokenizer, None, False, "cpu")
    return ClipEmbedder(loaded)


def clustered(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((200, dim)).astype(np.float32)
    return normalise(
        centres[rng.integers(0, 200, n)]
        + 0.6 * rng.standard_normal((n, dim)).astype(np.float32)
    )


def latencies(first, second, repeats: int) -> tuple[float, float]:
    """Median milliseconds of two query functions, called in alternation so
    that both see the same load on a shared machine."""
    first(QUERIES[0])  # warm up (the model load is already done)
    second(QUERIES[0])
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(repeats):
        for fn, bucket in zip((first, second), times, strict=True):
            started = time.perf_counter()
            fn(QUERIES[i % len(QUERIES)])
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="100,000 vectors")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    size = 100_000 if args.full else 20_000

    started = time.perf_counter()
    clip = random_clip()
    print(f"model built in {time.perf_counter() - started:.1f} s (not counted)")
    data = clustered(size, 512, seed=1)
    started = time.perf_counter()
    index = VectorIndex.build("bench", list(range(size)), data)
    print(f"index of {size:,} vectors built in {time.perf_counter() - started:.1f} s")

    def ours(text: str):
        return index.query(clip.encode_texts([text])[0], 10, ef=TEXT_EF)

    def usual(text: str):
        with torch.inference_mode():
            vector = clip.loaded.module.encode_text(clip.loaded.tokenizer([text]))
        return index.query(vector.numpy()[0], 10, ef=TEXT_EF)

    fast, slow = latencies(ours, usual, 40)
    print(
        f"text query median: {fast:.1f} ms (short context) vs {slow:.1f} ms "
        f"(77-token padding): {slow / fast:.2f}x; target < 50 ms"
    )

    # text-like queries: the random text tower's vectors plus off-cluster ones
    text_vectors = clip.encode_texts(QUERIES * 3)
    rng = np.random.default_rng(7)
    off = normalise(data.mean(axis=0) + 0.05 * rng.standard_normal((30, 512)))
    queries = np.concatenate([text_vectors, off]).astype(np.float32)
    for ef in (200, 400, 800, TEXT_EF):
        recalls, times = [], []
        for q in queries:
            truth = set(exact_top_k(q, data, 10))
            started = time.perf_counter()
            got = {h.id for h in index.query(q, 10, ef=ef)}
            times.append(time.perf_counter() - started)
            recalls.append(len(truth & got) / 10)
        print(
            f"ef={ef}: recall@10 {np.mean(recalls):.3f} (min {min(recalls):.1f}), "
            f"search {statistics.median(times) * 1000:.2f} ms"
        )
    print("Timings on a shared 2-core CPU: noisy.")


if __name__ == "__main__":
    main()
