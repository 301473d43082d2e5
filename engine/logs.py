"""Logging for the app and the CLI: one setup, a rotating file, stderr,
and a bounded in-memory buffer that the in-app log view reads."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from engine import paths

FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
NOISY = ("PIL", "urllib3", "matplotlib", "filelock", "httpx", "huggingface_hub")

_setup_done = False
_ring: RingBufferHandler | None = None
_file: Path | None = None


class RingBufferHandler(logging.Handler):
    """Keeps the last ``capacity`` formatted lines and tells listeners."""

    def __init__(self, capacity: int = 5000) -> None:
        super().__init__()
        self.lines: deque[str] = deque(maxlen=capacity)
        self._listeners: list[Callable[[str], None]] = []
        self._listeners_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)
            return
        self.lines.append(line)
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(line)

    def subscribe(self, listener: Callable[[str], None]) -> None:
        with self._listeners_lock:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[str], None]) -> None:
        with self._listeners_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)


def log_file() -> Path:
    return paths.log_dir() / "pictor.log"


def setup_logging(
    *, level: int = logging.INFO, to_stderr: bool = True, to_file: bool = True
) -> RingBufferHandler:
    """Configure logging once per process; later calls return the buffer."""
    global _setup_done, _ring
    if _setup_done and _ring is not None:
        return _ring
    root = logging.getLogger()
    root.setLevel(level)
    formatter = logging.Formatter(FORMAT)
    _ring = RingBufferHandler()
    _ring.setFormatter(formatter)
    root.addHandler(_ring)
    if to_stderr and sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        stream.setLevel(logging.WARNING)
        root.addHandler(stream)
    if to_file:
        _add_file_handler(root, formatter)
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
    _setup_done = True
    return _ring


def ring_buffer() -> RingBufferHandler | None:
    return _ring


def active_log_file() -> Path | None:
    """The file this process logs to, or None (no file, or not set up)."""
    return _file


def _add_file_handler(root: logging.Logger, formatter: logging.Formatter) -> None:
    global _file
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        root.warning("cannot write the log file %s", path, exc_info=True)
        return
    handler.setFormatter(formatter)
    root.addHandler(handler)
    _file = path


ErrorListener = Callable[[BaseException, str], None]


def install_exception_hooks(on_error: ErrorListener | None = None) -> None:
    """Log uncaught exceptions of the main thread and of other threads.

    ``on_error`` receives the exception and its formatted traceback (the
    desktop shows one sentence with "Copy details").
    """
    log = logging.getLogger("pictor.uncaught")

    def report(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception\n%s", details)
        if on_error is not None:
            on_error(exc, details)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            report(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = report
    threading.excepthook = thread_hook
