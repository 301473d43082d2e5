"""Training the language model as a job.

Truncated backpropagation through time: the training ids are laid out as
``batch`` contiguous streams, read ``seq_len`` tokens at a time, and the
LSTM state is carried from one chunk to the next (detached, so gradients
stop at the chunk boundary), as in Zaremba et al. (2014). AdamW with a
linear warm-up and a cosine decay over the planned epochs or minutes.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Cancelled, Job, JobContext
from engine.text.corpus import VALIDATION_FRACTION, Corpus, SkippedFile
from engine.text.lstm import (
    DEFAULT_PRESET,
    LMConfig,
    build_model,
    compute_device,
    parameter_count,
    preset_config,
    save_checkpoint,
    write_metrics,
)
from engine.text.tokenizers import TextTokenizer, encode_texts, train_tokenizer

log = logging.getLogger(__name__)

MIN_TRAIN_TOKENS = 16
DEFAULT_EPOCHS = 10
MIN_LR_RATIO = 0.05


class TextTooShort(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The text is too short to train on: {tokens} tokens, at least {needed} "
        "are needed. Add more text.",
    )


class TrainingDiverged(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Training stopped at step {step}: the loss became NaN. The best model "
        "so far is kept; try the Small preset or a lower learning rate.",
    )


@dataclass(frozen=True)
class TrainOptions:
    """What the user chose for one training run.

    Training stops at whichever comes first: ``epochs``, ``minutes``,
    ``max_steps`` or early stopping after ``patience`` evaluations without
    improvement. ``config`` replaces the preset's sizes when given.
    """

    preset: str = DEFAULT_PRESET
    tokenizer: str = "auto"
    epochs: float | None = None
    minutes: float | None = None
    max_steps: int | None = None
    config: LMConfig | None = None
    validation_fraction: float = VALIDATION_FRACTION
    patience: int = 4
    eval_every_s: float = 60.0
    eval_tokens: int = 65_536
    sample_every_s: float = 30.0
    sample_tokens: int = 120
    clip: float = 1.0
    weight_decay: float = 0.01
    warmup_steps: int = 50
    seed: int = 0
    bpe_vocab: int = 4000
    max_chars: int = 6000

    @property
    def planned_epochs(self) -> float:
        if self.epochs is not None:
            return self.epochs
        return math.inf if self.minutes is not None else DEFAULT_EPOCHS


@dataclass(frozen=True)
class TrainResult:
    """What a finished run reports back."""

    run_dir: Path
    stopped: str  # finished, early_stopped, time_up, step_limit
    best_val_loss: float | None
    steps: int
    epochs: float
    tokens_per_s: float
    parameters: int
    tokenizer: str
    vocab_size: int
    sample: str
    history: list[dict[str, float]] = field(default_factory=list)
    skipped: tuple[SkippedFile, ...] = ()  # files left out, with the reason

    @property
    def run_id(self) -> str:
        return self.run_dir.name


def training_job(
    files: Sequence[str | os.PathLike[str]] | Corpus,
    run_dir: Path,
    options: TrainOptions | None = None,
) -> Job:
    """A heavy job that trains a model on ``files`` into ``run_dir``.

    Args:
        files: text files (bad ones are skipped and logged) or a corpus.
        run_dir: an empty run folder (see ``lstm.new_run_dir``).
        options: sizes, tokenizer and stopping rules.

    Returns:
        A job whose result is a :class:`TrainResult`. Cancel keeps the best
        checkpoint saved so far (or the current weights when none was).
    """
    options = options or TrainOptions()

    def run(ctx: JobContext) -> TrainResult:
        corpus = (
            files
            if isinstance(files, Corpus)
            else Corpus.from_files(
                files, validation_fraction=options.validation_fraction, ctx=ctx
            )
        )
        return Trainer(corpus, Path(run_dir), options, ctx).run()

    return Job(
        QT_TRANSLATE_NOOP("engine", "Train language model {run}"),
        run,
        heavy=True,
        title_args={"run": Path(run_dir).name},
    )


class Trainer:
    """One training run; :meth:`run` does the work inside a job."""

    def __init__(
        self, corpus: Corpus, run_dir: Path, options: TrainOptions, ctx: JobContext
    ) -> None:
        self.corpus = corpus
        self.run_dir = run_dir
        self.options = options
        self.ctx = ctx
        self.history: list[dict[str, float]] = []
        self.best: float | None = None
        self.saved = False
        self.sample = ""
        self.epoch_float = 0.0
        self.lr = 0.0
        self.device = "cpu"

    # setup

    def run(self) -> TrainResult:
        import torch

        from engine import compute

        compute.apply(compute.current())
        self.device = compute_device()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        torch.manual_seed(self.options.seed)
        self.tokenizer = self._tokenizer()
        self.train_ids, self.val_ids = self._encode()
        self.config = self._fit_config(len(self.train_ids))
        self.model = build_model(self.config).to(self.device)
        self.optimizer = torch.optim.AdamW(
            self.model.parameters(),
            lr=self.config.lr,
            weight_decay=self.options.weight_decay,
        )
        log.info(
            "training %s on %s: %d parameters, %s tokenizer (%d ids), %d train tokens",
            self.run_dir.name,
            self.device,
            parameter_count(self.config),
            self.tokenizer.kind,
            self.tokenizer.vocab_size,
            len(self.train_ids),
        )
        try:
            stopped = self._loop()
        except Cancelled:
            self._finish("cancelled")
            raise
        return self._finish(stopped)

    def _tokenizer(self) -> TextTokenizer:
        self.ctx.report(0, None, QT_TRANSLATE_NOOP("engine", "Learning the vocabulary"))
        return train_tokenizer(
            self.corpus.training_texts(),
            self.options.tokenizer,
            ctx=self.ctx,
            max_chars=self.options.max_chars,
            bpe_vocab=self.options.bpe_vocab,
        )

    def _encode(self) -> tuple[Any, Any]:
        import torch

        self.ctx.report(0, None, QT_TRANSLATE_NOOP("engine", "Preparing the text"))
        train = encode_texts(self.tokenizer, self.corpus.training_texts(), ctx=self.ctx)
        val = encode_texts(self.tokenizer, self.corpus.validation_texts(), ctx=self.ctx)
        return torch.from_numpy(train), torch.from_numpy(val)

    def _fit_config(self, tokens: int) -> LMConfig:
        """The preset's sizes, with streams and chunk length shrunk to fit
        a small corpus (at least one full chunk per stream)."""
        base = self.options.config or preset_config(self.options.preset, 0)
        config = replace(base, vocab_size=self.tokenizer.vocab_size)
        if tokens < MIN_TRAIN_TOKENS:
            raise TextTooShort(tokens=tokens, needed=MIN_TRAIN_TOKENS)
        batch = max(1, min(config.batch_size, tokens // (config.seq_len + 1)))
        seq_len = max(2, min(config.seq_len, tokens // batch - 1))
        if (batch, seq_len) != (config.batch_size, config.seq_len):
            log.info("small corpus: batch %d, seq_len %d", batch, seq_len)
        return replace(config, batch_size=batch, seq_len=seq_len)

    # the loop

    def _loop(self) -> str:
        cfg, opts = self.config, self.options
        streams = _streams(self.train_ids, cfg.batch_size)  # (batch, per_stream)
        chunks = max(1, (streams.shape[1] - 1) // cfg.seq_len)
        room = streams.shape[1] - 1 - cfg.seq_len
        self.total_steps = opts.planned_epochs * chunks
        if opts.max_steps is not None:
            self.total_steps = min(self.total_steps, opts.max_steps)
        self.started = self._last_eval = self._last_sample = time.monotonic()
        self.tokens = self.step = self.stale = 0
        self.train_loss = math.nan
        rng = np.random.default_rng(opts.seed)
        epoch = 0
        while True:
            # a new phase each epoch, so chunk boundaries fall elsewhere
            offset = int(rng.integers(0, min(cfg.seq_len, room) + 1)) if epoch else 0
            stop = self._epoch(streams, offset, epoch, chunks)
            if stop is not None:
                return stop
            epoch += 1
            self.epoch_float = float(epoch)
            if self._evaluate():
                return "early_stopped"
            if epoch >= opts.planned_epochs:
                return "finished"

    def _epoch(self, streams: Any, offset: int, epoch: int, chunks: int) -> str | None:
        """Train over one pass of the streams; return why to stop, if so."""
        cfg = self.config
        state = self.model.initial_state(cfg.batch_size)
        for i, start in enumerate(range(offset, streams.shape[1] - 1, cfg.seq_len)):
            end = min(start + cfg.seq_len, streams.shape[1] - 1)
            x = streams[:, start:end]  # (batch, seq)
            y = streams[:, start + 1 : end + 1]  # (batch, seq), shifted by one
            state = self._step(x, y, state)
            self.epoch_float = epoch + (i + 1) / chunks
            self._report()
            stop = self._budget_reason()
            if stop is not None:
                self._evaluate()
                return stop
            if self._periodic():
                return "early_stopped"
        return None

    def _step(self, x: Any, y: Any, state: Any) -> Any:
        """One optimiser step on a chunk; returns the detached state."""
        import torch

        cfg, model = self.config, self.model
        model.train()
        self._set_lr()
        x, y = x.to(self.device), y.to(self.device)
        logits, state = model(x, state)  # (batch, seq, vocab)
        loss = torch.nn.functional.cross_entropy(
            logits.reshape(-1, cfg.vocab_size), y.reshape(-1)
        )
        if not torch.isfinite(loss):
            self._finish("diverged")
            raise TrainingDiverged(step=self.step)
        self.ctx.check()
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.ctx.check()
        torch.nn.utils.clip_grad_norm_(model.parameters(), self.options.clip)
        self.optimizer.step()
        self.step += 1
        self.tokens += x.numel()
        value = float(loss.detach())
        smooth = self.train_loss
        self.train_loss = value if math.isnan(smooth) else 0.95 * smooth + 0.05 * value
        return state[0].detach(), state[1].detach()

    def _periodic(self) -> bool:
        """Evaluate and refresh the sample when due; True = stop early."""
        now = time.monotonic()
        if now - self._last_sample > self.options.sample_every_s:
            self._last_sample = now
            self._refresh_sample()
        if now - self._last_eval > self.options.eval_every_s:
            return self._evaluate()
        return False

    def _budget_reason(self) -> str | None:
        opts = self.options
        if opts.max_steps is not None and self.step >= opts.max_steps:
            return "step_limit"
        if opts.minutes is not None and self._elapsed() >= opts.minutes * 60:
            return "time_up"
        return None

    # schedule and reports

    def progress(self) -> float:
        """Fraction of the planned work done: steps or minutes, whichever leads."""
        by_steps = self.step / self.total_steps if self.total_steps else 0.0
        by_time = (
            self._elapsed() / (self.options.minutes * 60)
            if self.options.minutes
            else 0.0
        )
        return min(1.0, max(by_steps, by_time))

    def _set_lr(self) -> None:
        peak = self.config.lr
        warmup = self.options.warmup_steps
        # warm-up ends after warmup_steps or 3% of the plan, whichever is first,
        # so a slow machine with a minutes budget does not spend it warming up
        warm = max((self.step + 1) / warmup, self.progress() / 0.03)
        if warm < 1.0:
            lr = peak * warm
        else:
            cosine = 0.5 * (1 + math.cos(math.pi * self.progress()))
            lr = peak * (MIN_LR_RATIO + (1 - MIN_LR_RATIO) * cosine)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        self.lr = lr

    def _elapsed(self) -> float:
        return time.monotonic() - self.started

    def metrics(self) -> dict[str, float]:
        """Live figures for the progress report (floats only)."""
        elapsed = max(self._elapsed(), 1e-6)
        fraction = self.progress()
        metrics = {
            "train_loss": self.train_loss,
            "tokens_per_s": self.tokens / elapsed,
            "epoch": self.epoch_float,
            "step": float(self.step),
            "lr": self.lr,
            "progress": fraction,
            "elapsed_s": elapsed,
        }
        if fraction > 0:
            metrics["eta_s"] = elapsed * (1 - fraction) / fraction
        if self.history and "val_loss" in self.history[-1]:
            val = self.history[-1]["val_loss"]
            metrics["val_loss"] = val
            metrics["perplexity"] = math.exp(min(val, 50.0))
            if self.tokenizer.kind == "char":
                metrics["bits_per_char"] = val / math.log(2)
        if self.best is not None:
            metrics["best_val_loss"] = self.best
        return metrics

    def _report(self) -> None:
        total = self.total_steps
        if not math.isfinite(total):
            fraction = self.progress()
            total = self.step / fraction if fraction > 0 else None
        self.ctx.report(
            self.step,
            total,
            QT_TRANSLATE_NOOP("engine", "Epoch {epoch}, step {step}"),
            metrics=self.metrics(),
            epoch=int(self.epoch_float) + 1,
            step=self.step,
            sample=self.sample,
        )

    def _refresh_sample(self) -> None:
        from engine.text.generate import GenerationOptions, generate_text

        options = GenerationOptions(
            max_tokens=self.options.sample_tokens, temperature=0.8, seed=self.step
        )
        self.sample = generate_text(
            self.model, self.tokenizer, "", options, token=self.ctx.token
        )
        self.ctx.report(
            self.step,
            None,
            QT_TRANSLATE_NOOP("engine", "New sample at step {step}"),
            force=True,
            metrics=self.metrics(),
            step=self.step,
            sample=self.sample,
        )

    # evaluation and checkpoints

    def _evaluate(self) -> bool:
        """Measure validation loss, keep the best weights; True = stop early."""
        val = self.validation_loss()
        entry = {
            "step": float(self.step),
            "epoch": self.epoch_float,
            "elapsed_s": self._elapsed(),
            "train_loss": self.train_loss,
            "lr": self.lr,
        }
        score = val if val is not None else self.train_loss
        if val is not None:
            entry["val_loss"] = val
        self.history.append(entry)
        self._last_eval = time.monotonic()
        if math.isfinite(score) and (self.best is None or score < self.best - 1e-4):
            self.best = score
            self.stale = 0
            self._save()
        else:
            self.stale += 1
        self._write_metrics("running")
        log.info("step %d: train %.4f val %s", self.step, self.train_loss, val)
        return self.stale >= self.options.patience

    def validation_loss(self) -> float | None:
        """Mean loss per token on the held-out text, state carried as in training.

        Limit: only the first ``eval_tokens`` held-out tokens are scored, so on
        a large corpus the figure describes the start of each file's tail.
        """
        import torch

        # a fixed slice, so every evaluation is comparable and costs bounded time
        ids = self.val_ids[: self.options.eval_tokens]
        if len(ids) < 2:
            return None
        cfg = self.config
        batch = max(1, min(cfg.batch_size, (len(ids) - 1) // cfg.seq_len))
        streams = _streams(ids, batch)
        model = self.model
        model.eval()
        total, count = 0.0, 0
        with torch.inference_mode():
            state = model.initial_state(batch)
            for start in range(0, streams.shape[1] - 1, cfg.seq_len):
                self.ctx.check()
                end = min(start + cfg.seq_len, streams.shape[1] - 1)
                chunk = streams[:, start:end].to(self.device)
                logits, state = model(chunk, state)
                target = streams[:, start + 1 : end + 1].to(self.device)
                total += float(
                    torch.nn.functional.cross_entropy(
                        logits.reshape(-1, cfg.vocab_size),
                        target.reshape(-1),
                        reduction="sum",
                    )
                )
                count += target.numel()
        return total / count if count else None

    def _save(self) -> None:
        save_checkpoint(
            self.run_dir,
            self.model,
            self.tokenizer,
            extra={
                "files": [str(d.path) for d in self.corpus.documents],
                "preset": self.options.preset,
                "options": _jsonable(asdict(self.options)),
                "step": self.step,
                "val_loss": self.best,
                "parameters": parameter_count(self.config),
            },
        )
        self.saved = True

    def _write_metrics(self, status: str) -> None:
        write_metrics(
            self.run_dir,
            {
                "status": status,
                "best_val_loss": self.best,
                "steps": self.step,
                "tokens": self.tokens,
                "tokens_per_s": self.tokens / max(self._elapsed(), 1e-6),
                "tokenizer": self.tokenizer.kind,
                "vocab_size": self.tokenizer.vocab_size,
                "history": self.history,
                "sample": self.sample,
                "skipped": [
                    {"path": str(s.path), "reason": str(s.error)}
                    for s in self.corpus.skipped
                ],
            },
        )

    def _finish(self, stopped: str) -> TrainResult:
        if not self.saved and stopped != "diverged":
            # nothing better was kept yet: keep the current weights
            self._save()
        if stopped not in ("cancelled", "diverged") and not self.sample:
            self._refresh_sample()
        self._write_metrics(stopped)
        log.info(
            "training %s ended (%s): best %s after %d steps",
            self.run_dir.name,
            stopped,
            self.best,
            self.step,
        )
        return TrainResult(
            run_dir=self.run_dir,
            stopped=stopped,
            best_val_loss=self.best,
            steps=self.step,
            epochs=self.epoch_float,
            tokens_per_s=self.tokens / max(self._elapsed(), 1e-6),
            parameters=parameter_count(self.config),
            tokenizer=self.tokenizer.kind,
            vocab_size=self.tokenizer.vocab_size,
            sample=self.sample,
            history=list(self.history),
            skipped=self.corpus.skipped,
        )


def _streams(ids: Any, batch: int) -> Any:
    """Lay ``ids`` out as ``batch`` contiguous rows: (batch, len(ids) // batch)."""
    per = len(ids) // batch
    return ids[: per * batch].view(batch, per)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v if isinstance(v, (int, float, str, bool, dict, type(None))) else str(v))
        for k, v in data.items()
    }
