"""How fast this computer trains a language model of given sizes: a few real
training steps on random token ids, timed, and remembered per setting."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from engine.jobs import CancelToken
from engine.text.lstm import LMConfig, build_model

log = logging.getLogger(__name__)

# Characters per token of byte-level BPE with 4,000 pieces, measured on
# tinyshakespeare (3.2); a character tokenizer has one token per character.
BPE_CHARS_PER_TOKEN = 3.2
WARMUP_STEPS = 1
TIMED_STEPS = 3

_speeds: dict[tuple[LMConfig, str, int], float] = {}
_lock = threading.Lock()


def training_speed(
    config: LMConfig,
    *,
    steps: int = TIMED_STEPS,
    warmup: int = WARMUP_STEPS,
    token: CancelToken | None = None,
) -> float:
    """Tokens per second this computer trains the network of ``config`` at.

    Times ``steps`` optimiser steps (forward, backward, AdamW) after
    ``warmup`` untimed ones, on random ids of the configured batch size and
    sequence length, on the device and with the threads of the compute
    settings. The figure is remembered for identical settings.

    Args:
        config: the sizes; ``vocab_size`` must be at least 2.
        steps: timed steps.
        warmup: untimed steps first (memory allocation, kernel choice).
        token: cancel token, checked before every step.

    Returns:
        Training tokens per second.

    Raises:
        Cancelled: when ``token`` is cancelled.
    """
    from engine import compute

    settings = compute.current()
    device = compute.resolve_device(settings.device)
    key = (config, device, settings.threads or compute.default_threads())
    with _lock:
        cached = _speeds.get(key)
    if cached is not None:
        return cached
    compute.apply(settings)
    speed = _measure(config, device, steps=steps, warmup=warmup, token=token)
    log.info("training speed of %s on %s: %.0f tokens/s", config, device, speed)
    with _lock:
        _speeds[key] = speed
    return speed


def _measure(
    config: LMConfig,
    device: str,
    *,
    steps: int,
    warmup: int,
    token: CancelToken | None,
) -> float:
    import torch

    # the measurement (dropout included) must not shift the random numbers
    # a later training run draws
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = build_model(config).to(device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr)
        shape = (config.batch_size, config.seq_len + 1)
        ids = torch.randint(config.vocab_size, shape).to(device)
        x, y = ids[:, :-1], ids[:, 1:]  # (batch, seq) each
        state = model.initial_state(config.batch_size)
        model.train()
        started = time.perf_counter()
        for step in range(warmup + steps):
            if token is not None:
                token.raise_if_cancelled()
            if step == warmup:
                started = time.perf_counter()
            state = _train_step(model, optimizer, x, y, state)
        elapsed = max(time.perf_counter() - started, 1e-9)
    return steps * x.numel() / elapsed


def _train_step(model: Any, optimizer: Any, x: Any, y: Any, state: Any) -> Any:
    """One step as the trainer takes it (clipping included)."""
    import torch

    logits, state = model(x, state)  # (batch, seq, vocab)
    loss = torch.nn.functional.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), y.reshape(-1)
    )
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    float(loss.detach())  # waits for a GPU to finish the step
    return state[0].detach(), state[1].detach()


def estimated_tokens(characters: int, kind: str) -> int:
    """Tokens a text of ``characters`` characters becomes with ``kind``
    (``char`` or ``bpe``); for BPE an average, as the pieces are not learnt
    yet."""
    if kind == "bpe":
        return max(1, round(characters / BPE_CHARS_PER_TOKEN))
    return characters


def epoch_seconds(tokens: int, tokens_per_s: float) -> float:
    """Seconds one pass over ``tokens`` training tokens takes."""
    return tokens / max(tokens_per_s, 1e-9)
