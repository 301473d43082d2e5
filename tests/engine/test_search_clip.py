"""Search with the real ViT-B/32 CLIP architecture (random weights imported
through the same path as real ones): the short text encoding, the model
cache, the command line and the missing-model message."""

from __future__ import annotations

import json

import pytest
import torch
from PIL import Image

from engine import cli
from engine.project import Project
from engine.vision import embed, indexing
from engine.vision.embed import ClipEmbedder, EmptyQuery, NeedsMultilingualModel
from engine.vision.indexing import index_photos
from engine.vision.search import search
from engine.weights import ModelMissing, import_model, load_model

torch.set_num_threads(1)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def clip_home(tmp_path_factory):
    """An app-data folder with random-valued ViT-B/32 installed (built once:
    ~600 MB in memory, ~350 MB on disk while importing)."""
    import open_clip
    from safetensors.torch import save_file

    home = tmp_path_factory.mktemp("clip-home")
    torch.manual_seed(0)
    source = open_clip.create_model("ViT-B-32", pretrained=None)
    path = home / "random.safetensors"
    save_file({k: v.contiguous() for k, v in source.state_dict().items()}, str(path))
    del source
    import_model("clip-vit-b32", path, models_dir=home / "models")
    path.unlink()
    return home


@pytest.fixture(scope="session")
def clip(clip_home):
    return ClipEmbedder(load_model("clip-vit-b32", models_dir=clip_home / "models"))


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p") as opened:
        yield opened
    indexing.forget_open_indexes()


def photos(folder, n=4):
    folder.mkdir(parents=True, exist_ok=True)
    colours = ["red", "green", "blue", "yellow", "white", "black"]
    for i in range(n):
        Image.new("RGB", (320, 240), colours[i % 6]).save(folder / f"{i} 照片.jpg")
    return folder


def test_short_text_encoding_equals_the_full_77_token_encoding(clip):
    module = clip.loaded.module
    texts = ["a dog", "a red bicycle in the snow", "x " * 3000, "the"]
    tokens = clip.loaded.tokenizer(texts)  # (4, 77)
    with torch.inference_mode():
        full = module.encode_text(tokens)
        short = embed.encode_text_tokens(module, tokens)
        alone = embed.encode_text_tokens(module, tokens[:1])
    assert torch.allclose(full, short, atol=1e-5)
    assert torch.allclose(full[:1], alone, atol=1e-5)


def test_index_and_query_by_text_and_photo_with_clip(project, clip, tmp_path):
    folder = photos(tmp_path / "photos")
    report = index_photos(project, [folder], embedder=clip, batch_size=2)
    assert report.encoded == 4

    result = search(project, "a red bicycle in the snow", k=10, embedder=clip)
    assert len(result.hits) == 4  # k larger than the collection
    assert all(-1 <= h.score <= 1 for h in result.hits)
    long = search(project, "a photo of a cat " * 130, k=2, embedder=clip)  # 2,210 chars
    assert len(long.hits) == 2

    # a copy of photo 0 finds photo 0 first (same pixels, same vector)
    (tmp_path / "copy.jpg").write_bytes((folder / "0 照片.jpg").read_bytes())
    by_photo = search(project, photo=tmp_path / "copy.jpg", k=1, embedder=clip)
    assert by_photo.hits[0].path == str(folder / "0 照片.jpg")
    assert by_photo.hits[0].score == pytest.approx(1.0, abs=1e-4)

    with pytest.raises(EmptyQuery):
        search(project, "    ", embedder=clip)
    with pytest.raises(NeedsMultilingualModel):
        search(project, "一只红色的自行车", embedder=clip)


def test_the_command_line_indexes_searches_and_lists_duplicates(
    clip_home, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("PICTOR_HOME", str(clip_home))
    embed.release_embedders()
    folder = photos(tmp_path / "photos", n=3)
    (folder / "copy.jpg").write_bytes((folder / "1 照片.jpg").read_bytes())
    assert cli.main(["init", str(tmp_path / "p")]) == 0
    capsys.readouterr()

    assert cli.main(["index", str(tmp_path / "p"), str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["found"], report["encoded"]) == (4, 3)  # the copy is read once

    assert cli.main(["search", str(tmp_path / "p"), "green grass", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found["hits"]) == 4
    assert "no_good_match" in found

    assert cli.main(["duplicates", str(tmp_path / "p"), "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    assert sorted(f["path"] for f in groups[0]["files"]) == sorted(
        [str(folder / "copy.jpg"), str(folder / "1 照片.jpg")]
    )

    assert cli.main(["search", str(tmp_path / "p"), "海边的日落"]) == 1
    assert "Chinese" in capsys.readouterr().err
    embed.release_embedders()
    indexing.forget_open_indexes()


def test_missing_weights_say_so_with_the_size(project, tmp_path):
    embed.release_embedders()
    photos(tmp_path / "photos", n=1)
    with pytest.raises(ModelMissing) as caught:
        index_photos(project, [tmp_path / "photos"])
    assert "GB" in str(caught.value) or "MB" in str(caught.value)
    assert "not installed" in str(caught.value)
