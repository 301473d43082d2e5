"""The LSTM language model: dry runs, checkpoints, learning, cancel, generation."""

from __future__ import annotations

import json
import math

import pytest
import torch

from engine.jobs import Cancelled, CancelToken, JobContext
from engine.text.corpus import Corpus
from engine.text.generate import (
    GenerationOptions,
    generate_stream,
    generate_text,
    generation_job,
)
from engine.text.lstm import (
    LMConfig,
    build_model,
    list_runs,
    load_checkpoint,
    new_run_dir,
    parameter_count,
    read_metrics,
)
from engine.text.train import (
    TextTooShort,
    Trainer,
    TrainingDiverged,
    TrainOptions,
    training_job,
)

torch.set_num_threads(1)

TINY = LMConfig(
    0, embed_size=32, hidden_size=32, layers=1, seq_len=24, batch_size=8, lr=1e-2
)
TEXT = (
    "".join(
        f"the {a} sat on the {b}.\n我们{c}去{d}散步。\n"
        for a in ("cat", "dog", "fox")
        for b in ("mat", "rug", "bed")
        for c in ("今天", "明天")
        for d in ("公园", "学校")
    )
    * 6
)


def train(run_dir, *, text=TEXT, ctx=None, **options):
    options.setdefault("config", TINY)
    options.setdefault("sample_tokens", 20)
    job = training_job(Corpus.from_texts([text]), run_dir, TrainOptions(**options))
    return job.run(ctx or JobContext())


@pytest.mark.parametrize("kind", ["char", "bpe"])
def test_one_step_dry_run_saves_a_loadable_model(tmp_path, kind):
    result = train(new_run_dir(tmp_path), tokenizer=kind, max_steps=1, bpe_vocab=300)
    assert result.steps == 1
    assert result.tokenizer == kind
    model, tok = load_checkpoint(result.run_dir)
    assert tok.kind == kind
    assert model.config.vocab_size == tok.vocab_size
    assert read_metrics(result.run_dir)["status"] == "step_limit"
    assert list_runs(tmp_path) == [result.run_dir]


def test_a_saved_model_gives_identical_logits(tmp_path):
    options = TrainOptions(config=TINY, max_steps=3, sample_tokens=20)
    trainer = Trainer(
        Corpus.from_texts([TEXT]), tmp_path / "run", options, JobContext()
    )
    trainer.run()
    trained = trainer.model.cpu().eval()
    again, tok = load_checkpoint(tmp_path / "run")
    ids = torch.as_tensor(tok.encode("the cat 我们"))[None, :]
    with torch.inference_mode():
        expected = trained(ids)[0]
        assert torch.equal(again(ids)[0], expected)
        # a fresh network of the same size gives other logits
        assert not torch.equal(build_model(again.config).eval()(ids)[0], expected)
    assert again.output.weight.data_ptr() == again.embedding.weight.data_ptr()


def test_parameter_count_matches_the_network():
    for config in (TINY, LMConfig(100, embed_size=16, hidden_size=24, layers=2)):
        config = LMConfig(**{**config.__dict__, "vocab_size": 100})
        model = build_model(config)
        assert parameter_count(config) == sum(p.numel() for p in model.parameters())


def test_a_tiny_model_learns_well_below_the_uniform_baseline(tmp_path):
    result = train(tmp_path / "run", epochs=25, eval_every_s=1000)
    assert result.best_val_loss < 0.4 * math.log(result.vocab_size)
    history = read_metrics(result.run_dir)["history"]
    assert history[-1]["val_loss"] < history[0]["val_loss"]


def test_text_shorter_than_one_sequence_trains_with_shorter_chunks(tmp_path):
    result = train(tmp_path / "short", text="hello world, hello.\n", max_steps=2)
    assert result.steps == 2
    with pytest.raises(TextTooShort, match="too short"):
        train(tmp_path / "tiny", text="hi\n", max_steps=2)


def test_cancel_during_an_epoch_keeps_the_best_checkpoint(tmp_path):
    def cancel_late(progress):
        if progress.metrics.get("step", 0) >= 6:
            ctx.token.cancel()

    ctx = JobContext(on_progress=cancel_late, min_interval=0)
    run_dir = tmp_path / "run"
    with pytest.raises(Cancelled):
        train(run_dir, ctx=ctx, epochs=50, eval_every_s=0)
    metrics = read_metrics(run_dir)
    assert metrics["status"] == "cancelled"
    assert metrics["best_val_loss"] == min(h["val_loss"] for h in metrics["history"])
    saved = json.loads((run_dir / "config.json").read_text())
    assert saved["val_loss"] == metrics["best_val_loss"]
    load_checkpoint(run_dir)


def test_nan_loss_stops_with_a_message(tmp_path):
    config = LMConfig(**{**TINY.__dict__, "lr": 1e30})
    with pytest.raises(TrainingDiverged, match="NaN"):
        train(tmp_path / "run", config=config, epochs=5, warmup_steps=1, clip=1e30)
    assert read_metrics(tmp_path / "run")["status"] == "diverged"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    torch.set_num_threads(1)
    result = train(tmp_path_factory.mktemp("lm") / "run", epochs=8, eval_every_s=1000)
    return load_checkpoint(result.run_dir)


def test_generation_is_reproducible_with_a_seed_and_takes_unseen_prompts(trained):
    model, tok = trained
    options = GenerationOptions(max_tokens=40, seed=7)
    first = generate_text(model, tok, "the 😀 cat 火锅", options)
    assert first == generate_text(model, tok, "the 😀 cat 火锅", options)
    assert len(first) == 40
    assert "\ufffd" not in first
    assert first != generate_text(
        model, tok, "the 😀 cat 火锅", GenerationOptions(max_tokens=40, seed=8)
    )


def test_top_k_one_equals_greedy(trained):
    model, tok = trained
    greedy = generate_text(
        model, tok, "the", GenerationOptions(max_tokens=30, greedy=True)
    )
    top1 = generate_text(
        model, tok, "the", GenerationOptions(max_tokens=30, top_k=1, seed=1)
    )
    assert greedy == top1
    assert greedy.startswith(" ")  # it learned what follows "the"


def test_cancel_during_generation(trained):
    model, tok = trained
    token = CancelToken()
    stream = generate_stream(
        model, tok, "the", GenerationOptions(max_tokens=500), token=token
    )
    pieces = [next(stream)]
    token.cancel()
    with pytest.raises(Cancelled):
        pieces.extend(stream)
    assert len(pieces) == 1


def test_asking_for_a_gpu_without_one_trains_and_writes_on_the_cpu(
    tmp_path, monkeypatch
):
    from engine import compute

    monkeypatch.setattr(compute, "_applied", compute.ComputeSettings(device="gpu"))
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    result = train(tmp_path / "run", max_steps=2)
    job = generation_job(result.run_dir, "the", GenerationOptions(max_tokens=5, seed=1))
    assert len(job.run(JobContext())) == 5
    model, _ = load_checkpoint(result.run_dir)
    assert model.embedding.weight.device.type == "cpu"
