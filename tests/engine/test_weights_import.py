"""Importing weight files a user already has: good ones, wrong ones,
broken ones and malicious ones; then loading what was imported."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat

import pytest
import torch
from PIL import Image

from engine import paths
from engine.weights import (
    Checksum,
    DamagedWeightFile,
    EmptyWeightFile,
    ModelMissing,
    RefusedWeightFile,
    WrongShape,
    import_model,
    load_model,
    model_status,
    remove_model,
)
from engine.weights.checkpoint import read_state_dict
from engine.weights.errors import MissingLayers, TorchScriptRefused
from engine.weights.install import ShippedModel
from engine.weights.installed import INSTALLED, MISSING, UNVERIFIED
from tests.engine.weights_server import random_resnet18_state, spec_for

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def state() -> dict:
    return random_resnet18_state()


@pytest.fixture
def models_dir(tmp_path):
    return tmp_path / "models"


@pytest.fixture
def pth_file(tmp_path, state):
    path = tmp_path / "my-resnet18.pth"
    torch.save(state, path)
    return path


def assert_weights_equal(module, state):
    loaded = module.state_dict()
    assert loaded.keys() == state.keys()
    for key, value in state.items():
        assert torch.equal(loaded[key], value), key


def test_import_pth_then_load_gives_the_same_weights_in_eval_mode(
    pth_file, state, models_dir
):
    info = import_model("resnet18", pth_file, models_dir=models_dir)

    assert info.status == UNVERIFIED  # not the official file
    weights = info.sidecar["weights"]
    assert weights["sha256"] == hashlib.sha256(pth_file.read_bytes()).hexdigest()
    assert weights["source"].endswith("my-resnet18.pth")
    assert weights["verified"] is False
    model = load_model("resnet18", models_dir=models_dir)
    assert not model.module.training
    assert_weights_equal(model.module, state)
    pixels = model.preprocess(Image.new("RGB", (320, 240), "red"))
    assert tuple(pixels.shape) == (3, 224, 224)
    with torch.inference_mode():
        assert tuple(model.module(pixels[None]).shape) == (1, 1000)


def test_import_safetensors_with_wrapper_prefixes(tmp_path, state, models_dir):
    from safetensors.torch import save_file

    path = tmp_path / "wrapped.safetensors"
    save_file({f"module.{k}": v for k, v in state.items()}, str(path))

    import_model("resnet18", path, models_dir=models_dir)

    assert_weights_equal(load_model("resnet18", models_dir=models_dir).module, state)


def test_state_dict_wrapper_and_prefix_in_a_checkpoint(tmp_path, state, models_dir):
    path = tmp_path / "checkpoint.pt"
    wrapped = {f"module.{k}": v for k, v in state.items()}
    torch.save({"epoch": 3, "state_dict": wrapped}, path)

    import_model("resnet18", path, models_dir=models_dir)

    assert_weights_equal(load_model("resnet18", models_dir=models_dir).module, state)


def test_matching_the_official_checksum_marks_it_verified(pth_file, models_dir):
    digest = hashlib.sha256(pth_file.read_bytes()).hexdigest()
    spec = spec_for(
        "http://unused.invalid/r.pth", checksum=Checksum("sha256-prefix", digest[:8])
    )

    info = import_model(
        "resnet18", pth_file, models_dir=models_dir, registry={"resnet18": spec}
    )

    assert info.status == INSTALLED


def test_wrong_shapes_name_the_layer(tmp_path, state, models_dir):
    path = tmp_path / "ten-classes.pth"
    torch.save(
        dict(state, **{"fc.weight": torch.zeros(10, 512), "fc.bias": torch.zeros(10)}),
        path,
    )

    with pytest.raises(WrongShape) as caught:
        import_model("resnet18", path, models_dir=models_dir)

    assert "fc.weight" in str(caught.value)
    assert "(10, 512)" in str(caught.value)
    assert model_status("resnet18", models_dir=models_dir).status == MISSING


def test_other_architecture_is_refused_with_a_missing_layer(tmp_path, models_dir):
    path = tmp_path / "linear.pth"
    torch.save(torch.nn.Linear(4, 2).state_dict(), path)
    with pytest.raises(MissingLayers, match="layers are missing"):
        import_model("resnet18", path, models_dir=models_dir)


@pytest.mark.parametrize("suffix", [".pth", ".safetensors"])
def test_truncated_file_is_reported_as_damaged(
    tmp_path, pth_file, state, suffix, models_dir
):
    from safetensors.torch import save

    data = pth_file.read_bytes() if suffix == ".pth" else save(state)
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: len(data) // 3])

    with pytest.raises(DamagedWeightFile) as caught:
        import_model("resnet18", path, models_dir=models_dir)

    assert str(path) in str(caught.value)


def test_empty_file(tmp_path, models_dir):
    path = tmp_path / "empty.bin"
    path.touch()
    with pytest.raises(EmptyWeightFile, match="empty"):
        import_model("resnet18", path, models_dir=models_dir)


class Payload:
    """Unpickling this would create a file: the test checks it never does."""

    marker = ""

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("kind", ["torch.save", "raw pickle"])
def test_malicious_pickle_is_refused_and_runs_nothing(tmp_path, kind, models_dir):
    marker = tmp_path / "pwned"
    payload = Payload()
    payload.marker = str(marker)
    path = tmp_path / "evil.pth"
    content = {"conv1.weight": torch.zeros(1), "x": payload}
    if kind == "torch.save":
        torch.save(content, path)
    else:
        path.write_bytes(pickle.dumps(content))

    with pytest.raises(RefusedWeightFile) as caught:
        import_model("resnet18", path, models_dir=models_dir)

    assert "refused" in str(caught.value)
    assert "Nothing in it was run" in str(caught.value)
    assert not marker.exists()


def test_torchscript_program_is_refused(tmp_path):
    path = tmp_path / "scripted.pt"
    torch.jit.script(torch.nn.Linear(2, 2)).save(str(path))
    with pytest.raises(TorchScriptRefused):
        read_state_dict(path)


def test_file_with_no_tensors(tmp_path, models_dir):
    path = tmp_path / "numbers.pth"
    torch.save({"epoch": 3}, path)
    with pytest.raises(Exception, match="no weights"):
        import_model("resnet18", path, models_dir=models_dir)


def test_missing_model_names_its_size_and_where_to_get_it():
    with pytest.raises(ModelMissing) as caught:
        load_model("resnet18")
    message = str(caught.value)
    assert "ResNet-18" in message
    assert "47 MB" in message
    assert "Models window" in message
    assert caught.value.params["name"] == "resnet18"


def test_remove_deletes_the_model(pth_file, models_dir):
    import_model("resnet18", pth_file, models_dir=models_dir)
    assert remove_model("resnet18", models_dir=models_dir).status == MISSING
    assert not (models_dir / "resnet18").exists()


def test_models_shipped_next_to_the_app_are_found_read_only(
    tmp_path, pth_file, state, monkeypatch
):
    shipped = tmp_path / "app" / "models"
    import_model("resnet18", pth_file, models_dir=shipped)
    for path in [shipped, *shipped.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    monkeypatch.setattr(paths, "bundled_models_dir", lambda: shipped)
    try:
        info = model_status("resnet18")
        model = load_model("resnet18")

        assert info.read_only
        assert info.folder == shipped / "resnet18"
        assert_weights_equal(model.module, state)
        with pytest.raises(ShippedModel):
            remove_model("resnet18")
    finally:
        for path in [shipped, *shipped.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert os.access(shipped, os.W_OK)
