"""Jobs in the Jobs panel: progress, cancel, errors, the heavy-job queue."""

from __future__ import annotations

import threading
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop import workers
from desktop.workers import JobHandle, JobState
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Job, JobContext, Progress


def counting_job(steps: int = 2000, *, heavy: bool = True) -> Job:
    def count(ctx: JobContext) -> int:
        for step in range(steps):
            ctx.report(step, steps, "Counting {n}", n=step)
            ctx.token.wait(0.002)
        ctx.check()
        return steps

    return Job("Counting", count, heavy=heavy)


def waiting_job(title: str, release: threading.Event, *, heavy: bool = True) -> Job:
    def wait(ctx: JobContext) -> str:
        while not release.is_set():
            ctx.check()
            release.wait(0.01)
        return title

    return Job(title, wait, heavy=heavy)


class DiskFull(UserError):
    template = QT_TRANSLATE_NOOP("engine", "The disk holding “{path}” is full.")


def test_progress_moves_then_cancel_marks_row_cancelled(window, qtbot):
    panel = window.jobs_dock.panel
    handle = window.jobs.submit(counting_job())
    qtbot.waitUntil(lambda: handle in panel.rows, timeout=3000)
    row = panel.rows[handle]
    qtbot.waitUntil(lambda: row.bar.value() > 0, timeout=3000)
    first = row.bar.value()
    qtbot.waitUntil(lambda: row.bar.value() > first, timeout=3000)
    assert row.title.text() == "Counting"
    assert row.message.text().startswith("Counting ")

    with qtbot.waitSignal(handle.cancelled, timeout=3000):
        qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)

    assert handle.state == JobState.CANCELLED
    assert row.message.text() == "Cancelled."
    assert row.cancel_button.isHidden()
    assert not window.jobs.active()


def test_failed_job_shows_one_sentence_and_copies_details(window, qtbot):
    def fail(ctx: JobContext) -> None:
        raise DiskFull(path="/photos/2024")

    failures = []
    handle = window.jobs.submit(
        Job("Import", fail), on_failure=lambda e, d: failures.append(e)
    )
    panel = window.jobs_dock.panel
    qtbot.waitUntil(lambda: handle in panel.rows, timeout=3000)
    row = panel.rows[handle]

    assert row.message.text() == "The disk holding “/photos/2024” is full."
    assert isinstance(failures[0], DiskFull)
    qtbot.mouseClick(row.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied
    assert "DiskFull" in copied


def test_unexpected_error_names_its_type(window, qtbot):
    def crash(ctx: JobContext) -> None:
        raise KeyError("width")

    handle = window.jobs.submit(Job("Resize", crash, heavy=False))
    panel = window.jobs_dock.panel
    qtbot.waitUntil(lambda: handle in panel.rows, timeout=3000)
    assert "(KeyError)" in panel.rows[handle].message.text()
    assert "KeyError: 'width'" in handle.details


def test_heavy_jobs_run_one_at_a_time_light_ones_beside(window, qtbot):
    release_first, release_second = threading.Event(), threading.Event()
    first = window.jobs.submit(waiting_job("first", release_first))
    second = window.jobs.submit(waiting_job("second", release_second))
    light = window.jobs.submit(waiting_job("light", release_second, heavy=False))

    assert first.state == JobState.RUNNING
    assert second.state == JobState.QUEUED
    assert light.state == JobState.RUNNING

    with qtbot.waitSignal(first.finished, timeout=3000) as blocker:
        release_first.set()
    assert blocker.args == ["first"]
    assert second.state == JobState.RUNNING

    with qtbot.waitSignals([second.finished, light.finished], timeout=3000):
        release_second.set()
    assert not window.jobs.active()


def test_cancelling_a_queued_job_never_starts_it(window, qtbot):
    release = threading.Event()
    running = window.jobs.submit(waiting_job("running", release))
    queued = window.jobs.submit(waiting_job("queued", release))
    queued.cancel()
    assert queued.state == JobState.CANCELLED
    with qtbot.waitSignal(running.finished, timeout=3000):
        release.set()
    assert queued.started_at is None


def test_closing_the_window_cancels_running_jobs(window, qtbot):
    handle = window.jobs.submit(counting_job(steps=100_000))
    qtbot.waitUntil(lambda: handle.progress.done > 0, timeout=3000)
    window.close()
    qtbot.waitUntil(lambda: handle.state == JobState.CANCELLED, timeout=3000)


def download_like_job(release: threading.Event, **metrics: float) -> Job:
    def work(ctx: JobContext) -> None:
        while not release.is_set():
            ctx.report(
                40e6, 100e6, "Downloading {title}", metrics=metrics, title="Demo"
            )
            release.wait(0.02)

    return Job("Download demo", work, heavy=False)


def test_a_download_row_shows_its_speed_and_its_own_time_left(window, qtbot):
    release = threading.Event()
    handle = window.jobs.submit(
        download_like_job(release, bytes_per_s=3.2e6, eta_s=125.0)
    )
    panel = window.jobs_dock.panel
    try:
        qtbot.waitUntil(lambda: handle in panel.rows, timeout=3000)
        row = panel.rows[handle]
        qtbot.waitUntil(lambda: "MB/s" in row.message.text(), timeout=3000)
        assert row.message.text() == "Downloading Demo at 3.2 MB/s"
        assert row.eta.text() == "2 min left"
    finally:
        with qtbot.waitSignal(handle.finished, timeout=3000):
            release.set()


def test_time_left_counts_only_the_work_done_in_this_run(window, monkeypatch):
    # A resumed job starts at 50 %; 10 % more took 10 s, so 40 % takes 40 s.
    clock = [100.0]
    monkeypatch.setattr(
        workers, "time", types.SimpleNamespace(monotonic=lambda: clock[0])
    )
    handle = JobHandle(Job("Resumed", lambda ctx: None), window.jobs)
    handle.state, handle.started_at = JobState.RUNNING, clock[0]
    handle._on_progressed(Progress(50, 100))
    clock[0] += 10
    handle._on_progressed(Progress(60, 100))
    assert handle.eta_seconds() == pytest.approx(40)
    handle.deleteLater()
