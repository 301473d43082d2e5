"""Measuring how fast this computer trains a language model of given sizes."""

from __future__ import annotations

import pytest
import torch

from engine.jobs import Cancelled, CancelToken
from engine.text import estimate
from engine.text.estimate import epoch_seconds, estimated_tokens, training_speed
from engine.text.lstm import LMConfig

torch.set_num_threads(1)

TINY = LMConfig(60, embed_size=16, hidden_size=16, layers=1, seq_len=12, batch_size=4)


def test_training_speed_is_measured_once_per_setting(monkeypatch):
    speed = training_speed(TINY)
    assert speed > 0

    def must_not_measure(*args, **kwargs):
        raise AssertionError("measured again")

    monkeypatch.setattr(estimate, "_measure", must_not_measure)
    assert training_speed(TINY) == speed
    wider = LMConfig(**{**TINY.__dict__, "hidden_size": 24, "embed_size": 24})
    with pytest.raises(AssertionError, match="measured again"):
        training_speed(wider)


def test_a_cancelled_measurement_is_not_remembered(monkeypatch):
    config = LMConfig(**{**TINY.__dict__, "vocab_size": 62})
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        training_speed(config, token=token)
    assert training_speed(config) > 0


def test_measuring_leaves_the_random_numbers_alone():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    training_speed(LMConfig(**{**TINY.__dict__, "vocab_size": 63}))
    assert torch.equal(torch.rand(3), expected)


def test_tokens_and_epoch_time_follow_the_tokenizer():
    assert estimated_tokens(1000, "char") == 1000
    assert estimated_tokens(3200, "bpe") == 1000
    assert epoch_seconds(6000, 2000.0) == 3.0
