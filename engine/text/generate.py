"""Writing text with a trained language model, streamed piece by piece.

Sampling follows the usual controls: temperature, top-k (Fan et al., 2018)
and nucleus / top-p (Holtzman et al., 2020), or greedy decoding.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Cancelled, CancelToken, Job, JobContext
from engine.text.tokenizers import TextTokenizer

if TYPE_CHECKING:
    import torch

    from engine.text.network import LSTMLanguageModel

log = logging.getLogger(__name__)


class BadGenerationSetting(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "The setting “{name}” must be {rule} (it is {value})."
    )


@dataclass(frozen=True)
class GenerationOptions:
    """How to pick each next token.

    ``top_k`` 0 and ``top_p`` 1.0 switch those filters off; ``seed`` None
    draws a fresh seed; ``greedy`` always takes the most likely token.
    """

    max_tokens: int = 200
    temperature: float = 0.8
    top_k: int = 0
    top_p: float = 0.95
    seed: int | None = None
    greedy: bool = False

    def validate(self) -> None:
        """Raise :class:`BadGenerationSetting` for values out of range."""
        checks = (
            ("max_tokens", self.max_tokens >= 1, "at least 1"),
            ("temperature", self.temperature > 0, "greater than 0"),
            ("top_k", self.top_k >= 0, "0 (off) or more"),
            ("top_p", 0 < self.top_p <= 1, "above 0 and at most 1"),
        )
        for name, ok, rule in checks:
            if not ok:
                raise BadGenerationSetting(
                    name=name, rule=rule, value=getattr(self, name)
                )


def generate_stream(
    model: LSTMLanguageModel,
    tokenizer: TextTokenizer,
    prompt: str,
    options: GenerationOptions | None = None,
    *,
    token: CancelToken | None = None,
) -> Iterator[str]:
    """Yield the continuation of ``prompt`` as text pieces, as they are made.

    Pieces are whole characters: a character split over several byte tokens
    appears once its last byte is generated.

    Args:
        model: the network (put in eval mode here).
        tokenizer: its tokenizer; unseen prompt characters become the
            unknown id (characters) or bytes (BPE).
        prompt: text to continue; empty starts at a line break.
        options: sampling settings.
        token: cancel token, checked before every token.

    Yields:
        Text pieces; the prompt itself is not repeated.

    Raises:
        Cancelled: when ``token`` is cancelled.
    """
    import torch

    options = options or GenerationOptions()
    options.validate()
    model.eval()
    generator = torch.Generator()
    if options.seed is None:
        generator.seed()
    else:
        generator.manual_seed(options.seed)
    banned = tokenizer.never_sample()
    decoder = tokenizer.stream_decoder()
    # oneDNN's LSTM costs ~10 ms per call on a one-token step (measured: 8x
    # slower than the native kernel); it only pays off on long sequences.
    device = model.embedding.weight.device
    with torch.inference_mode(), native_lstm():
        ids = _prompt_ids(tokenizer, prompt).to(device)
        logits, state = model(ids[None, :])  # (1, prompt, vocab)
        # sampling runs on the CPU, so a seed gives the same text on any device
        last = logits[0, -1].cpu()
        for _ in range(options.max_tokens):
            if token is not None and token.cancelled:
                raise Cancelled
            next_id = choose_next(last, options, generator=generator, banned=banned)
            piece = decoder.feed(next_id)
            if piece:
                yield piece
            logits, state = model(torch.tensor([[next_id]], device=device), state)
            last = logits[0, -1].cpu()
    tail = decoder.flush()
    if tail:
        yield tail


def generate_text(
    model: LSTMLanguageModel,
    tokenizer: TextTokenizer,
    prompt: str,
    options: GenerationOptions | None = None,
    *,
    token: CancelToken | None = None,
) -> str:
    """The whole continuation of ``prompt`` as one string (see generate_stream)."""
    return "".join(generate_stream(model, tokenizer, prompt, options, token=token))


def generation_job(
    run_dir: str | os.PathLike[str],
    prompt: str,
    options: GenerationOptions | None = None,
    *,
    on_piece: Callable[[str], None] | None = None,
) -> Job:
    """A light job that loads the run's model and writes a continuation.

    Args:
        run_dir: the run folder.
        prompt: text to continue.
        options: sampling settings.
        on_piece: called in the job's thread with each new piece.

    Returns:
        A job whose result is the generated text; progress reports carry
        the text so far as the ``text`` message argument.
    """
    options = options or GenerationOptions()

    def run(ctx: JobContext) -> str:
        from engine.text.lstm import compute_device, load_checkpoint

        model, tokenizer = load_checkpoint(Path(run_dir), device=compute_device())
        pieces: list[str] = []
        stream = generate_stream(model, tokenizer, prompt, options, token=ctx.token)
        for piece in stream:
            pieces.append(piece)
            if on_piece is not None:
                on_piece(piece)
            ctx.report(
                len(pieces),
                options.max_tokens,
                QT_TRANSLATE_NOOP("engine", "Writing text"),
                text="".join(pieces),
            )
        return "".join(pieces)

    return Job(QT_TRANSLATE_NOOP("engine", "Write text"), run, heavy=False)


def choose_next(
    logits: torch.Tensor,
    options: GenerationOptions,
    *,
    generator: torch.Generator,
    banned: list[int] = (),  # type: ignore[assignment]
) -> int:
    """Pick the next id from (vocab,) logits with the sampling settings."""
    import torch

    logits = logits.float().clone()
    if banned and len(banned) < logits.numel():
        logits[banned] = float("-inf")
    if options.greedy:
        return int(torch.argmax(logits))
    logits = logits / options.temperature
    if 0 < options.top_k < logits.numel():
        kth = torch.topk(logits, options.top_k).values[-1]
        logits[logits < kth] = float("-inf")
    if options.top_p < 1.0:
        logits = _nucleus(logits, options.top_p)
    probs = torch.softmax(logits, dim=-1)
    return int(torch.multinomial(probs, 1, generator=generator))


def _nucleus(logits: torch.Tensor, top_p: float) -> torch.Tensor:
    """Keep the smallest set of most likely ids whose probability reaches top_p."""
    import torch

    sorted_logits, order = torch.sort(logits, descending=True)
    probs = torch.softmax(sorted_logits, dim=-1)
    before = torch.cumsum(probs, dim=-1) - probs  # mass of the ids ranked above
    drop = before >= top_p  # the first id always survives (before == 0)
    logits = logits.clone()
    logits[order[drop]] = float("-inf")
    return logits


@contextmanager
def native_lstm() -> Iterator[None]:
    """Use PyTorch's own LSTM kernel instead of oneDNN's within the block.

    Limit: the switch is process-wide, so a training job running meanwhile
    also uses the native kernel (its speed was measured to be about equal).
    """
    import torch

    mkldnn = torch.backends.mkldnn
    previous = mkldnn.enabled
    mkldnn.enabled = False
    try:
        yield
    finally:
        mkldnn.enabled = previous


def _prompt_ids(tokenizer: TextTokenizer, prompt: str) -> torch.Tensor:
    import torch

    ids = tokenizer.encode(prompt) if prompt else tokenizer.encode("\n")
    if len(ids) == 0:
        ids = tokenizer.encode("\n")
    if len(ids) == 0:
        ids = [0]
    return torch.as_tensor(ids, dtype=torch.long)
