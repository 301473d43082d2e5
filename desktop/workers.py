"""Engine jobs on worker threads, seen by the GUI as signals and a list model.

For panes::

    handle = services.jobs.submit(job, on_success=..., on_failure=...)
    handle.cancel()

``on_success(result)`` and ``on_failure(exc, details)`` run on the GUI
thread; a handle also emits ``progressed(Progress)``, ``finished(result)``,
``failed(exc, details)`` and ``cancelled()``. Heavy jobs run one at a time in
submission order; light ones (``job.heavy`` False) start at once.
:func:`run_quietly` runs a small function off the GUI thread without a row
in the Jobs panel (version probes, GPU detection). Workers never touch
widgets: they only emit signals, which Qt queues to the GUI thread.
"""

from __future__ import annotations

import enum
import functools
import logging
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from desktop.i18n import engine_text
from engine.jobs import Cancelled, CancelToken, Job, JobContext, Progress

log = logging.getLogger(__name__)

# Seconds between progress signals; the engine throttles reports to this.
PROGRESS_INTERVAL = 0.1

_running: set[JobWorker] = set()


class JobState(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


class JobWorker(QThread):
    """Runs one function taking a JobContext; reports back through signals."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object, str)
    stopped = Signal()

    def __init__(
        self, function: Callable[[JobContext], Any], *, name: str = ""
    ) -> None:
        super().__init__()
        self.token = CancelToken()
        self._function = function
        self.setObjectName(name or "pictor-worker")
        self.finished.connect(self._on_finished)

    def start_tracked(self) -> None:
        _running.add(self)
        self.start()

    def cancel(self) -> None:
        self.token.cancel()
        self.requestInterruption()

    def run(self) -> None:
        # log lines name this thread rather than a generic "Dummy-N"
        threading.current_thread().name = self.objectName()
        context = JobContext(
            self.token, self.progressed.emit, min_interval=PROGRESS_INTERVAL
        )
        try:
            context.check()
            result = self._function(context)
        except Cancelled:
            self.stopped.emit()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI thread
            self.failed.emit(exc, traceback.format_exc())
        else:
            self.succeeded.emit(result)

    def _on_finished(self) -> None:
        self.wait()
        # Python owns this QThread: dropping the last reference here would
        # delete it inside its own queued slot call (and a deleteLater on
        # top of that frees it twice). Let go on the next event-loop turn.
        QTimer.singleShot(0, functools.partial(_running.discard, self))


def running_workers() -> list[JobWorker]:
    """Workers whose thread has not been reaped yet (tests check this is empty)."""
    return list(_running)


def wait_for_workers(timeout: float) -> list[str]:
    """Cancel every worker and wait; return the names of those still running."""
    deadline = time.monotonic() + timeout
    for worker in list(_running):
        worker.cancel()
    stuck = []
    for worker in list(_running):
        remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
        if worker.wait(remaining_ms):
            _running.discard(worker)
        else:
            stuck.append(worker.objectName())
    return stuck


class _QuietCall(QObject):
    """Relays a quiet worker's result to plain callbacks on the GUI thread.

    It has no Qt parent and is kept alive by its worker, so Python alone
    frees it; when ``owner`` is destroyed first, the callbacks are skipped.
    """

    def __init__(
        self,
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None] | None,
        owner: QObject | None,
    ) -> None:
        super().__init__()
        self._on_result = on_result
        self._on_error = on_error
        self._owner_alive = True
        if owner is not None:
            owner.destroyed.connect(self._on_owner_destroyed)

    def _on_owner_destroyed(self) -> None:
        self._owner_alive = False

    def succeeded(self, result: Any) -> None:
        if self._owner_alive:
            self._on_result(result)

    def failed(self, exc: BaseException, details: str) -> None:
        log.error("background call failed\n%s", details)
        if self._owner_alive and self._on_error is not None:
            self._on_error(exc, details)


def run_quietly(
    function: Callable[[], Any],
    on_result: Callable[[Any], None],
    *,
    on_error: Callable[[BaseException, str], None] | None = None,
    parent: QObject | None = None,
) -> JobWorker:
    """Call ``function()`` on a worker thread; ``on_result`` gets its value.

    If ``parent`` is destroyed first, the callbacks are not called.
    """
    relay = _QuietCall(on_result, on_error, parent)
    worker = JobWorker(lambda _context: function(), name="pictor-background")
    worker.relay = relay
    worker.succeeded.connect(relay.succeeded)
    worker.failed.connect(relay.failed)
    worker.start_tracked()
    return worker


class JobHandle(QObject):
    """One submitted job as the GUI sees it: state, progress, result, error."""

    changed = Signal()
    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()

    def __init__(self, job: Job, manager: JobManager) -> None:
        super().__init__(manager)
        self.job = job
        self.state = JobState.QUEUED
        self.progress = Progress()
        self.error: BaseException | None = None
        self.details = ""
        self.started_at: float | None = None
        # (time, fraction) of the first report that told a fraction: work
        # done before it (the bytes of a resumed download) is not this run's.
        self._pace_start: tuple[float, float] | None = None
        self._manager = manager
        self._worker: JobWorker | None = None

    @property
    def title(self) -> str:
        return engine_text(self.job.title, self.job.title_args)

    @property
    def message(self) -> str:
        return engine_text(self.progress.message, self.progress.message_args)

    def eta_seconds(self) -> float | None:
        """Seconds left: the job's own estimate (its ``eta_s`` metric) when it
        gives one, else from its pace so far; None until it can be told."""
        if self.state != JobState.RUNNING:
            return None
        own = self.progress.metrics.get("eta_s")
        if own is not None and own >= 0:
            return float(own)
        fraction = self.progress.fraction
        if fraction is None or self._pace_start is None:
            return None
        since, first = self._pace_start
        elapsed, gained = time.monotonic() - since, fraction - first
        if elapsed < 1.0 or gained < 0.01:
            return None
        return elapsed * (1.0 - fraction) / gained

    def bytes_per_second(self) -> float | None:
        """The transfer speed a download reports, or None."""
        speed = self.progress.metrics.get("bytes_per_s")
        return float(speed) if speed is not None and speed > 0 else None

    def cancel(self) -> None:
        """Stop the job: a queued one at once, a running one at its next check."""
        if self.state == JobState.QUEUED:
            self._manager._drop_queued(self)
            self._finish(JobState.CANCELLED)
            self.cancelled.emit()
        elif self.state == JobState.RUNNING and self._worker is not None:
            self._worker.cancel()

    def _start(self) -> None:
        worker = JobWorker(self.job.run, name=f"pictor-job {self.job.title}")
        worker.progressed.connect(self._on_progressed)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        worker.stopped.connect(self._on_stopped)
        self._worker = worker
        self.started_at = time.monotonic()
        self.state = JobState.RUNNING
        self.changed.emit()
        worker.start_tracked()

    def _finish(self, state: JobState) -> None:
        self.state = state
        self._worker = None
        self.changed.emit()
        self._manager._job_ended(self)

    def _on_progressed(self, progress: Progress) -> None:
        if self.state.is_final:
            return
        self.progress = progress
        if self._pace_start is None and progress.fraction is not None:
            self._pace_start = (time.monotonic(), progress.fraction)
        self.changed.emit()
        self.progressed.emit(progress)

    def _on_succeeded(self, result: Any) -> None:
        self._finish(JobState.DONE)
        self.finished.emit(result)

    def _on_failed(self, exc: BaseException, details: str) -> None:
        self.error, self.details = exc, details
        self._finish(JobState.FAILED)
        self.failed.emit(exc, details)

    def _on_stopped(self) -> None:
        self._finish(JobState.CANCELLED)
        self.cancelled.emit()


class JobManager(QObject):
    """Runs submitted jobs: heavy ones in a queue, light ones at once."""

    submitted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[JobHandle] = deque()
        self._heavy: JobHandle | None = None
        self._active: list[JobHandle] = []

    def submit(
        self,
        job: Job,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException, str], None] | None = None,
        *,
        on_cancel: Callable[[], None] | None = None,
    ) -> JobHandle:
        """Start or queue ``job``; the callbacks run on the GUI thread."""
        handle = JobHandle(job, self)
        for signal, callback in (
            (handle.finished, on_success),
            (handle.failed, on_failure),
            (handle.cancelled, on_cancel),
        ):
            if callback is not None:
                signal.connect(callback)
        self._active.append(handle)
        self.submitted.emit(handle)
        if not job.heavy:
            # Limit: light jobs all start at once, each on its own thread, so
            # hundreds submitted together would compete for the CPU.
            handle._start()
        elif self._heavy is None:
            self._heavy = handle
            handle._start()
        else:
            self._queue.append(handle)
        return handle

    def active(self) -> list[JobHandle]:
        """Jobs queued or running, in submission order."""
        return list(self._active)

    def cancel_all(self) -> None:
        for handle in reversed(self._active):
            handle.cancel()

    def shutdown(self, timeout: float = 5.0) -> list[str]:
        """Cancel every job and wait up to ``timeout`` seconds for them.

        Returns the titles of jobs still running afterwards (logged too);
        their threads are left to finish, never terminated.
        """
        running = [h for h in self._active if h.state == JobState.RUNNING]
        self._queue.clear()
        self.cancel_all()
        stuck = []
        deadline = time.monotonic() + timeout
        for handle in running:
            worker = handle._worker
            remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
            if worker is not None and not worker.wait(remaining_ms):
                stuck.append(handle.title)
                log.warning("job did not stop within %.1f s: %s", timeout, handle.title)
        return stuck

    def _drop_queued(self, handle: JobHandle) -> None:
        if handle in self._queue:
            self._queue.remove(handle)

    def _job_ended(self, handle: JobHandle) -> None:
        if handle in self._active:
            self._active.remove(handle)
        if handle is self._heavy:
            self._heavy = None
            if self._queue:
                self._heavy = self._queue.popleft()
                self._heavy._start()
