"""Language-model benchmark: Pictor's trainer and generator against a plain
PyTorch loop of the same size, measured in the same run.

    python tests/bench/bench_lm.py                 # throughput, ~1 minute
    python tests/bench/bench_lm.py --minutes 10    # + train the default preset

Timings on a shared machine are noisy; compare the ratio, not the figures.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

import torch

from engine import compute
from engine.jobs import JobContext
from engine.text.corpus import Corpus, read_text_file
from engine.text.generate import GenerationOptions, generate_text
from engine.text.lstm import DEFAULT_PRESET, build_model, preset_config
from engine.text.tokenizers import CharTokenizer
from engine.text.train import TrainOptions, training_job

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "text"


def sample_text() -> str:
    path = SHARED / "tinyshakespeare.txt"
    if path.is_file():
        return read_text_file(path).text[:300_000]
    words = [
        "to",
        "be",
        "or",
        "not",
        "that",
        "is",
        "the",
        "question",
        "whether",
        "tis",
        "nobler",
        "in",
        "mind",
    ]
    return " ".join(words[i * 7 % len(words)] for i in range(60_000))


def pictor_throughput(text: str, steps: int) -> float:
    seen: dict[str, float] = {}

    def keep(progress) -> None:
        # the report of the last step, before the closing evaluation pass
        # (which the plain loop does not do) adds its time
        if progress.metrics.get("step") == steps and "tokens_per_s" not in seen:
            seen.update(progress.metrics)

    options = TrainOptions(
        tokenizer="char",
        max_steps=steps,
        eval_every_s=math.inf,
        sample_every_s=math.inf,
        sample_tokens=1,
    )
    with tempfile.TemporaryDirectory() as tmp:
        job = training_job(Corpus.from_texts([text]), Path(tmp) / "run", options)
        job.run(JobContext(on_progress=keep, min_interval=0))
    return seen["tokens_per_s"]


def plain_throughput(text: str, steps: int) -> float:
    """The straightforward loop a user would write from the seed recipe."""
    tok = CharTokenizer.train([text])
    config = preset_config(DEFAULT_PRESET, tok.vocab_size)
    ids = torch.from_numpy(tok.encode(text))
    b, t = config.batch_size, config.seq_len
    per = len(ids) // b
    data = ids[: per * b].view(b, per)
    emb = torch.nn.Embedding(tok.vocab_size, config.embed_size)
    lstm = torch.nn.LSTM(
        config.embed_size,
        config.hidden_size,
        config.layers,
        batch_first=True,
        dropout=config.dropout,
    )
    head = torch.nn.Linear(config.hidden_size, tok.vocab_size)
    params = [*emb.parameters(), *lstm.parameters(), *head.parameters()]
    opt = torch.optim.AdamW(params, lr=config.lr)
    state = None
    start = time.perf_counter()
    for step in range(steps):
        i = (step * t) % (per - t - 1)
        x, y = data[:, i : i + t], data[:, i + 1 : i + t + 1]
        if state is not None:
            state = tuple(s.detach() for s in state)
        out, state = lstm(emb(x), state)
        loss = torch.nn.functional.cross_entropy(
            head(out).reshape(-1, tok.vocab_size), y.reshape(-1)
        )
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
    return steps * b * t / (time.perf_counter() - start)


def generation_speed(text: str, tokens: int) -> tuple[float, float]:
    tok = CharTokenizer.train([text])
    model = build_model(preset_config(DEFAULT_PRESET, tok.vocab_size)).eval()
    options = GenerationOptions(max_tokens=tokens, seed=0)
    start = time.perf_counter()
    generate_text(model, tok, "ROMEO:", options)
    ours = tokens / (time.perf_counter() - start)
    # baseline: sample from the full softmax, one step at a time
    start = time.perf_counter()
    with torch.inference_mode():
        ids = torch.as_tensor(tok.encode("ROMEO:"))[None, :]
        logits, state = model(ids)
        for _ in range(tokens):
            probs = torch.softmax(logits[0, -1] / 0.8, dim=-1)
            nxt = torch.multinomial(probs, 1)
            logits, state = model(nxt[None, :], state)
    plain = tokens / (time.perf_counter() - start)
    return ours, plain


def train_for(path: Path, minutes: float, preset: str = DEFAULT_PRESET) -> None:
    curve: list[tuple[float, float]] = []

    def keep(progress) -> None:
        m = progress.metrics
        if "val_loss" in m and (not curve or curve[-1][1] != m["val_loss"]):
            curve.append((m["elapsed_s"], m["val_loss"]))

    options = TrainOptions(
        preset=preset, minutes=minutes, eval_every_s=max(20.0, minutes * 6)
    )
    with tempfile.TemporaryDirectory() as tmp:
        job = training_job([path], Path(tmp) / "run", options)
        result = job.run(JobContext(on_progress=keep))
    print(f"\n{path.name}: preset {preset}, {minutes} min budget")
    for entry in result.history:
        val = entry.get("val_loss", float("nan"))
        print(
            f"  {entry['elapsed_s']:7.1f} s  step {entry['step']:6.0f}  "
            f"train {entry['train_loss']:.3f}  val {val:.3f}"
        )
    print(
        f"  final validation loss {result.best_val_loss:.4f} nats/token "
        f"({result.tokenizer}), {result.tokens_per_s:.0f} tokens/s, "
        f"{result.parameters:,} parameters"
    )
    print(f"  sample: {result.sample[:300]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--minutes", type=float, help="also train the default preset")
    parser.add_argument("--preset", default=DEFAULT_PRESET, help="preset to train")
    parser.add_argument(
        "--corpus", action="append", help="text file(s) under shared/data/text"
    )
    parser.add_argument(
        "--skip-throughput", action="store_true", help="only the timed training"
    )
    args = parser.parse_args()
    compute.apply(compute.ComputeSettings())
    print(f"torch threads: {torch.get_num_threads()} (all cores but one)")
    text = sample_text()
    if not args.skip_throughput:
        compare_speed(text, args.steps)
    if args.minutes:
        for name in args.corpus or ("tinyshakespeare.txt", "songci.txt"):
            if (SHARED / name).is_file():
                train_for(SHARED / name, args.minutes, args.preset)
            else:
                print(f"{name} not found under {SHARED}; skipped")


def compare_speed(text: str, steps: int) -> None:
    # interleaved and best of two: other work on the machine adds noise
    plain = ours = 0.0
    for _ in range(2):
        plain = max(plain, plain_throughput(text, steps))
        ours = max(ours, pictor_throughput(text, steps))
    print(
        f"training  tokens/s: pictor {ours:8.0f}  plain loop {plain:8.0f}  "
        f"ratio {ours / plain:.2f}"
    )
    ours_gen, plain_gen = generation_speed(text, 300)
    print(
        f"generation tokens/s: pictor {ours_gen:8.0f}  plain loop {plain_gen:8.0f}  "
        f"ratio {ours_gen / plain_gen:.2f}"
    )


if __name__ == "__main__":
    main()
