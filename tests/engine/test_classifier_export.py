"""Exported classifiers (ONNX, TorchScript) carry their preprocessing and
predict what the app predicts; a cancelled export leaves no file."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from engine.jobs import Cancelled, CancelToken, JobContext
from engine.vision import checks, classifier, export, training
from engine.vision.pipeline import PhotoRef, batches
from tests.engine import classifier_fixtures as cf

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def weights_file(tmp_path_factory):
    return cf.random_weights_file(tmp_path_factory.mktemp("weights"))


@pytest.fixture
def trained(tmp_path, weights_file):
    cf.install_random_resnet18(weights_file)
    project, ids = cf.make_project(tmp_path)
    training.train(project, cf.tiny_config(mode="finetune-last", max_steps=2))
    yield project
    project.close()


def app_and_pixels(project):
    model = classifier.load_classifier(project, device="cpu")
    val = [p for p in checks.usable_photos(project) if p.split == "val"]
    refs = [PhotoRef(p.id, p.path) for p in val]
    pixels = torch.cat([b.tensor for b in batches(refs, model.transform, workers=1)])
    return model.probabilities(pixels), pixels.numpy()


def test_onnx_export_predicts_what_the_app_predicts(trained, tmp_path):
    import onnxruntime

    result = export.export_model(trained, "onnx", tmp_path / "out")

    assert result.agrees
    assert result.checked == 4
    assert result.max_difference <= 1e-4
    ours, pixels = app_and_pixels(trained)
    session = onnxruntime.InferenceSession(result.model_path)
    theirs = session.run(None, {"pixels": pixels})[0]
    np.testing.assert_allclose(theirs, ours, atol=1e-4)
    classes = json.loads((tmp_path / "out" / "classes.json").read_text())
    assert [c["name"] for c in classes] == ["blue", "red"]
    described = json.loads((tmp_path / "out" / "model.json").read_text())
    assert described["input"]["dtype"] == "uint8"
    assert described["preprocessing"]["crop"] == 32


@pytest.mark.filterwarnings("ignore:`torch.jit.load` is deprecated")
def test_torchscript_export_predicts_what_the_app_predicts(trained, tmp_path):
    result = export.export_model(trained, "torchscript", tmp_path / "out")

    assert result.agrees
    ours, pixels = app_and_pixels(trained)
    module = torch.jit.load(result.model_path)
    with torch.inference_mode():
        theirs = module(torch.from_numpy(pixels)).numpy()
    np.testing.assert_allclose(theirs, ours, atol=1e-4)


@pytest.mark.parametrize("fmt", ["onnx", "torchscript"])
def test_cancel_during_export_leaves_no_file(trained, tmp_path, fmt):
    token = CancelToken()

    def on_progress(progress):
        if progress.message == export.CHECKING:
            token.cancel()

    with pytest.raises(Cancelled):
        export.export_model(
            trained, fmt, tmp_path / "out", context=JobContext(token, on_progress)
        )

    assert list((tmp_path / "out").iterdir()) == []


def test_unknown_format_is_refused(trained, tmp_path):
    with pytest.raises(export.UnknownFormat):
        export.export_model(trained, "pickle", tmp_path / "out")
