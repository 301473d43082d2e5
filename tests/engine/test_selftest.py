"""``pictor self-test``: the report an installer relies on."""

from __future__ import annotations

import json

import pytest

from engine.cli import main


@pytest.mark.slow
def test_self_test_passes_on_this_installation(capsys):
    assert main(["self-test", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is True
    names = {check["name"] for check in report["checks"]}
    assert {"imports", "project", "resnet", "clip", "lstm", "hnswlib"} <= names


def test_a_failing_check_fails_the_run(capsys, monkeypatch):
    from engine import selftest

    def broken():
        raise RuntimeError("the GPU driver is missing")

    monkeypatch.setattr(selftest, "CHECKS", {"project": selftest.check_project})
    assert main(["self-test"], extra_self_tests={"window": broken}) == 1
    out = capsys.readouterr().out
    assert "PASS  project" in out
    assert "FAIL  window" in out
    assert "the GPU driver is missing" in out


def test_the_language_model_check_uses_the_apps_network(monkeypatch):
    from engine import selftest
    from engine.text import lstm

    built = []
    real = lstm.build_model
    monkeypatch.setattr(lstm, "build_model", lambda c: built.append(c) or real(c))

    detail = selftest.check_lstm()

    assert "language model" in detail
    assert len(built) == 2  # the network checked, then the one reloaded
    assert built[0].vocab_size > 10
