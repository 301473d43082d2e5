"""The LSTM language-model network (imports torch; load it lazily)."""

from __future__ import annotations

import torch
from torch import nn

from engine.text.lstm import LMConfig

State = tuple[torch.Tensor, torch.Tensor]


class LSTMLanguageModel(nn.Module):
    """embedding -> multi-layer LSTM -> dropout -> linear over the vocabulary."""

    def __init__(self, config: LMConfig) -> None:
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.vocab_size, config.embed_size)
        self.lstm = nn.LSTM(
            config.embed_size,
            config.hidden_size,
            num_layers=config.layers,
            dropout=config.dropout if config.layers > 1 else 0.0,
            batch_first=True,
        )
        self.dropout = nn.Dropout(config.dropout)
        self.output = nn.Linear(config.hidden_size, config.vocab_size)
        # small uniform embeddings keep the (possibly tied) logits near zero
        nn.init.uniform_(self.embedding.weight, -0.1, 0.1)
        nn.init.zeros_(self.output.bias)
        if config.tied:
            self.output.weight = self.embedding.weight

    def forward(
        self, ids: torch.Tensor, state: State | None = None
    ) -> tuple[torch.Tensor, State]:
        """Next-token logits for every position.

        Args:
            ids: (batch, seq) token ids.
            state: (h, c), each (layers, batch, hidden), or None for zeros.

        Returns:
            logits (batch, seq, vocab) and the new state.
        """
        x = self.dropout(self.embedding(ids))  # (batch, seq, embed)
        out, state = self.lstm(x, state)  # (batch, seq, hidden)
        logits = self.output(self.dropout(out))  # (batch, seq, vocab)
        return logits, state

    def initial_state(self, batch: int) -> State:
        """Zero (h, c), each (layers, batch, hidden)."""
        p = self.embedding.weight
        shape = (self.config.layers, batch, self.config.hidden_size)
        return (
            torch.zeros(shape, dtype=p.dtype, device=p.device),
            torch.zeros(shape, dtype=p.dtype, device=p.device),
        )

    def encode(
        self, ids: torch.Tensor, lengths: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Top-layer hidden states of padded sequences, padding ignored.

        Args:
            ids: (batch, seq) ids, padded on the right.
            lengths: (batch,) true lengths, each >= 1.

        Returns:
            outputs (batch, seq, hidden), zero past each length, and the
            last real hidden state of the top layer (batch, hidden).
        """
        from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

        x = self.embedding(ids)  # (batch, seq, embed)
        packed = pack_padded_sequence(
            x, lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        out, (h, _) = self.lstm(packed)  # h: (layers, batch, hidden)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        return out, h[-1]
