"""Tokenizers for the language model: characters with a capped vocabulary, or
byte-level BPE trained with Hugging Face ``tokenizers``. Both save beside the
model and reload exactly, and both decode a stream of ids piece by piece."""

from __future__ import annotations

import codecs
import json
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Cancelled, JobContext

log = logging.getLogger(__name__)

CHAR_FILE = "chars.json"
BPE_FILE = "tokenizer.json"
UNK = "\ufffd"
DEFAULT_MAX_CHARS = 6000
DEFAULT_BPE_VOCAB = 4000
# Above this many characters (and for text that is not mostly Chinese) BPE
# gives the model more context per step than single characters do.
BPE_MIN_CHARACTERS = 5_000_000
CJK_HEAVY_RATIO = 0.3
# Text is encoded in pieces this long so progress and cancel stay prompt.
ENCODE_PIECE = 1 << 16
KINDS = ("auto", "char", "bpe")


class TokenizerFileError(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "The tokenizer files in “{path}” are missing or damaged."
    )


class StreamDecoder(Protocol):
    def feed(self, token_id: int) -> str:
        """Add one id; return the text it completes (may be empty)."""

    def flush(self) -> str:
        """Return whatever is left at the end of the stream."""


class TextTokenizer(Protocol):
    """What the model, the trainer and the generator need from a tokenizer."""

    kind: str

    @property
    def vocab_size(self) -> int: ...

    def encode(self, text: str) -> np.ndarray: ...

    def decode(self, ids: Sequence[int]) -> str: ...

    def stream_decoder(self) -> StreamDecoder: ...

    def never_sample(self) -> list[int]: ...

    def save(self, folder: Path) -> None: ...


# characters


class CharTokenizer:
    """One id per character; id 0 stands for characters outside the vocabulary."""

    kind = "char"

    def __init__(self, chars: Sequence[str]) -> None:
        self.chars = list(chars)
        self._codes = np.array([ord(c) for c in self.chars], dtype=np.uint32)
        self._order = np.argsort(self._codes)
        self._sorted = self._codes[self._order]

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        *,
        max_chars: int = DEFAULT_MAX_CHARS,
        ctx: JobContext | None = None,
    ) -> CharTokenizer:
        """Keep the ``max_chars`` most frequent characters of ``texts``.

        Args:
            texts: training text.
            max_chars: vocabulary cap (Chinese can exceed 5,000 characters).
            ctx: honours cancel between pieces.

        Returns:
            The tokenizer; ties in frequency are broken by code point.
        """
        counts: dict[int, int] = {}
        for piece in _pieces(texts):
            if ctx is not None:
                ctx.check()
            codes, n = np.unique(_code_points(piece), return_counts=True)
            for code, count in zip(codes.tolist(), n.tolist(), strict=True):
                counts[code] = counts.get(code, 0) + count
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ranked = [kv for kv in ranked if kv[0] != ord(UNK)]
        kept = sorted(code for code, _ in ranked[: max(1, max_chars - 1)])
        return cls([UNK] + [chr(c) for c in kept])

    @property
    def vocab_size(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """Ids of ``text`` (int64); unknown characters become id 0."""
        codes = _code_points(text)
        pos = np.searchsorted(self._sorted, codes)
        pos = np.minimum(pos, len(self._sorted) - 1)
        found = self._sorted[pos] == codes
        ids = np.where(found, self._order[pos], 0)
        return ids.astype(np.int64)

    def decode(self, ids: Sequence[int]) -> str:
        chars = self.chars
        return "".join(chars[i] if 0 <= i < len(chars) else UNK for i in ids)

    def stream_decoder(self) -> StreamDecoder:
        return _CharStream(self)

    def never_sample(self) -> list[int]:
        return [0]

    def save(self, folder: Path) -> None:
        data = {"kind": self.kind, "format": 1, "chars": self.chars}
        write_atomic(folder / CHAR_FILE, json.dumps(data, ensure_ascii=False))

    @classmethod
    def load(cls, folder: Path) -> CharTokenizer:
        path = folder / CHAR_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            chars = data["chars"]
            if not all(isinstance(c, str) and len(c) == 1 for c in chars):
                raise ValueError("bad character entry")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TokenizerFileError(path=str(folder)) from exc
        return cls(chars)


class _CharStream:
    def __init__(self, tokenizer: CharTokenizer) -> None:
        self._tokenizer = tokenizer

    def feed(self, token_id: int) -> str:
        return self._tokenizer.decode([token_id])

    def flush(self) -> str:
        return ""


def _code_points(text: str) -> np.ndarray:
    # (len(text),) uint32 without a Python loop over characters
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


# byte-level BPE


class BpeTokenizer:
    """Byte-level BPE: every text encodes, so there is no unknown token."""

    kind = "bpe"

    def __init__(self, tokenizer: object) -> None:
        self._tok = tokenizer
        byte_of = {ch: b for b, ch in _bytes_to_unicode().items()}
        vocab = tokenizer.get_vocab_size()  # type: ignore[attr-defined]
        self._bytes = [
            bytes(byte_of[ch] for ch in tokenizer.id_to_token(i))  # type: ignore[attr-defined]
            for i in range(vocab)
        ]

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        *,
        vocab_size: int = DEFAULT_BPE_VOCAB,
        ctx: JobContext | None = None,
    ) -> BpeTokenizer:
        """Learn merges from ``texts``; cancel is honoured within ~0.1 s.

        The trainer reads an iterator that checks the cancel token, and it
        runs in a helper thread that this one watches: a cancel during the
        final merge phase (which cannot be interrupted) returns at once and
        leaves the helper to finish and be discarded.

        Args:
            texts: training text.
            vocab_size: 256 byte tokens plus learned merges.
            ctx: progress and cancel.

        Returns:
            The trained tokenizer.
        """
        from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

        tok = Tokenizer(models.BPE())
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=max(257, vocab_size),
            min_frequency=2,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
        )
        token = ctx.token if ctx is not None else None
        pieces = list(_pieces(texts))
        state = {"read": 0}

        def feed() -> Iterator[str]:
            for piece in pieces:
                if token is not None and token.cancelled:
                    raise Cancelled
                state["read"] += 1
                yield piece

        def work() -> None:
            try:
                tok.train_from_iterator(feed(), trainer=trainer, length=len(pieces))
            except BaseException as exc:  # handed to the waiting thread
                state["error"] = exc

        worker = threading.Thread(target=work, name="bpe-train", daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.05)
            if ctx is not None:
                ctx.report(
                    state["read"],
                    len(pieces),
                    QT_TRANSLATE_NOOP("engine", "Learning the vocabulary"),
                )
        if isinstance(state.get("error"), Cancelled):
            raise Cancelled
        if "error" in state:
            raise state["error"]
        return cls(tok)

    @property
    def vocab_size(self) -> int:
        return len(self._bytes)

    def encode(self, text: str) -> np.ndarray:
        ids = self._tok.encode(text).ids  # type: ignore[attr-defined]
        return np.asarray(ids, dtype=np.int64)

    def decode(self, ids: Sequence[int]) -> str:
        data = b"".join(self._bytes[i] for i in ids if 0 <= i < len(self._bytes))
        return data.decode("utf-8", errors="replace")

    def stream_decoder(self) -> StreamDecoder:
        return _ByteStream(self._bytes)

    def never_sample(self) -> list[int]:
        return []

    def save(self, folder: Path) -> None:
        write_atomic(folder / BPE_FILE, self._tok.to_str())  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path) -> BpeTokenizer:
        from tokenizers import Tokenizer

        try:
            return cls(Tokenizer.from_file(str(folder / BPE_FILE)))
        except Exception as exc:  # the library raises plain Exception subclasses
            raise TokenizerFileError(path=str(folder)) from exc


class _ByteStream:
    """Emits only complete UTF-8 characters; a character split across two
    tokens appears when its last byte arrives."""

    def __init__(self, table: list[bytes]) -> None:
        self._table = table
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, token_id: int) -> str:
        return self._decoder.decode(self._table[token_id])

    def flush(self) -> str:
        return self._decoder.decode(b"", final=True)


def _bytes_to_unicode() -> dict[int, str]:
    """The byte-level alphabet: printable Latin-1 bytes stand for themselves,
    the other bytes are shifted past 255 so every byte is a visible char."""
    keep = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("¡"), ord("¬") + 1),
        *range(ord("®"), ord("ÿ") + 1),
    ]
    mapping = {b: chr(b) for b in keep}
    extra = 0
    for b in range(256):
        if b not in mapping:
            mapping[b] = chr(256 + extra)
            extra += 1
    return mapping


# choosing, encoding, saving


def choose_kind(texts: Sequence[str], requested: str = "auto") -> str:
    """``char`` for Chinese-heavy or small corpora, ``bpe`` otherwise.

    Args:
        texts: the training text.
        requested: ``auto``, ``char`` or ``bpe``; anything but auto wins.

    Returns:
        ``"char"`` or ``"bpe"``.
    """
    if requested in ("char", "bpe"):
        return requested
    total = sum(len(t) for t in texts)
    if total < BPE_MIN_CHARACTERS:
        return "char"
    return kind_for(total, cjk_ratio(texts))


def kind_for(characters: int, cjk: float, requested: str = "auto") -> str:
    """:func:`choose_kind` from figures alone: the corpus's length in
    characters and its share of CJK ideographs."""
    if requested in ("char", "bpe"):
        return requested
    if characters < BPE_MIN_CHARACTERS or cjk >= CJK_HEAVY_RATIO:
        return "char"
    return "bpe"


def cjk_ratio(texts: Sequence[str], *, sample: int = 200_000) -> float:
    """Share of CJK ideographs among the non-space characters of a sample."""
    text = "".join(t[:sample] for t in texts)[:sample]
    codes = _code_points(text)
    codes = codes[codes > 32]
    if codes.size == 0:
        return 0.0
    cjk = ((codes >= 0x3400) & (codes <= 0x9FFF)) | (
        (codes >= 0x20000) & (codes <= 0x2FA1F)
    )
    return float(cjk.mean())


def train_tokenizer(
    texts: Sequence[str],
    kind: str = "auto",
    *,
    ctx: JobContext | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    bpe_vocab: int = DEFAULT_BPE_VOCAB,
) -> TextTokenizer:
    """Build the tokenizer a model will use.

    Args:
        texts: training text.
        kind: ``auto``, ``char`` or ``bpe``.
        ctx: progress and cancel.
        max_chars: vocabulary cap for characters.
        bpe_vocab: vocabulary size for BPE.

    Returns:
        A trained :class:`CharTokenizer` or :class:`BpeTokenizer`.
    """
    chosen = choose_kind(texts, kind)
    log.info("training a %s tokenizer (requested %s)", chosen, kind)
    if chosen == "char":
        return CharTokenizer.train(texts, max_chars=max_chars, ctx=ctx)
    return BpeTokenizer.train(texts, vocab_size=bpe_vocab, ctx=ctx)


def load_tokenizer(folder: str | os.PathLike[str]) -> TextTokenizer:
    """Reload the tokenizer saved in ``folder`` (a run folder).

    Raises:
        TokenizerFileError: neither tokenizer file is readable.
    """
    folder = Path(folder)
    if (folder / CHAR_FILE).is_file():
        return CharTokenizer.load(folder)
    if (folder / BPE_FILE).is_file():
        return BpeTokenizer.load(folder)
    raise TokenizerFileError(path=str(folder))


def encode_texts(
    tokenizer: TextTokenizer, texts: Sequence[str], *, ctx: JobContext | None = None
) -> np.ndarray:
    """Encode texts into one id array; each text ends with a newline token.

    Pieces are cut after line breaks, so cutting does not change the ids
    (except inside a line longer than a piece, which is cut where it must be).
    """
    parts: list[np.ndarray] = []
    for text in texts:
        for piece in _pieces([text]):
            if ctx is not None:
                ctx.check()
            parts.append(tokenizer.encode(piece))
        if text and not text.endswith("\n"):
            parts.append(tokenizer.encode("\n"))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _pieces(texts: Sequence[str], size: int | None = None) -> Iterator[str]:
    """Slices of about ``size`` characters, cut after a newline when one is near."""
    size = size or ENCODE_PIECE
    for text in texts:
        start = 0
        while start < len(text):
            end = min(len(text), start + size)
            if end < len(text):
                newline = text.rfind("\n", start + size // 2, end)
                end = newline + 1 if newline >= 0 else end
            yield text[start:end]
            start = end


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then replace it."""
    tmp = path.with_name(f".{path.name}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
