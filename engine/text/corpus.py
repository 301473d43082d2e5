"""Reading a user's text files: encoding detection, line endings, refusals of
empty and binary files, statistics and the training/validation split."""

from __future__ import annotations

import codecs
import logging
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import JobContext

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

VALIDATION_FRACTION = 0.1
# Files are judged on a sample: enough to be sure, cheap on huge files.
SAMPLE_BYTES = 1 << 20
MIN_PRINTABLE_RATIO = 0.95
# Chinese encodings a detector may name by a subset; GB18030 decodes them all.
_ENCODING_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030"}
# Double-byte codecs whose byte ranges overlap GBK's: on a few words of
# simplified Chinese a detector often names one of these instead.
_OTHER_CJK_CODECS = frozenset(
    {
        "big5",
        "big5hkscs",
        "cp949",
        "cp950",
        "euc_kr",
        "johab",
        "shift_jis",
        "cp932",
        "shift_jis_2004",
        "shift_jisx0213",
        "euc_jp",
        "euc_jis_2004",
        "euc_jisx0213",
    }
)
# Share of decoded characters that must look like text for UTF-16 without a BOM.
MIN_UTF16_PLAUSIBLE = 0.95
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class TextFileError(UserError):
    template = QT_TRANSLATE_NOOP("engine", "“{path}” cannot be read as text.")


class EmptyTextFile(TextFileError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{path}” is empty: it holds no text to learn from."
    )


class BinaryTextFile(TextFileError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "“{path}” is not a text file (it holds binary data). Choose a plain "
        "text file (.txt) saved as UTF-8, UTF-16 or GBK.",
    )


class UnreadableTextFile(TextFileError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{path}” cannot be opened: {reason}. Check that it still exists."
    )


class NoUsableText(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "None of the {count} chosen files holds usable text. First problem: {first}",
    )


@dataclass(frozen=True)
class TextStats:
    """Size figures a user sees for a file or a corpus."""

    characters: int
    distinct_characters: int
    lines: int


@dataclass(frozen=True)
class TextDocument:
    """One decoded text file with ``\\n`` line endings."""

    path: Path
    text: str
    encoding: str

    @property
    def stats(self) -> TextStats:
        return text_stats(self.text)

    def split(self, fraction: float = VALIDATION_FRACTION) -> tuple[str, str]:
        """Return (training part, validation part held out from the end)."""
        return split_tail(self.text, fraction)


@dataclass(frozen=True)
class SkippedFile:
    """A file left out of a corpus, with the reason a user reads."""

    path: Path
    error: TextFileError


@dataclass(frozen=True)
class Corpus:
    """The text a model learns from: several documents, plus skipped files."""

    documents: tuple[TextDocument, ...]
    skipped: tuple[SkippedFile, ...] = ()
    validation_fraction: float = VALIDATION_FRACTION

    @classmethod
    def from_files(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        *,
        validation_fraction: float = VALIDATION_FRACTION,
        ctx: JobContext | None = None,
    ) -> Corpus:
        """Read every file; bad ones are skipped with a reason, the rest go on.

        Args:
            paths: text files chosen by the user.
            validation_fraction: share of each file held out from its end.
            ctx: reports progress and honours cancel between files.

        Returns:
            The corpus; ``skipped`` names the files left out and why.

        Raises:
            NoUsableText: no file could be used.
        """
        paths = [Path(p) for p in paths]
        documents, skipped = [], []
        for i, path in enumerate(paths):
            if ctx is not None:
                ctx.report(
                    i,
                    len(paths),
                    QT_TRANSLATE_NOOP("engine", "Reading {name}"),
                    name=path.name,
                )
            try:
                documents.append(read_text_file(path))
            except TextFileError as exc:
                log.warning("skipped %s: %s", path, exc)
                skipped.append(SkippedFile(path, exc))
        if not documents:
            first = str(skipped[0].error) if skipped else "-"
            raise NoUsableText(count=len(paths), first=first)
        return cls(tuple(documents), tuple(skipped), validation_fraction)

    @classmethod
    def from_texts(cls, texts: Sequence[str], **kwargs: float) -> Corpus:
        """A corpus of in-memory texts (pasted text, tests)."""
        docs = tuple(
            TextDocument(Path(f"text-{i + 1}"), normalise_newlines(t), "utf-8")
            for i, t in enumerate(texts)
        )
        return cls(docs, (), **kwargs)

    @property
    def stats(self) -> TextStats:
        distinct: set[str] = set()
        characters = lines = 0
        for doc in self.documents:
            s = text_stats(doc.text, distinct=distinct)
            characters += s.characters
            lines += s.lines
        return TextStats(characters, len(distinct), lines)

    def parts(self) -> list[tuple[str, str]]:
        """(training, validation) text of each document."""
        return [doc.split(self.validation_fraction) for doc in self.documents]

    def training_texts(self) -> list[str]:
        return [train for train, _ in self.parts()]

    def validation_texts(self) -> list[str]:
        return [val for _, val in self.parts()]


def read_text_file(path: str | os.PathLike[str]) -> TextDocument:
    """Read a text file in whatever encoding it was saved.

    Args:
        path: the file.

    Returns:
        The decoded text with ``\\n`` line endings and the encoding used.

    Raises:
        EmptyTextFile, BinaryTextFile, UnreadableTextFile: with the file named.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableTextFile(
            path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    text, encoding = decode_bytes(data, name=str(path))
    text = normalise_newlines(text)
    if not text.strip():
        raise EmptyTextFile(path=str(path))
    log.info("read %s (%s, %d characters)", path, encoding, len(text))
    return TextDocument(path, text, encoding)


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding). ``name`` goes into errors."""
    if not data.strip():
        raise EmptyTextFile(path=name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_checked(data, encoding, name=name), encoding
    sample = data[:SAMPLE_BYTES]
    if b"\0" in sample:
        encoding = _bomless_utf16(sample) if len(data) % 2 == 0 else None
        if encoding is None:
            raise BinaryTextFile(path=name)
        return _decode_checked(data, encoding, name=name), encoding
    try:
        return _decode_checked(data, "utf-8", name=name, strict=True), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _detect(sample, name=name)
    return _decode_checked(data, encoding, name=name), encoding


def _detect(sample: bytes, *, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        # the detector gives up on GBK text with many symbols (□ for lost
        # characters, as in old poetry collections); GB18030 may still fit
        if _decodes_as(sample, "gb18030"):
            return "gb18030"
        raise BinaryTextFile(path=name)
    encoding = _codec_name(best.encoding)
    if encoding in _OTHER_CJK_CODECS and _is_simplified_chinese(sample):
        # Limit: a short EUC-KR Korean file decodes as common Chinese
        # characters too (Hangul shares GB2312's byte range), so it is read
        # as Chinese mojibake; longer ones usually bring bytes outside GB2312.
        log.info("%s: %s guessed, reading as GB18030", name, encoding)
        return "gb18030"
    return _ENCODING_ALIASES.get(encoding.replace("_", ""), encoding)


def _codec_name(encoding: str) -> str:
    """Python's own name for a codec (``euc-kr`` -> ``euc_kr``)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def _decodes_as(sample: bytes, encoding: str) -> str | None:
    """The strict decoding of ``sample`` (a character cut at its end is
    allowed) or None."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return None


def _is_simplified_chinese(sample: bytes) -> bool:
    """True when ``sample`` is GB18030 whose every non-ASCII character is in
    GB2312, the common simplified characters (Big5 or Shift-JIS text decoded
    this way lands on rarer characters outside it)."""
    text = _decodes_as(sample, "gb18030")
    if text is None:
        return False
    try:
        "".join(ch for ch in text if ord(ch) > 127).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without a byte-order mark: the byte order whose strict decoding
    looks most like text, or None.

    NULs in UTF-16 text are mostly the high byte of ASCII characters (line
    breaks, spaces, digits), so the byte order must put most NULs there;
    binary data that happens to decode is caught by that and by the share
    of plausible characters.
    """
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    scores = {}
    for encoding, high, low in (
        ("utf-16-le", odd_nuls, even_nuls),
        ("utf-16-be", even_nuls, odd_nuls),
    ):
        # Limit: a file of CJK characters alone, without one line break or
        # other ASCII character, is refused when it holds a character such
        # as 一 (U+4E00) whose low byte is NUL.
        text = _decodes_as(sample, encoding) if high >= low else None
        if text:
            scores[encoding] = plausible_ratio(text)
    if not scores:
        return None
    encoding = max(scores, key=scores.__getitem__)
    return encoding if scores[encoding] >= MIN_UTF16_PLAUSIBLE else None


def plausible_ratio(text: str) -> float:
    """Share of characters that could be in a text file: printable ones
    (letters, CJK, punctuation...), spaces of any width, tab and line
    breaks; never controls, private-use or unassigned code points."""
    if not text:
        return 1.0
    good = sum(1 for ch in text if _is_plausible(ch))
    return good / len(text)


def _is_plausible(ch: str) -> bool:
    return ch.isprintable() or ch in "\t\n\r" or unicodedata.category(ch) == "Zs"


def _decode_checked(
    data: bytes, encoding: str, *, name: str, strict: bool = False
) -> str:
    try:
        text = data.decode(encoding, errors="strict" if strict else "replace")
    except LookupError as exc:
        raise BinaryTextFile(path=name) from exc
    if printable_ratio(text[: SAMPLE_BYTES // 2]) < MIN_PRINTABLE_RATIO:
        raise BinaryTextFile(path=name)
    return text


def printable_ratio(text: str) -> float:
    """Share of characters that are printable or whitespace (form feeds and
    the ideographic space of Chinese text included)."""
    if not text:
        return 1.0
    bad = sum(1 for ch in text if not _is_plausible(ch) and ch != "\f")
    return 1.0 - bad / len(text)


def normalise_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n`` (two linear passes)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_stats(text: str, *, distinct: set[str] | None = None) -> TextStats:
    """Characters, distinct characters and lines of ``text``."""
    chars = set(text)
    if distinct is not None:
        distinct |= chars
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    return TextStats(len(text), len(chars), lines)


def split_tail(text: str, fraction: float) -> tuple[str, str]:
    """Hold out about ``fraction`` of ``text`` from its end, at a line break
    when one lies near the cut (a single enormous line is cut mid-line)."""
    if fraction <= 0 or len(text) < 2:
        return text, ""
    cut = len(text) - max(1, int(len(text) * fraction))
    window = max(1, int(len(text) * fraction / 2))
    newline = text.rfind("\n", cut - window, cut + window)
    if newline > 0:
        cut = newline + 1
    return text[:cut], text[cut:]


def split_units(text: str, unit: str = "line") -> list[tuple[int, str]]:
    """Split into non-empty lines or paragraphs with their 1-based line number.

    Args:
        text: normalised text.
        unit: ``"line"`` or ``"paragraph"`` (blocks separated by blank lines).

    Returns:
        (line number, stripped text) pairs.
    """
    pieces: list[tuple[int, str]] = []
    block: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if unit == "line":
            if stripped:
                pieces.append((number, stripped))
            continue
        if stripped:
            start = start or number
            block.append(stripped)
        elif block:
            pieces.append((start, "\n".join(block)))
            block, start = [], 0
    if block:
        pieces.append((start, "\n".join(block)))
    return pieces


# The project remembers which text files its language models learn from, so
# the Text pane and the command line show and extend the same list.
TEXT_FILES_KEY = "text.files"


def project_text_files(project: Project) -> list[Path]:
    """The text files the project remembers, in the order they were added."""
    import json

    try:
        names = json.loads(project.store.get_meta(TEXT_FILES_KEY) or "[]")
    except ValueError:
        log.warning("the project's list of text files is damaged; starting anew")
        return []
    return [Path(n) for n in names if isinstance(n, str)]


def set_project_text_files(project: Project, paths: Sequence[Path]) -> None:
    """Remember ``paths`` as the project's text files."""
    import json

    names = json.dumps([str(p) for p in paths], ensure_ascii=False)
    project.store.set_meta({TEXT_FILES_KEY: names})


def add_project_text_files(project: Project, paths: Iterable[Path]) -> None:
    """Add ``paths`` (absolute) to the project's text files, once each."""
    files = project_text_files(project)
    for path in paths:
        path = Path(path).resolve()
        if path not in files:
            files.append(path)
    set_project_text_files(project, files)
