"""Long-running work as jobs: progress, cancellation and a runner protocol.

A job is a function that takes a :class:`JobContext`. It reports progress
through the context, checks for cancellation at least every half second and
raises :class:`Cancelled` when asked to stop. The same job runs under the
command line (:func:`run_in_terminal`) and under the desktop worker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.i18n import QT_TRANSLATE_NOOP, UserError

log = logging.getLogger(__name__)


class Cancelled(Exception):  # noqa: N818 - a state, not an error
    """Raised inside a job when the user asked it to stop."""


@dataclass(frozen=True)
class Progress:
    """One progress report.

    ``message`` is an English template marked for translation and
    ``message_args`` fills it; ``metrics`` carries figures such as loss.
    """

    done: float = 0.0
    total: float | None = None
    message: str = ""
    message_args: Mapping[str, Any] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


class CancelToken:
    """A thread-safe flag a job polls to learn that it should stop."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; return True early if cancelled."""
        return self._event.wait(seconds)


ProgressCallback = Callable[[Progress], None]


class JobContext:
    """What a running job sees: its cancel token and a progress reporter.

    Reports are throttled to ``min_interval`` seconds, except the first,
    the last (``done == total``) and any with ``force=True``.
    """

    def __init__(
        self,
        token: CancelToken | None = None,
        on_progress: ProgressCallback | None = None,
        *,
        min_interval: float = 0.1,
    ) -> None:
        self.token = token or CancelToken()
        self._on_progress = on_progress
        self._min_interval = min_interval
        self._last_report = 0.0
        self.last_progress = Progress()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""
        self.token.raise_if_cancelled()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def report(
        self,
        done: float,
        total: float | None = None,
        message: str = "",
        *,
        force: bool = False,
        metrics: Mapping[str, float] | None = None,
        **message_args: Any,
    ) -> None:
        """Report progress and check for cancellation."""
        progress = Progress(done, total, message, message_args, metrics or {})
        self.last_progress = progress
        now = time.monotonic()
        finished = total is not None and done >= total
        due = now - self._last_report >= self._min_interval
        if self._on_progress and (force or finished or due or not self._last_report):
            self._last_report = now
            self._on_progress(progress)
        self.check()


JobFunction = Callable[[JobContext], Any]


@dataclass
class Job:
    """A unit of long work with a title the user sees.

    ``heavy`` jobs (training, indexing, feature extraction) run one at a
    time; light ones (thumbnails, small queries) may run beside them.
    ``unit`` is what ``done`` counts: ``"B"`` for bytes (the terminal bar
    then shows MB and MB/s), empty for steps.
    """

    title: str
    function: JobFunction
    heavy: bool = True
    title_args: Mapping[str, Any] = field(default_factory=dict)
    unit: str = ""

    def run(self, context: JobContext) -> Any:
        log.info("job started: %s", self.title)
        started = time.monotonic()
        try:
            result = self.function(context)
        except Cancelled:
            log.info("job cancelled: %s", self.title)
            raise
        except Exception:
            log.exception("job failed: %s", self.title)
            raise
        log.info("job finished: %s (%.2f s)", self.title, time.monotonic() - started)
        return result


class JobRunner(Protocol):
    """Something that runs jobs: the terminal, or the desktop worker pool."""

    def submit(self, job: Job) -> Any:
        """Start or queue ``job``; return a handle the caller can cancel."""


class JobFailed(UserError):
    template = QT_TRANSLATE_NOOP("engine", "The job “{title}” failed: {reason}")


def run_in_terminal(job: Job, *, show_progress: bool = True) -> Any:
    """Run ``job`` in this thread with a tqdm bar; Ctrl-C cancels it cleanly.

    The first Ctrl-C asks the job to stop and waits for it to leave the
    project consistent; a second one interrupts at once.
    """
    import signal

    from engine.i18n import format_message

    token = CancelToken()
    title = format_message(job.title, job.title_args)
    bar = _TerminalBar(title, enabled=show_progress, unit=job.unit)
    context = JobContext(token, bar.update)
    previous = None

    def on_sigint(signum: int, frame: Any) -> None:
        if token.cancelled:
            raise KeyboardInterrupt
        token.cancel()
        bar.note("Cancelling… (press Ctrl-C again to stop at once)")

    in_main = threading.current_thread() is threading.main_thread()
    if in_main:
        previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        return job.run(context)
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)
        bar.close()


# Numbers first, so that a narrow terminal cuts the bar, not the figures.
_BYTES_FORMAT = (
    "{desc}: {percentage:3.0f}% {n_fmt}B of {total_fmt}B, {rate_fmt}, "
    "{remaining} left |{bar}|"
)


# The figures worth a place on one terminal line, in this order; the bar
# itself shows the count, the elapsed time and the time left.
TERMINAL_METRICS = (
    "loss",
    "train_loss",
    "val_loss",
    "train_acc",
    "val_acc",
    "perplexity",
    "tokens_per_s",
    "photos/s",
)


def terminal_postfix(progress: Progress) -> dict[str, str]:
    """The status message, then the job's key figures, for a tqdm postfix."""
    from engine.i18n import format_message

    postfix = {}
    if progress.message:
        postfix["status"] = format_message(progress.message, progress.message_args)
    for key in TERMINAL_METRICS:
        value = progress.metrics.get(key)
        if value is not None:
            postfix[key] = f"{value:.4g}"
    return postfix


class _TerminalBar:
    """A tqdm bar on stderr, created on the first report."""

    def __init__(self, title: str, *, enabled: bool, unit: str = "") -> None:
        self._title = title
        self._enabled = enabled
        self._unit = unit
        self._bar: Any = None

    def _create(self, progress: Progress) -> Any:
        from tqdm import tqdm

        if self._unit != "B":
            return tqdm(desc=self._title, total=progress.total, leave=False)
        # Starting at the first report's count keeps the bytes of a resumed
        # download out of the speed tqdm shows.
        return tqdm(
            desc=self._title,
            total=progress.total,
            initial=progress.done,
            unit="B",
            unit_scale=True,
            unit_divisor=1000,
            bar_format=_BYTES_FORMAT,
            leave=False,
        )

    def _show_bytes(self, progress: Progress) -> None:
        # tqdm shows the speed and the time left itself; the message
        # ("Downloading …", "Checking …") replaces the title.
        from engine.i18n import format_message

        status = format_message(progress.message, progress.message_args)
        self._bar.set_description_str(status or self._title, refresh=False)
        self._bar.refresh()

    def update(self, progress: Progress) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            self._bar = self._create(progress)
        bar = self._bar
        if progress.total is not None and bar.total != progress.total:
            bar.total = progress.total
        if progress.done >= bar.n:
            bar.update(progress.done - bar.n)  # feeds tqdm's speed estimate
        else:
            bar.n = progress.done
        if self._unit == "B":
            self._show_bytes(progress)
            return
        bar.set_postfix(terminal_postfix(progress), refresh=False)
        bar.refresh()

    def note(self, text: str) -> None:
        if self._bar is not None:
            self._bar.write(text)
        elif self._enabled:
            import sys

            sys.stderr.write(text + "\n")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
