"""The Models window and the missing-model prompt, downloading from a local
server into the Jobs panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.dialogs.models import ModelsDialog, ask_for_missing_model
from desktop.workers import JobState
from engine.weights import REGISTRY, missing_error
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
