"""Reading a user's text: encodings, line endings, refusals and the split."""

from __future__ import annotations

import codecs

import pytest

from engine.text.corpus import (
    BinaryTextFile,
    Corpus,
    EmptyTextFile,
    NoUsableText,
    read_text_file,
    split_units,
)

POEM = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("gbk", b""),
        ("gb18030", b""),
        ("utf-16", b""),  # Python writes the BOM itself
        ("utf-8", codecs.BOM_UTF8),
        ("utf-8", b""),
    ],
)
def test_chinese_text_decodes_in_every_common_encoding(tmp_path, encoding, prefix):
    path = tmp_path / f"poem-{encoding}.txt"
    path.write_bytes(prefix + POEM.encode(encoding))
    doc = read_text_file(path)
    assert doc.text == POEM
    assert not doc.text.startswith("\ufeff")


def test_mixed_line_endings_become_newlines(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"one\r\ntwo\rthree\nfour")
    doc = read_text_file(path)
    assert doc.text == "one\ntwo\nthree\nfour"
    assert doc.stats.lines == 4


def test_empty_and_binary_files_are_refused_by_name(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \r\n\n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4)
    for path, error in (
        (empty, EmptyTextFile),
        (blank, EmptyTextFile),
        (binary, BinaryTextFile),
    ):
        with pytest.raises(error, match=path.name) as info:
            read_text_file(path)
        assert info.value.params["path"].endswith(path.name)


def test_a_corpus_skips_bad_files_and_keeps_the_rest(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(POEM, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\0\1\2\3" * 100)
    corpus = Corpus.from_files([bad, good, tmp_path / "missing.txt"])
    assert [d.path for d in corpus.documents] == [good]
    assert [s.path.name for s in corpus.skipped] == ["bad.txt", "missing.txt"]
    assert corpus.stats.characters == len(POEM)
    with pytest.raises(NoUsableText, match="bad.txt"):
        Corpus.from_files([bad])


def test_validation_is_held_out_from_the_end_of_each_file():
    first = "".join(f"line {i}\n" for i in range(100))
    second = "".join(f"行 {i}\n" for i in range(50))
    corpus = Corpus.from_texts([first, second])
    (train1, val1), (train2, val2) = corpus.parts()
    assert train1 + val1 == first
    assert train2 + val2 == second
    assert val1.startswith("line 9")
    assert val1.endswith("line 99\n")
    assert 0.05 < len(val1) / len(first) < 0.15
    assert val2.endswith("行 49\n")


def test_one_enormous_line_is_read_split_and_counted(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("词" * 2_000_000, encoding="utf-8")
    doc = read_text_file(path)
    assert doc.stats.lines == 1
    assert doc.stats.distinct_characters == 1
    train, val = doc.split(0.1)
    assert len(val) == 200_000
    assert len(train) + len(val) == 2_000_000


def test_paragraphs_and_lines_keep_their_line_numbers():
    text = "a\nb\n\n\nc\n"
    assert split_units(text, "line") == [(1, "a"), (2, "b"), (5, "c")]
    assert split_units(text, "paragraph") == [(1, "a\nb"), (5, "c")]
