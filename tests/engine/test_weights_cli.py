"""``pictor models ...`` end to end, against a local server and local files."""

from __future__ import annotations

import dataclasses
import json

import pytest
import torch

from engine.cli import main
from engine.weights import registry
from tests.engine.test_weights_download import FILENAME
from tests.engine.weights_server import WeightServer, random_resnet18_state

torch.set_num_threads(1)


def run_json(capsys, *argv):
    code = main(["models", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_list_json_names_every_model(capsys):
    code, data = run_json(capsys, "list")
    assert code == 0
    by_name = {m["name"]: m for m in data}
    assert set(by_name) == set(registry.REGISTRY)
    assert by_name["resnet18"]["status"] == "missing"
    assert by_name["resnet18"]["files"][0]["checksum"] == {
        "kind": "sha256-prefix",
        "value": "f37072fd",
    }
    assert by_name["clip-vit-b32-multilingual"]["requires"] == ["transformers"]


def test_import_list_and_remove(tmp_path, capsys):
    path = tmp_path / "r18.pth"
    torch.save(random_resnet18_state(), path)

    code, data = run_json(capsys, "import", "resnet18", str(path))
    assert code == 0
    assert data["status"] == "unverified"

    _, listed = run_json(capsys, "list")
    assert {m["name"]: m["status"] for m in listed}["resnet18"] == "unverified"

    code, data = run_json(capsys, "remove", "resnet18")
    assert (code, data["status"]) == (0, "missing")


def test_import_of_a_bad_file_fails_with_the_reason(tmp_path, capsys):
    path = tmp_path / "empty.pth"
    path.touch()
    code, data = run_json(capsys, "import", "resnet18", str(path))
    assert code == 1
    assert "is empty" in data["error"]


def _serve_resnet18_from(server, monkeypatch):
    spec = registry.REGISTRY["resnet18"]
    file = dataclasses.replace(
        spec.files[0], url=server.url(FILENAME), checksum=None, filename=FILENAME
    )
    monkeypatch.setitem(
        registry.REGISTRY, "resnet18", dataclasses.replace(spec, files=(file,))
    )


def test_download_through_the_command(tmp_path, capsys, monkeypatch):
    from safetensors.torch import save

    server = WeightServer({FILENAME: save(random_resnet18_state())}).start()
    try:
        _serve_resnet18_from(server, monkeypatch)
        code, data = run_json(capsys, "download", "resnet18")
    finally:
        server.stop()
    assert code == 0
    assert data["status"] == "unverified"
    assert data["source"] == server.url(FILENAME)


def test_download_progress_reads_in_megabytes(capsys, monkeypatch):
    from safetensors.torch import save

    server = WeightServer({FILENAME: save(random_resnet18_state())}).start()
    server.behaviour.trickle_chunk = 4 * 1024 * 1024
    server.behaviour.trickle_delay = 0.1
    try:
        _serve_resnet18_from(server, monkeypatch)
        assert main(["models", "download", "resnet18"]) == 0
    finally:
        server.stop()
    err = capsys.readouterr().err
    assert "Downloading ResNet-18 (ImageNet)" in err
    assert "MB of 46.8MB" in err
    assert "MB/s" in err
    assert "e+0" not in err  # no raw floats such as speed=1.2e+06
    assert "bytes_per_s" not in err


@pytest.mark.parametrize("action", ["download", "remove"])
def test_unknown_model_name(capsys, action):
    code, data = run_json(capsys, action, "resnet1000")
    assert code == 1
    assert "resnet18" in data["error"]
