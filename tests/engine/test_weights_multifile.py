"""A model made of several files (multilingual CLIP: weights, tokenizer.json,
config.json) imported offline, file by file or as a folder: each file is
matched to its role by its name and checked; what is still missing is named.

The weight files here are tiny: the architecture is built without memory to
check them, so these tests need no 1.5 GB file.
"""

from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import save_file

from engine.cli import main
from engine.jobs import JobContext
from engine.weights import (
    MISSING,
    WrongShape,
    import_model,
    import_outcome,
    model_status,
)
from engine.weights.errors import (
    BadConfigFile,
    BadTokenizerFile,
    ConfigForAnotherModel,
    MissingLayers,
    NotAModelFile,
    SeveralWeightFiles,
    TokenizerTooLarge,
)
from engine.weights.installed import WEIGHTS_NAME
from tests.engine.test_weights_multilingual import (
    XLM_ROBERTA_BASE,
    _offline,
    _stand_in_tokenizer,
)

NAME = "clip-vit-b32-multilingual"


@pytest.fixture
def downloads(tmp_path):
    """What a user copied from another machine: the config and tokenizer."""
    folder = tmp_path / "下载 files"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(XLM_ROBERTA_BASE))
    _stand_in_tokenizer(folder)
    return folder


@pytest.fixture
def models_dir(tmp_path):
    return tmp_path / "models"


def tiny_weights(path, **tensors):
    save_file(tensors or {"visual.class_embedding": torch.zeros(768)}, str(path))
    return path


def sentences(info) -> str:
    return " ".join(t.format(**p) for t, p in import_outcome(info))


def test_weights_alone_are_kept_and_the_missing_files_named(tmp_path, models_dir):
    weights = tiny_weights(tmp_path / "open_clip_pytorch_model.safetensors")

    info = import_model(NAME, weights, models_dir=models_dir)

    assert info.status == MISSING
    assert info.missing_files == ("tokenizer.json", "config.json")
    text = sentences(info)
    assert "still needs tokenizer.json, config.json" in text
    assert "checked against config.json" in text
    assert "No official checksum is published" in text
    assert (models_dir / NAME / WEIGHTS_NAME).is_file()


def test_a_config_the_stored_weights_do_not_fit_is_refused(
    tmp_path, models_dir, downloads
):
    import_model(NAME, tiny_weights(tmp_path / "w.safetensors"), models_dir=models_dir)

    with pytest.raises(MissingLayers) as caught:
        import_model(NAME, downloads / "config.json", models_dir=models_dir)

    assert "w.safetensors" in str(caught.value)
    assert not (models_dir / NAME / "config.json").exists()
    info = model_status(NAME, models_dir=models_dir)
    assert info.missing_files == ("tokenizer.json", "config.json")


def test_a_folder_brings_config_and_tokenizer_and_skips_other_files(
    models_dir, downloads
):
    (downloads / "README.md").write_text("notes")
    (downloads / "open_clip_config.json").write_text("{}")

    info = import_model(NAME, downloads, models_dir=models_dir)

    assert info.status == MISSING
    assert info.missing_files == ("open_clip_pytorch_model.bin",)
    assert "still needs its weight file" in sentences(info)
    assert sorted(p.name for p in (models_dir / NAME).iterdir()) == [
        "config.json",
        "model.json",
        "tokenizer.json",
    ]


def test_a_wrong_weight_file_with_the_config_present_names_the_layer(
    tmp_path, models_dir, downloads
):
    import_model(NAME, downloads, models_dir=models_dir)
    # A BERT-sized vocabulary (30,522 rows) instead of XLM-R's 250,002.
    other = tiny_weights(
        tmp_path / "other.safetensors",
        **{"text.transformer.embeddings.word_embeddings.weight": torch.zeros(30522, 8)},
    )

    with pytest.raises(WrongShape) as caught:
        import_model(NAME, other, models_dir=models_dir)

    assert "word_embeddings" in str(caught.value)
    assert "250002" in str(caught.value)
    assert not (models_dir / NAME / WEIGHTS_NAME).exists()


def test_image_only_weights_are_refused_once_the_config_is_there(
    tmp_path, models_dir, downloads
):
    image_only = tiny_weights(tmp_path / "image-only.safetensors")
    with pytest.raises(MissingLayers):
        import_model(NAME, [downloads, image_only], models_dir=models_dir)
    assert not (models_dir / NAME / WEIGHTS_NAME).exists()


def test_a_config_for_another_text_model_is_refused(tmp_path, models_dir):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({**XLM_ROBERTA_BASE, "model_type": "bert"}))
    with pytest.raises(ConfigForAnotherModel) as caught:
        import_model(NAME, config, models_dir=models_dir)
    assert str(config) in str(caught.value)
    assert "“bert”" in str(caught.value)


def test_a_config_that_is_not_json_is_refused(tmp_path, models_dir):
    config = tmp_path / "config.json"
    config.write_text("vocab_size = 250002")
    with pytest.raises(BadConfigFile) as caught:
        import_model(NAME, config, models_dir=models_dir)
    assert str(config) in str(caught.value)


def test_a_damaged_tokenizer_is_refused(tmp_path, models_dir):
    tokenizer = tmp_path / "tokenizer.json"
    tokenizer.write_text('{"model": ')
    with pytest.raises(BadTokenizerFile) as caught:
        import_model(NAME, tokenizer, models_dir=models_dir)
    assert str(tokenizer) in str(caught.value)
    assert not (models_dir / NAME / "tokenizer.json").exists()


def test_a_tokenizer_larger_than_the_text_model_is_refused(
    tmp_path, models_dir, downloads
):
    small = tmp_path / "small"
    small.mkdir()
    (small / "config.json").write_text(
        json.dumps({**XLM_ROBERTA_BASE, "vocab_size": 10})
    )
    (small / "tokenizer.json").write_bytes((downloads / "tokenizer.json").read_bytes())
    with pytest.raises(TokenizerTooLarge) as caught:
        import_model(NAME, small, models_dir=models_dir)
    assert "has only 10:" in str(caught.value)


def test_files_that_are_no_part_of_the_model_are_named(tmp_path, models_dir):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(NotAModelFile) as caught:
        import_model(NAME, notes, models_dir=models_dir)
    assert str(notes) in str(caught.value)
    assert "tokenizer.json" in str(caught.value)

    first = tiny_weights(tmp_path / "a.safetensors")
    second = tiny_weights(tmp_path / "b.bin")
    with pytest.raises(SeveralWeightFiles) as caught:
        import_model(NAME, [first, second], models_dir=models_dir)
    assert "a.safetensors" in str(caught.value)
    assert "b.bin" in str(caught.value)


def test_the_command_names_what_is_still_missing(tmp_path, capsys, downloads):
    with _offline() as attempts:
        code = main(["models", "import", NAME, str(downloads / "config.json")])
    assert code == 0
    out = capsys.readouterr().out
    assert "still needs its weight file (.pth, .pt, .bin or .safetensors) and " in out
    assert "tokenizer.json" in out
    assert f"pictor models import {NAME} FILE..." in out
    assert attempts == []

    code = main(["models", "import", NAME, "--json", str(downloads / "tokenizer.json")])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["missing_files"] == ["open_clip_pytorch_model.bin"]


def test_a_download_checks_the_weights_against_the_config_it_brings(
    tmp_path, models_dir, downloads
):
    import dataclasses

    from engine.weights import REGISTRY, download_model
    from tests.engine.weights_server import WeightServer

    weights = tiny_weights(tmp_path / "open_clip_pytorch_model.bin")
    server = WeightServer(
        {
            "open_clip_pytorch_model.bin": weights.read_bytes(),
            "tokenizer.json": (downloads / "tokenizer.json").read_bytes(),
            "config.json": (downloads / "config.json").read_bytes(),
        }
    ).start()
    spec = REGISTRY[NAME]
    files = tuple(
        dataclasses.replace(file, url=server.url(file.filename)) for file in spec.files
    )
    registry = {NAME: dataclasses.replace(spec, files=files)}
    try:
        with pytest.raises(MissingLayers):
            download_model(NAME, JobContext(), models_dir=models_dir, registry=registry)
    finally:
        server.stop()
    assert [r["path"] for r in server.requests] == [
        "/config.json",
        "/tokenizer.json",
        "/open_clip_pytorch_model.bin",
    ]
    folder = models_dir / NAME
    assert not (folder / WEIGHTS_NAME).exists()
    assert not (folder / "open_clip_pytorch_model.bin").exists()
    info = model_status(NAME, models_dir=models_dir, registry=registry)
    assert info.missing_files == ("open_clip_pytorch_model.bin",)
