"""Downloads from a real local HTTP server: progress, cancel and resume,
dropped connections, checksums, 404, a stalled server, proxies."""

from __future__ import annotations

import hashlib
import threading

import pytest
import torch

from engine.jobs import Cancelled, CancelToken, JobContext
from engine.weights import (
    Checksum,
    ChecksumMismatch,
    DownloadNotFound,
    DownloadSettings,
    DownloadStalled,
    download_model,
    load_model,
    model_status,
)
from engine.weights.installed import DOWNLOADING, INSTALLED, MISSING, UNVERIFIED
from tests.engine.weights_server import WeightServer, random_resnet18_state, spec_for

torch.set_num_threads(1)

FAST = DownloadSettings(
    read_timeout=0.2,
    stall_timeout=1.5,
    first_backoff=0.05,
    max_backoff=0.2,
    max_failures=3,
    chunk_size=16 * 1024,
)
FILENAME = "resnet18-test.safetensors"


@pytest.fixture(scope="module")
def payload() -> bytes:
    from safetensors.torch import save

    return save(random_resnet18_state())


@pytest.fixture
def server(payload, monkeypatch):
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    server = WeightServer({FILENAME: payload}).start()
    yield server
    server.stop()


@pytest.fixture
def models_dir(tmp_path):
    return tmp_path / "models"


def registry_for(server, **kwargs):
    spec = spec_for(server.url(FILENAME), **kwargs)
    return {spec.name: spec}


def run(registry, models_dir, context=None, settings=FAST):
    return download_model(
        "resnet18",
        context or JobContext(),
        models_dir=models_dir,
        registry=registry,
        settings=settings,
    )


def part_file(models_dir):
    return models_dir / "resnet18" / (FILENAME + ".part")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_download_reports_growing_progress_and_installs(server, payload, models_dir):
    reports = []
    context = JobContext(on_progress=reports.append, min_interval=0)
    registry = registry_for(server, checksum=Checksum("sha256", sha256(payload)))

    info = run(registry, models_dir, context)

    assert info.status == INSTALLED
    byte_reports = [r for r in reports if r.total]
    done = [r.done for r in byte_reports]
    assert done == sorted(done)
    assert len(done) > 3
    assert byte_reports[-1].done == byte_reports[-1].total == len(payload)
    assert byte_reports[-1].metrics["bytes_per_s"] > 0
    assert not part_file(models_dir).exists()
    assert info.sidecar["weights"]["sha256"] == sha256(payload)
    assert not (models_dir / "resnet18" / FILENAME).exists()  # converted, then removed


def test_without_published_checksum_the_model_is_unverified(server, models_dir):
    info = run(registry_for(server), models_dir)
    assert info.status == UNVERIFIED
    model = load_model("resnet18", models_dir=models_dir, registry=registry_for(server))
    assert not model.verified


def cancel_at_half(token: CancelToken, total: int):
    def on_progress(progress):
        if progress.total and progress.done >= total // 2:
            token.cancel()

    return on_progress


def test_cancel_keeps_part_and_next_run_resumes_with_range(server, payload, models_dir):
    registry = registry_for(server, checksum=Checksum("sha256", sha256(payload)))
    token = CancelToken()
    context = JobContext(token, cancel_at_half(token, len(payload)), min_interval=0)

    with pytest.raises(Cancelled):
        run(registry, models_dir, context)
    kept = part_file(models_dir).stat().st_size
    assert 0 < kept < len(payload)
    assert (
        model_status("resnet18", models_dir=models_dir, registry=registry).partial_bytes
        == kept
    )

    info = run(registry, models_dir)

    assert server.ranges == [None, f"bytes={kept}-"]
    assert info.status == INSTALLED
    assert info.sidecar["weights"]["sha256"] == sha256(payload)


def test_a_resumed_download_reports_speed_and_the_time_for_what_is_left(
    server, payload, models_dir
):
    registry = registry_for(server)
    token = CancelToken()
    context = JobContext(token, cancel_at_half(token, len(payload)), min_interval=0)
    with pytest.raises(Cancelled):
        run(registry, models_dir, context)
    kept = part_file(models_dir).stat().st_size

    server.behaviour.trickle_chunk = 256 * 1024
    server.behaviour.trickle_delay = 0.02
    reports = []
    run(registry, models_dir, JobContext(on_progress=reports.append, min_interval=0))

    timed = [r for r in reports if "eta_s" in r.metrics]
    assert timed
    assert min(r.done for r in timed) > kept
    for report in timed:
        left = (report.total - report.done) / report.metrics["bytes_per_s"]
        assert report.metrics["eta_s"] == pytest.approx(left)
    assert timed[-1].metrics["eta_s"] == 0


def test_server_that_ignores_range_makes_a_clean_restart(server, payload, models_dir):
    registry = registry_for(server, checksum=Checksum("sha256", sha256(payload)))
    token = CancelToken()
    context = JobContext(token, cancel_at_half(token, len(payload)), min_interval=0)
    with pytest.raises(Cancelled):
        run(registry, models_dir, context)

    server.behaviour.ignore_range = True
    info = run(registry, models_dir)

    assert server.ranges[1].startswith("bytes=")
    assert info.status == INSTALLED  # the checksum proves no bytes were doubled


def test_dropped_connection_resumes_where_it_stopped(server, payload, models_dir):
    server.behaviour.drop_after = 100_000
    server.behaviour.drops = 2
    registry = registry_for(server, checksum=Checksum("sha256", sha256(payload)))

    info = run(registry, models_dir)

    assert server.ranges == [None, "bytes=100000-", "bytes=200000-"]
    assert info.status == INSTALLED


def test_wrong_content_deletes_the_partial_file_and_says_so(
    server, payload, models_dir
):
    server.behaviour.wrong_content = True
    registry = registry_for(server, checksum=Checksum("sha256", sha256(payload)))

    with pytest.raises(ChecksumMismatch) as caught:
        run(registry, models_dir)

    assert FILENAME in str(caught.value)
    assert "deleted" in str(caught.value)
    assert not part_file(models_dir).exists()
    assert (
        model_status("resnet18", models_dir=models_dir, registry=registry).status
        == MISSING
    )


def test_sha256_prefix_checksum_as_torchvision_publishes_it(
    server, payload, models_dir
):
    good = registry_for(server, checksum=Checksum("sha256-prefix", sha256(payload)[:8]))
    assert run(good, models_dir).status == INSTALLED


def test_missing_file_on_server_gives_a_clear_message(server, models_dir):
    server.behaviour.not_found = True
    with pytest.raises(DownloadNotFound) as caught:
        run(registry_for(server), models_dir)
    assert server.url(FILENAME) in str(caught.value)


def cancel_later(token: CancelToken, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, token.cancel)
    timer.start()
    return timer


def test_cancel_works_while_the_server_sends_nothing(server, models_dir):
    server.behaviour.stall_after = 50_000
    token = CancelToken()
    timer = cancel_later(token, 0.4)
    try:
        with pytest.raises(Cancelled):
            run(registry_for(server), models_dir, JobContext(token))
    finally:
        timer.join()
    assert part_file(models_dir).stat().st_size == 50_000


def test_cancel_works_on_a_trickling_server(server, models_dir):
    server.behaviour.trickle_delay = 0.02
    token = CancelToken()
    timer = cancel_later(token, 0.3)
    try:
        with pytest.raises(Cancelled):
            run(registry_for(server), models_dir, JobContext(token))
    finally:
        timer.join()
    assert part_file(models_dir).exists()
    assert (
        model_status(
            "resnet18", models_dir=models_dir, registry=registry_for(server)
        ).status
        == MISSING
    )


def test_a_server_slow_to_answer_is_waited_for(server, payload, models_dir):
    # Longer than the read timeout: waiting for the headers is not a stall.
    server.behaviour.reply_delay = 1.5
    registry = registry_for(server, checksum=Checksum("sha256", sha256(payload)))

    info = run(registry, models_dir)

    assert info.status == INSTALLED
    assert server.ranges == [None]


def test_cancel_works_while_waiting_for_the_reply(server, models_dir):
    server.behaviour.reply_delay = 20
    token = CancelToken()
    timer = cancel_later(token, 0.4)
    try:
        with pytest.raises(Cancelled):
            run(registry_for(server), models_dir, JobContext(token))
    finally:
        timer.join()
    assert len(server.requests) == 1
    assert not (models_dir / "resnet18" / FILENAME).exists()


def test_a_dead_server_ends_in_a_stall_message_not_a_hang(server, models_dir):
    server.behaviour.stall_after = 10_000
    with pytest.raises(DownloadStalled) as caught:
        run(registry_for(server), models_dir)
    assert "kept" in str(caught.value)
    assert part_file(models_dir).stat().st_size == 10_000


def test_status_is_downloading_while_the_job_runs(server, models_dir):
    registry = registry_for(server)
    seen = []

    def on_progress(progress):
        if not seen:
            seen.append(
                model_status(
                    "resnet18", models_dir=models_dir, registry=registry
                ).status
            )

    run(registry, models_dir, JobContext(on_progress=on_progress))
    assert seen == [DOWNLOADING]


def test_the_system_proxy_setting_is_honoured(server, payload, models_dir, monkeypatch):
    # The server doubles as the proxy: the request for an unreachable host
    # arrives at it with the full address in the request line.
    monkeypatch.setenv("http_proxy", server.url("").rstrip("/"))
    monkeypatch.setenv("no_proxy", "")
    spec = spec_for(f"http://models.invalid/{FILENAME}")

    info = download_model(
        "resnet18",
        JobContext(),
        models_dir=models_dir,
        registry={"resnet18": spec},
        settings=FAST,
    )

    assert server.requests[0]["path"] == f"http://models.invalid/{FILENAME}"
    assert info.sidecar["weights"]["sha256"] == sha256(payload)


def test_download_writes_nothing_but_the_model_folder(server, models_dir):
    run(registry_for(server), models_dir)
    names = sorted(p.name for p in (models_dir / "resnet18").iterdir())
    assert names == ["model.json", "weights.safetensors"]
