"""The Models window and the missing-model prompt, downloading from a local
server into the Jobs panel."""

from __future__ import annotations

import hashlib
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.dialogs.models import ModelsDialog, ask_for_missing_model
from desktop.workers import JobState
from engine.weights import REGISTRY, Checksum, missing_error
from tests.engine.weights_server import WeightServer, random_resnet18_state, spec_for

FILENAME = "resnet18-dialog.safetensors"


@pytest.fixture(scope="module")
def payload() -> bytes:
    import torch
    from safetensors.torch import save

    torch.set_num_threads(1)
    return save(random_resnet18_state())


@pytest.fixture
def server(payload, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = WeightServer({FILENAME: payload}).start()
    # Slow enough that the progress bar is seen moving.
    server.behaviour.trickle_chunk = 2 * 1024 * 1024
    server.behaviour.trickle_delay = 0.05
    yield server
    server.stop()


@pytest.fixture
def registry(server):
    return {"resnet18": spec_for(server.url(FILENAME))}


def test_dialog_lists_every_model_with_size_and_status(window, qtbot):
    dialog = ModelsDialog(window.jobs, window)
    qtbot.addWidget(dialog)

    assert dialog.tree.topLevelItemCount() == len(REGISTRY)
    first = dialog.tree.topLevelItem(0)
    assert first.text(0) == "ResNet-18 (ImageNet)"
    assert first.text(2) == "47 MB"
    assert dialog.status_of("resnet18") == "not installed"
    assert dialog.download_button.isEnabled()
    assert not dialog.remove_button.isEnabled()


def test_download_runs_in_the_jobs_panel_then_shows_installed(
    window, qtbot, registry, tmp_path
):
    dialog = ModelsDialog(
        window.jobs, window, registry=registry, models_dir=tmp_path / "models"
    )
    qtbot.addWidget(dialog)
    dialog.select("resnet18")

    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)

    handle = window.jobs.active()[0]
    assert dialog.status_of("resnet18") == "downloading"
    panel = window.jobs_dock.panel
    qtbot.waitUntil(lambda: handle in panel.rows, timeout=3000)
    row = panel.rows[handle]
    qtbot.waitUntil(
        lambda: bool(row.bar.maximum() and row.bar.value() > 0), timeout=5000
    )
    assert row.title.toolTip() == "Download ResNet-18 (ImageNet)"
    qtbot.waitUntil(lambda: handle.state == JobState.DONE, timeout=15000)
    qtbot.waitUntil(
        lambda: dialog.status_of("resnet18") == "installed, not verified", timeout=3000
    )
    assert dialog.remove_button.isEnabled()


def test_missing_model_prompt_offers_download(window, qtbot, registry, tmp_path):
    done = []
    box = ask_for_missing_model(
        window,
        missing_error(REGISTRY["resnet18"]),
        window.jobs,
        registry=registry,
        models_dir=tmp_path / "models",
        on_change=lambda: done.append(True),
    )

    assert box.isVisible()
    assert "“ResNet-18 (ImageNet)” (47 MB) is not installed" in box.text()
    assert "Models window" in box.text()
    assert box.import_button.text() == "Import file…"

    qtbot.mouseClick(box.download_button, Qt.MouseButton.LeftButton)

    assert box.handle is not None
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    assert box.handle.state == JobState.DONE


@pytest.fixture
def weight_file(tmp_path, payload):
    path = tmp_path / "我的 resnet18.safetensors"
    path.write_bytes(payload)
    return path


def import_through_the_dialog(window, qtbot, monkeypatch, dialog, name, paths):
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], "")
    )
    dialog.select(name)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    handle = window.jobs.active()[0]
    qtbot.waitUntil(lambda: handle.state.is_final, timeout=15000)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=3000)
    return handle


@pytest.mark.parametrize("published", [True, False])
def test_import_says_whether_the_file_matches_the_official_checksum(
    window, qtbot, monkeypatch, tmp_path, weight_file, payload, published
):
    official = Checksum("sha256", hashlib.sha256(payload).hexdigest())
    checksum = official if published else None
    spec = spec_for("http://127.0.0.1:9/x.pth", checksum=checksum)
    dialog = ModelsDialog(
        window.jobs, window, registry={"resnet18": spec}, models_dir=tmp_path / "m"
    )
    qtbot.addWidget(dialog)

    handle = import_through_the_dialog(
        window, qtbot, monkeypatch, dialog, "resnet18", [weight_file]
    )

    assert handle.state == JobState.DONE
    if published:
        assert dialog.message.text() == (
            "The weights of “ResNet-18 (ImageNet)” match the official checksum."
        )
        assert dialog.status_of("resnet18") == "installed"
    else:
        assert dialog.message.text() == (
            "No official checksum is published for the weights of “ResNet-18 "
            "(ImageNet)”, so the model shows as not verified."
        )
        assert dialog.status_of("resnet18") == "installed, not verified"


def test_a_partly_imported_model_names_the_files_it_still_needs(
    window, qtbot, monkeypatch, tmp_path
):
    from tests.engine.test_weights_multilingual import XLM_ROBERTA_BASE

    config = tmp_path / "config.json"
    config.write_text(json.dumps(XLM_ROBERTA_BASE))
    dialog = ModelsDialog(window.jobs, window, models_dir=tmp_path / "m")
    qtbot.addWidget(dialog)
    name = "clip-vit-b32-multilingual"

    import_through_the_dialog(window, qtbot, monkeypatch, dialog, name, [config])

    assert dialog.status_of(name) == (
        "not installed: still needs a weight file, tokenizer.json"
    )
    assert "still needs its weight file" in dialog.message.text()
    assert "tokenizer.json" in dialog.message.text()
    assert not dialog.import_folder_button.isHidden()
    dialog.select("resnet18")
    assert dialog.import_folder_button.isHidden()
