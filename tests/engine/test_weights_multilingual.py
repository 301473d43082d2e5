"""Multilingual CLIP (xlm-roberta-base text tower, ViT-B/32 image tower) built
offline from its model folder alone: random weights for the real architecture
imported offline as the three files a user brings (weights, tokenizer.json,
config.json), a Chinese query searched. Checks of each file are in
test_weights_multifile.py.

The tokenizer.json here is a small Unigram tokenizer trained on a few
sentences; it stands in for xlm-roberta-base's real one (which cannot be
fetched in tests) and keeps XLM-R's special-token ids, so every id it makes
is a valid row of the real 250,002-row embedding.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from PIL import Image

from engine.project import Project
from engine.vision import indexing
from engine.vision.embed import ClipEmbedder, check_query
from engine.vision.indexing import index_photos
from engine.vision.search import search
from engine.weights import import_model, load_model

torch.set_num_threads(1)

pytestmark = pytest.mark.slow

NAME = "clip-vit-b32-multilingual"
ARCH = "xlm-roberta-base-ViT-B-32"
# Peak resident memory measured for this module is about 3.8 GB (the
# random model, its file being imported, then the loaded copy).
NEEDED_BYTES = 6 * 1024**3

# xlm-roberta-base's published config.json.
XLM_ROBERTA_BASE = {
    "architectures": ["XLMRobertaForMaskedLM"],
    "model_type": "xlm-roberta",
    "vocab_size": 250002,
    "hidden_size": 768,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "intermediate_size": 3072,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "attention_probs_dropout_prob": 0.1,
    "max_position_embeddings": 514,
    "type_vocab_size": 1,
    "initializer_range": 0.02,
    "layer_norm_eps": 1e-05,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "position_embedding_type": "absolute",
    "use_cache": True,
    "output_past": True,
}
# XLM-R's ids: <s> 0, <pad> 1, </s> 2, <unk> 3.
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
SENTENCES = [
    "海边的日落",
    "雪山上的小屋",
    "一只红色的自行车",
    "猫在沙发上睡觉",
    "a sunset by the sea",
    "a red bicycle in the snow",
    "a cat asleep on the sofa",
]


def _available_memory() -> int | None:
    """MemAvailable from /proc/meminfo in bytes; None where there is none."""
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return None


@contextlib.contextmanager
def _offline() -> Iterator[list[object]]:
    """Refuse every network connection and record who tried."""
    attempts: list[object] = []

    def refuse(sock: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError(f"network use refused in this test: {address}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        yield attempts


def _stand_in_tokenizer(folder: Path) -> None:
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from tokenizers.trainers import UnigramTrainer

    tokenizer = Tokenizer(models.Unigram())
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    trainer = UnigramTrainer(vocab_size=200, special_tokens=SPECIALS, unk_token="<unk>")
    tokenizer.train_from_iterator(SENTENCES * 3, trainer)
    assert [tokenizer.token_to_id(t) for t in SPECIALS] == [0, 1, 2, 3]
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)],
    )
    tokenizer.save(str(folder / "tokenizer.json"))


def _random_weights(folder: Path) -> dict[str, torch.Tensor]:
    """open_clip's own build of the architecture, text config read locally."""
    import open_clip

    text_cfg = dict(
        open_clip.get_model_config(ARCH)["text_cfg"],
        hf_model_name=str(folder),
        hf_tokenizer_name=str(folder),
        hf_model_pretrained=False,
    )
    torch.manual_seed(0)
    source = open_clip.create_model(
        ARCH, pretrained=None, pretrained_text=False, text_cfg=text_cfg
    )
    tensors = {k: v.contiguous() for k, v in source.state_dict().items()}
    # Files saved with transformers < 4.31 (the published one) hold this buffer.
    tensors["text.transformer.embeddings.position_ids"] = torch.arange(514)[None]
    return tensors


@pytest.fixture(scope="session")
def multilingual_home(tmp_path_factory):
    """An app-data folder with random-valued multilingual CLIP installed
    (~1.5 GB on disk), and a few of its tensors to compare with."""
    available = _available_memory()
    if available is not None and available < NEEDED_BYTES:
        pytest.skip(
            f"multilingual CLIP needs about {NEEDED_BYTES / 1e9:.0f} GB of free "
            f"memory; {available / 1e9:.1f} GB available"
        )
    home = tmp_path_factory.mktemp("multilingual-home")
    # The three files as a user brings them from another machine.
    files = home / "从别处拷来"
    files.mkdir()
    (files / "config.json").write_text(json.dumps(XLM_ROBERTA_BASE))
    _stand_in_tokenizer(files)
    with _offline() as attempts:
        tensors = _random_weights(files)
        reference = {
            k: tensors[k][:2].clone()
            for k in (
                "visual.conv1.weight",
                "text.transformer.embeddings.word_embeddings.weight",
            )
        }
        path = files / "open_clip_model.safetensors"
        from safetensors.torch import save_file

        save_file(tensors, str(path))
        del tensors
        info = import_model(
            NAME,
            [path, files / "tokenizer.json", files / "config.json"],
            models_dir=home / "models",
        )
        path.unlink()
    assert attempts == []
    assert info.installed
    assert info.missing_files == ()
    return home, reference


@pytest.fixture(scope="session")
def multilingual(multilingual_home):
    home, _ = multilingual_home
    with _offline() as attempts:
        loaded = load_model(NAME, models_dir=home / "models")
    assert attempts == []
    return loaded


def test_loads_offline_and_encodes_chinese_english_and_a_photo(
    multilingual, multilingual_home
):
    _, reference = multilingual_home
    module = multilingual.module
    assert not module.training
    state = module.state_dict()
    for key, expected in reference.items():
        assert torch.equal(state[key][:2], expected)

    tokens = multilingual.tokenizer(["海边的日落", "a sunset by the sea"])  # (2, 77)
    assert tokens.shape == (2, 77)
    assert int(tokens.max()) < XLM_ROBERTA_BASE["vocab_size"]
    assert tokens[:, 0].tolist() == [0, 0]  # <s>
    assert (tokens[0] > 3).sum() >= 2  # Chinese became real pieces, not <unk>
    assert int(tokens[0, -1]) == 1  # padded with <pad>

    image = multilingual.preprocess(Image.new("RGB", (300, 200), "orange"))[None]
    with torch.inference_mode():
        text_vec = module.encode_text(tokens)
        again = module.encode_text(tokens)
        image_vec = module.encode_image(image)
    assert text_vec.shape == (2, 512)
    assert image_vec.shape == (1, 512)
    assert torch.isfinite(text_vec).all()
    assert torch.isfinite(image_vec).all()
    assert torch.equal(text_vec, again)
    assert not torch.allclose(text_vec[0], text_vec[1])


def test_a_chinese_query_searches_with_the_multilingual_model(multilingual, tmp_path):
    embedder = ClipEmbedder(multilingual)
    assert embedder.multilingual
    assert check_query("  海边的 日落 ", embedder) == "海边的 日落"

    folder = tmp_path / "photos"
    folder.mkdir()
    for i, colour in enumerate(["orange", "blue", "white"]):
        Image.new("RGB", (320, 240), colour).save(folder / f"{i} 照片.jpg")
    with Project.create(tmp_path / "p") as project:
        report = index_photos(project, [folder], embedder=embedder, batch_size=2)
        assert report.encoded == 3
        result = search(project, "海边的日落", k=10, embedder=embedder)
        again = search(project, "海边的日落", k=10, embedder=embedder)
    indexing.forget_open_indexes()
    assert len(result.hits) == 3
    assert all(-1 <= h.score <= 1 for h in result.hits)
    assert [h.path for h in result.hits] == [h.path for h in again.hits]
    vectors = embedder.encode_texts(["海边的日落", "a sunset by the sea"])
    assert vectors.shape == (2, 512)
    assert abs(float((vectors**2).sum(axis=1)[0]) - 1) < 1e-5
