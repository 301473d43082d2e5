"""Reading a CSV of texts and their labels: encoding, delimiter, header and
which column is which are detected; bad rows are reported with their line."""

from __future__ import annotations

import csv
import io
import logging
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.text.corpus import UnreadableTextFile, decode_bytes, normalise_newlines

log = logging.getLogger(__name__)

MIN_LABELS = 2
MIN_PER_LABEL = 2
# Header cells that name a column, lower-cased (English and Chinese).
TEXT_NAMES = frozenset(
    [
        "text",
        "texts",
        "sentence",
        "sentences",
        "content",
        "review",
        "comment",
        "message",
        "body",
        "document",
        "文本",
        "句子",
        "内容",
        "评论",
        "正文",
    ]
)
LABEL_NAMES = frozenset(
    [
        "label",
        "labels",
        "class",
        "category",
        "tag",
        "target",
        "sentiment",
        "标签",
        "类别",
        "分类",
        "类",
    ]
)

NO_LABEL = QT_TRANSLATE_NOOP("engine", "the label is empty")
NO_TEXT = QT_TRANSLATE_NOOP("engine", "the text is empty")
TOO_FEW_CELLS = QT_TRANSLATE_NOOP("engine", "the row has fewer than two columns")
LONE_EXAMPLE = QT_TRANSLATE_NOOP(
    "engine", "the label “{label}” has only this one example"
)


class LabelledCsvError(UserError):
    template = QT_TRANSLATE_NOOP("engine", "“{path}” cannot be read as a CSV file.")


class NoLabelledRows(LabelledCsvError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "“{path}” holds no rows with both a text and a label. Save it with two "
        "columns, the text and its label.",
    )


class TooFewLabels(LabelledCsvError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "“{path}” needs at least 2 labels with at least 2 examples each; it has "
        "{found}. Add examples.",
    )


@dataclass(frozen=True)
class LabelledText:
    """One example: a text, its label and the line it starts on."""

    text: str
    label: str
    line: int


@dataclass(frozen=True)
class BadRow:
    """A row left out, with the reason (an English template) a user reads."""

    line: int
    reason: str
    args: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.reason.format(**self.args)


@dataclass(frozen=True)
class LabelledCsv:
    """The examples of a CSV file and how the file was understood."""

    path: Path
    encoding: str
    delimiter: str
    has_header: bool
    text_column: int
    label_column: int
    examples: tuple[LabelledText, ...]
    bad_rows: tuple[BadRow, ...] = ()

    @property
    def labels(self) -> list[str]:
        """Distinct labels, sorted."""
        return sorted({e.label for e in self.examples})

    def counts(self) -> Counter[str]:
        return Counter(e.label for e in self.examples)


def read_labelled_csv(path: str | os.PathLike[str]) -> LabelledCsv:
    """Read a CSV of texts and labels in whatever encoding it was saved.

    Args:
        path: the file (comma, semicolon or tab separated; a header optional).

    Returns:
        The examples, with bad rows and labels with one example left out and
        listed in ``bad_rows``.

    Raises:
        EmptyTextFile, BinaryTextFile, UnreadableTextFile: the file itself.
        NoLabelledRows: no usable row.
        TooFewLabels: fewer than 2 labels have 2 examples or more.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableTextFile(
            path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    text, encoding = decode_bytes(data, name=str(path))
    text = normalise_newlines(text).lstrip("\ufeff")
    delimiter = _delimiter(text)
    rows = _rows(text, delimiter)
    header = bool(rows) and _is_header(rows[0][1])
    body = rows[1:] if header else rows
    text_col, label_col = _columns(rows[0][1] if header else None, body)
    found, bad = _examples(body, text_col, label_col)
    examples, lonely = _drop_lone_labels(found)
    result = LabelledCsv(
        path,
        encoding,
        delimiter,
        header,
        text_col,
        label_col,
        tuple(examples),
        tuple(sorted(bad + lonely, key=lambda b: b.line)),
    )
    _check(result, Counter(e.label for e in found))
    log.info(
        "read %s (%s): %d examples, %d labels, %d bad rows",
        path,
        encoding,
        len(examples),
        len(result.labels),
        len(result.bad_rows),
    )
    return result


def _delimiter(text: str) -> str:
    sample = "\n".join(text.split("\n")[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line where the row starts, stripped cells) of every non-blank row."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, start = [], 1
    try:
        for cells in reader:
            stripped = [c.strip() for c in cells]
            if any(stripped):
                rows.append((start, stripped))
            start = reader.line_num + 1
    except csv.Error as exc:
        log.warning("csv stops at line %d: %s", reader.line_num, exc)
    return rows


def _is_header(cells: Sequence[str]) -> bool:
    names = {c.lower() for c in cells}
    return bool(names & TEXT_NAMES) or bool(names & LABEL_NAMES)


def _columns(
    header: Sequence[str] | None, body: Sequence[tuple[int, list[str]]]
) -> tuple[int, int]:
    """(text column, label column): by header name, else by content."""
    if header is not None:
        names = [c.lower() for c in header]
        text = next((i for i, n in enumerate(names) if n in TEXT_NAMES), None)
        label = next((i for i, n in enumerate(names) if n in LABEL_NAMES), None)
        if text is not None and label is not None and text != label:
            return text, label
    width = max((len(cells) for _, cells in body), default=2)
    if width < 2:
        return 0, 1
    # the text is the column with the longest cells, the label the one with
    # the fewest distinct values among the others
    length = [_mean_length(body, i) for i in range(width)]
    text = max(range(width), key=lambda i: length[i])
    others = [i for i in range(width) if i != text]
    label = min(others, key=lambda i: (_distinct(body, i), i))
    return text, label


def _mean_length(body: Sequence[tuple[int, list[str]]], col: int) -> float:
    cells = [cells[col] for _, cells in body if col < len(cells)]
    return sum(len(c) for c in cells) / max(1, len(cells))


def _distinct(body: Sequence[tuple[int, list[str]]], col: int) -> int:
    values = {cells[col] for _, cells in body if col < len(cells) and cells[col]}
    return len(values) or len(body) + 1


def _examples(
    body: Sequence[tuple[int, list[str]]], text_col: int, label_col: int
) -> tuple[list[LabelledText], list[BadRow]]:
    examples, bad = [], []
    for line, cells in body:
        if len(cells) <= max(text_col, label_col):
            bad.append(BadRow(line, TOO_FEW_CELLS))
        elif not cells[text_col]:
            bad.append(BadRow(line, NO_TEXT))
        elif not cells[label_col]:
            bad.append(BadRow(line, NO_LABEL))
        else:
            examples.append(LabelledText(cells[text_col], cells[label_col], line))
    return examples, bad


def _drop_lone_labels(
    examples: list[LabelledText],
) -> tuple[list[LabelledText], list[BadRow]]:
    """Leave out labels with one example: they can be neither learned nor
    checked."""
    counts = Counter(e.label for e in examples)
    kept = [e for e in examples if counts[e.label] >= MIN_PER_LABEL]
    lonely = [
        BadRow(e.line, LONE_EXAMPLE, {"label": e.label})
        for e in examples
        if counts[e.label] < MIN_PER_LABEL
    ]
    return kept, lonely


def _check(result: LabelledCsv, found: Counter[str]) -> None:
    """``found`` counts every label read, lone examples included."""
    if not found:
        raise NoLabelledRows(path=str(result.path))
    if len(result.counts()) < MIN_LABELS:
        summary = ", ".join(f"“{label}” ({n})" for label, n in sorted(found.items()))
        raise TooFewLabels(path=str(result.path), found=summary)
