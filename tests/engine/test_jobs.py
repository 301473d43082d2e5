"""Jobs: progress, cancellation, and the terminal runner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from engine.jobs import (
    Cancelled,
    CancelToken,
    Job,
    JobContext,
    Progress,
    run_in_terminal,
    terminal_postfix,
)

REPO = Path(__file__).resolve().parents[2]


def counting_job(steps: int, pause: float = 0.0):
    def run(ctx: JobContext) -> int:
        for i in range(steps):
            if pause:
                ctx.token.wait(pause)
            ctx.report(
                i + 1, steps, "Counted {n}", n=i + 1, metrics={"loss": 1 / (i + 1)}
            )
        return steps

    return run


def test_progress_reports_reach_the_listener_throttled():
    seen = []
    ctx = JobContext(on_progress=seen.append, min_interval=10)
    result = Job("count", counting_job(100)).run(ctx)
    assert result == 100
    # the first and the last always arrive; the rest are throttled away
    assert [p.done for p in seen] == [1, 100]
    assert seen[-1].fraction == 1.0
    assert seen[-1].message_args == {"n": 100}
    assert seen[-1].metrics["loss"] == pytest.approx(0.01)


def test_cancel_from_another_thread_stops_the_job():
    token = CancelToken()
    ctx = JobContext(token)
    outcome = {}

    def work():
        try:
            Job("slow", counting_job(10_000, pause=0.01)).run(ctx)
        except Cancelled:
            outcome["cancelled"] = ctx.last_progress.done

    thread = threading.Thread(target=work)
    thread.start()
    time.sleep(0.1)
    token.cancel()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert 0 < outcome["cancelled"] < 10_000


def test_errors_propagate_and_are_logged(caplog):
    def broken(ctx):
        raise ValueError("bad data")

    with pytest.raises(ValueError, match="bad data"):
        Job("broken", broken).run(JobContext())
    assert "job failed: broken" in caplog.text


def test_terminal_runner_returns_the_result():
    assert run_in_terminal(Job("count", counting_job(5)), show_progress=False) == 5


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_in_the_terminal_cancels_cleanly():
    code = textwrap.dedent("""
        import sys
        from engine.jobs import Cancelled, Job, run_in_terminal

        def slow(ctx):
            print("started", flush=True)
            for i in range(1000):
                ctx.token.wait(0.01)
                ctx.report(i, 1000)
            return "finished"

        try:
            run_in_terminal(Job("slow", slow))
        except Cancelled:
            print("cancelled cleanly", flush=True)
            sys.exit(130)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().strip() == "started"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "cancelled cleanly" in out
    assert "Cancelling" in err


def test_terminal_line_shows_the_status_and_key_figures_only():
    progress = Progress(
        3,
        10,
        "Epoch {epoch}, step {step}",
        {"epoch": 2, "step": 3},
        metrics={
            "train_loss": 1.23456,
            "val_loss": 1.5,
            "lr": 0.003,
            "elapsed_s": 12.0,
            "eta_s": 30.0,
            "progress": 0.3,
            "tokens_per_s": 7412.9,
        },
    )
    postfix = terminal_postfix(progress)
    assert list(postfix) == ["status", "train_loss", "val_loss", "tokens_per_s"]
    assert postfix["status"] == "Epoch 2, step 3"
    assert postfix["train_loss"] == "1.235"
