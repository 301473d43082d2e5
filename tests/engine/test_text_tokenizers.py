"""Character and byte-level BPE tokenizers: caps, unknowns, saving, streaming."""

from __future__ import annotations

import pytest

from engine.jobs import Cancelled, JobContext
from engine.text import tokenizers
from engine.text.tokenizers import (
    BpeTokenizer,
    CharTokenizer,
    choose_kind,
    encode_texts,
    load_tokenizer,
)

ENGLISH = "".join(
    f"The quick brown fox {i} jumps over the lazy dog.\n" for i in range(80)
)
CHINESE = "".join(f"春眠不觉晓，处处闻啼鸟{i}。\n" for i in range(80))


def test_char_vocabulary_keeps_the_most_frequent_and_maps_the_rest_to_unknown():
    tok = CharTokenizer.train(["aaaabbbc"], max_chars=3)
    assert tok.vocab_size == 3
    assert tok.decode(tok.encode("abc")) == "ab\ufffd"
    assert tok.encode("c😀")[0] == 0
    assert tok.never_sample() == [0]


def test_char_tokenizer_reloads_exactly(tmp_path):
    tok = CharTokenizer.train([ENGLISH + CHINESE])
    tok.save(tmp_path)
    again = load_tokenizer(tmp_path)
    sample = "The fox 春眠 不觉晓\n"
    assert again.kind == "char"
    assert again.encode(sample).tolist() == tok.encode(sample).tolist()
    assert again.decode(again.encode(sample)) == sample


def test_bpe_round_trips_unseen_text_and_reloads_exactly(tmp_path):
    tok = BpeTokenizer.train([ENGLISH + CHINESE], vocab_size=400)
    unseen = "Ünïcödé 😀 火锅 never seen"
    assert tok.decode(tok.encode(unseen)) == unseen
    tok.save(tmp_path)
    again = load_tokenizer(tmp_path)
    assert again.kind == "bpe"
    assert again.encode(unseen).tolist() == tok.encode(unseen).tolist()
    assert again.vocab_size == tok.vocab_size


def test_bpe_stream_emits_only_complete_characters():
    tok = BpeTokenizer.train([ENGLISH], vocab_size=300)
    ids = tok.encode("a😀b")
    stream = tok.stream_decoder()
    pieces = [stream.feed(int(i)) for i in ids] + [stream.flush()]
    assert "".join(pieces) == "a😀b"
    assert all("\ufffd" not in p for p in pieces)
    assert "😀" in pieces  # the emoji arrives whole, with its last byte


def test_automatic_choice_prefers_characters_for_chinese_and_small_text(monkeypatch):
    assert choose_kind([CHINESE]) == "char"
    assert choose_kind([ENGLISH]) == "char"
    monkeypatch.setattr(tokenizers, "BPE_MIN_CHARACTERS", 100)
    assert choose_kind([ENGLISH]) == "bpe"
    assert choose_kind([CHINESE]) == "char"
    assert choose_kind([CHINESE], "bpe") == "bpe"


def test_cancel_during_bpe_training_stops_promptly():
    def cancel_on_first_report(progress):
        ctx.token.cancel()

    ctx = JobContext(on_progress=cancel_on_first_report)
    with pytest.raises(Cancelled):
        BpeTokenizer.train([ENGLISH * 20], vocab_size=2000, ctx=ctx)


def test_encoding_in_pieces_matches_encoding_at_once(monkeypatch):
    tok = BpeTokenizer.train([ENGLISH], vocab_size=400)
    monkeypatch.setattr(tokenizers, "ENCODE_PIECE", 64)
    pieces = encode_texts(tok, [ENGLISH])
    assert pieces.tolist() == tok.encode(ENGLISH).tolist()
