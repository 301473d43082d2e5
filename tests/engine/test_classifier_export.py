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


def awkward_photos(folder):
    """Photos that exercise the resize and crop: wide, tall and turned by
    EXIF, large enough for JPEG's reduced-scale decoding, and one with
    transparency."""
    from PIL import Image

    folder.mkdir(parents=True)
    rng = np.random.default_rng(5)
    made = []
    for name, size in (("wide.jpg", (210, 120)), ("tall.jpg", (90, 170))):
        pixels = rng.integers(0, 255, size=(size[1], size[0], 3), dtype=np.uint8)
        pixels[..., 0] = np.linspace(0, 255, size[0], dtype=np.uint8)
        image = Image.fromarray(pixels)
        exif = image.getexif()
        exif[0x0112] = 6 if name == "tall.jpg" else 1
        image.save(folder / name, quality=90, exif=exif)
        made.append(folder / name)
    rgba = rng.integers(0, 255, size=(60, 80, 4), dtype=np.uint8)
    Image.fromarray(rgba, "RGBA").save(folder / "clear.png")
    return made + [folder / "clear.png"]


def load_example(path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("predict_example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("fmt", ["onnx", "torchscript"])
@pytest.mark.filterwarnings("ignore:`torch.jit.load` is deprecated")
def test_the_example_beside_the_export_predicts_what_the_app_predicts(
    trained, tmp_path, fmt
):
    import subprocess
    import sys

    out = tmp_path / "out"
    export.export_model(trained, fmt, out)
    photos = awkward_photos(tmp_path / "to try")
    model = classifier.load_classifier(trained, device="cpu")
    order = [c["id"] for c in model.classes]

    example = load_example(out / "predict_example.py")
    theirs = example.probabilities(photos)

    for path, row in zip(photos, theirs, strict=True):
        ours = classifier.classify_photo(model, path, top=len(order))
        by_id = {g.class_id: g.probability for g in ours.top}
        np.testing.assert_allclose(row, [by_id[i] for i in order], atol=1e-4)
    described = json.loads((out / "model.json").read_text())
    assert "not inside the model" in described["before_the_model"]
    assert described["example"] == "predict_example.py"
    shown = subprocess.run(
        [sys.executable, str(out / "predict_example.py"), str(photos[0])],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    path, name, confidence = shown.stdout.strip().split("\t")
    assert path == str(photos[0])
    assert name in {"red", "blue", "none of these"}
    assert 0.0 <= float(confidence) <= 1.0


def test_command_line_export_model_says_the_predictions_match(
    trained, tmp_path, capsys
):
    from engine.cli import main

    path = str(trained.path)
    trained.close()

    code = main(["export-model", path, "--format", "onnx", "--to", str(tmp_path / "a")])
    text = capsys.readouterr().out
    assert main(
        ["export-model", path, "--format", "torchscript", "--to",
         str(tmp_path / "b"), "--json"]
    ) == 0  # fmt: skip
    shown = json.loads(capsys.readouterr().out)

    assert code == 0
    assert "Checked on 4 validation photos: the same predictions as Pictor" in text
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "classes.json", "model.json", "model.onnx", "predict_example.py",
    ]  # fmt: skip
    assert shown["agrees"] is True
    assert shown["checked"] == 4
    assert shown["model_path"] == str(tmp_path / "b" / "model.pt")
