"""Reading a user's text: encodings, line endings, refusals and the split."""

from __future__ import annotations

import codecs
import random

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


@pytest.mark.parametrize(
    "sentence",
    [
        "我今天心情很好",
        "你好",
        "中国",
        "今天天气不错, the weather is nice.",
        "他说: OK 好的",
        "春眠不觉晓，处处闻啼鸟。",
    ],
)
def test_short_gbk_files_are_read_as_chinese(tmp_path, sentence):
    path = tmp_path / "short.txt"
    path.write_bytes(sentence.encode("gbk"))
    doc = read_text_file(path)
    assert doc.text == sentence
    assert doc.encoding == "gb18030"


def test_gbk_poetry_full_of_lost_character_boxes_is_read(tmp_path):
    # old collections mark lost characters with □; the detector gives up on it
    poem = "减字木兰花\n和风动□。\n□□新年□入手。\n世事尘□。\n□□□情近酒□。\n" * 8
    path = tmp_path / "词.txt"
    path.write_bytes(poem.encode("gbk"))
    assert read_text_file(path).text == poem


def test_traditional_chinese_in_big5_stays_big5(tmp_path):
    paragraph = (
        "我們今天去學校讀書，老師說這個問題很難回答。\n"
        "天氣很好，大家都很開心，下午一起到公園散步。\n"
    )
    path = tmp_path / "繁體.txt"
    path.write_bytes(paragraph.encode("big5"))
    doc = read_text_file(path)
    assert doc.text == paragraph
    assert doc.encoding == "big5"


def test_a_short_utf8_file_is_unchanged(tmp_path):
    path = tmp_path / "utf8.txt"
    path.write_text("你好 hello", encoding="utf-8")
    doc = read_text_file(path)
    assert (doc.text, doc.encoding) == ("你好 hello", "utf-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [POEM, "鹅，鹅，鹅，\n曲项向天歌。\n", "Roses are red.\nViolets are blue.\n"],
)
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding, text):
    path = tmp_path / "nobom.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_text_file(path)
    assert doc.text == text
    assert doc.encoding == encoding


def test_random_bytes_are_refused_even_when_they_hold_nuls(tmp_path):
    data = random.Random(0).randbytes(4096)
    assert b"\0" in data
    path = tmp_path / "random.txt"
    path.write_bytes(data)
    with pytest.raises(BinaryTextFile, match="random.txt"):
        read_text_file(path)
    path.write_bytes("床前明月光\n".encode("utf-16-le") + b"\0")  # odd length
    with pytest.raises(BinaryTextFile):
        read_text_file(path)
