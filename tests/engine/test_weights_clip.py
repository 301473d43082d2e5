"""CLIP through the same import path, with random weights for the real
architecture; and the multilingual model's package requirement."""

from __future__ import annotations

import importlib.util

import pytest
import torch
from PIL import Image

from engine.weights import NeedsPackage, import_model, load_model

torch.set_num_threads(1)


@pytest.mark.slow
def test_clip_vit_b32_import_then_encode_image_and_text(tmp_path):
    import open_clip
    from safetensors.torch import save_file

    torch.manual_seed(0)
    source = open_clip.create_model("ViT-B-32", pretrained=None)
    path = tmp_path / "clip.safetensors"
    save_file({k: v.contiguous() for k, v in source.state_dict().items()}, str(path))

    import_model("clip-vit-b32", path)
    model = load_model("clip-vit-b32")

    assert not model.module.training
    assert torch.equal(model.module.visual.conv1.weight, source.visual.conv1.weight)
    image = model.preprocess(Image.new("RGB", (300, 200), "blue"))[None]
    text = model.tokenizer(["a red bicycle in the snow"])
    with torch.inference_mode():
        image_vec = model.module.encode_image(image)
        text_vec = model.module.encode_text(text)
    assert image_vec.shape == text_vec.shape == (1, 512)
    assert torch.isfinite(image_vec).all()


@pytest.mark.skipif(
    importlib.util.find_spec("transformers") is not None,
    reason="transformers is installed",
)
def test_multilingual_clip_says_it_needs_transformers():
    with pytest.raises(NeedsPackage) as caught:
        load_model("clip-vit-b32-multilingual")
    assert "transformers" in str(caught.value)
