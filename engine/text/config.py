"""Sizes of the language model: its configuration and the presets a user
picks from (no torch or numpy here, so the command line starts fast)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from engine.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class LMConfig:
    """Everything needed to rebuild the network and how it was trained."""

    vocab_size: int
    embed_size: int = 384
    hidden_size: int = 384
    layers: int = 2
    dropout: float = 0.2
    seq_len: int = 128
    batch_size: int = 32
    lr: float = 3e-3
    tie_weights: bool = True

    @property
    def tied(self) -> bool:
        """Tying needs the embedding and hidden sizes to match."""
        return self.tie_weights and self.embed_size == self.hidden_size

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LMConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Preset:
    """A named model size a user picks from."""

    name: str
    label: str
    config: LMConfig


# Sizes measured on a 2-core laptop CPU with one training thread: Small
# ~6k characters/s, Medium ~3-4k, Large ~1.5k (a character vocabulary).
PRESETS: dict[str, Preset] = {
    "small": Preset(
        "small",
        QT_TRANSLATE_NOOP("engine", "Small (fast, rough)"),
        # No dropout and small batches: in the few epochs a small model gets
        # on a CPU it underfits, so twice the updates beat regularisation.
        LMConfig(
            0, embed_size=256, hidden_size=256, layers=2, dropout=0.0, batch_size=16
        ),
    ),
    "medium": Preset(
        "medium",
        QT_TRANSLATE_NOOP("engine", "Medium (balanced)"),
        LMConfig(0, embed_size=384, hidden_size=384, layers=2, batch_size=32),
    ),
    "large": Preset(
        "large",
        QT_TRANSLATE_NOOP("engine", "Large (slow, best with lots of text)"),
        LMConfig(0, embed_size=512, hidden_size=512, layers=3, seq_len=192, lr=2e-3),
    ),
}
# Ten minutes on tinyshakespeare with one training thread reached validation
# loss 1.48 nats/char with Small (1.59 with dropout 0.2 and batches of 32) and
# 1.63 with Medium (tests/bench/bench_lm.py), so Small is the default on
# machines like this one.
DEFAULT_PRESET = "small"


def preset_config(name: str, vocab_size: int) -> LMConfig:
    """The preset's configuration for a tokenizer of ``vocab_size`` ids."""
    return replace(PRESETS[name].config, vocab_size=vocab_size)


def parameter_count(config: LMConfig) -> int:
    """Number of trainable parameters the network of ``config`` has."""
    v, e, h, n = config.vocab_size, config.embed_size, config.hidden_size, config.layers
    lstm = sum(4 * h * ((e if i == 0 else h) + h) + 8 * h for i in range(n))
    output = v + (0 if config.tied else v * h)
    return v * e + lstm + output
