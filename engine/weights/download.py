"""Fetch one file over HTTP(S) into ``NAME.part``: resumable, hashed while
written, cancellable between chunks, moved into place only when verified.

urllib's default ProxyHandler honours the system proxy settings
(``https_proxy``, ``no_proxy``…); HTTPS uses the system certificates.
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import logging
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine import __version__
from engine.i18n import QT_TRANSLATE_NOOP
from engine.jobs import Cancelled, CancelToken, JobContext
from engine.weights.errors import (
    ChecksumMismatch,
    DownloadFailed,
    DownloadNotFound,
    DownloadStalled,
    SizeMismatch,
)
from engine.weights.registry import FileSpec

log = logging.getLogger(__name__)

DOWNLOADING = QT_TRANSLATE_NOOP("engine", "Downloading {title}")
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
# How often a job waiting for a connection or a reply looks at its cancel token.
_CANCEL_POLL = 0.1


@dataclass(frozen=True)
class DownloadSettings:
    """Network timing.

    ``connect_timeout`` bounds connecting and then waiting for the server's
    reply (its headers): busy servers and proxies can take many seconds to
    answer. ``read_timeout`` bounds how long a read of the body blocks, so a
    cancel is noticed within about that time even on a trickling server, and
    a silent connection is reopened with a Range request.
    """

    connect_timeout: float = 30.0
    read_timeout: float = 0.5
    stall_timeout: float = 60.0
    max_failures: int = 6
    first_backoff: float = 0.5
    max_backoff: float = 8.0
    chunk_size: int = 64 * 1024


class _Interrupted(Exception):  # noqa: N818 - internal control flow
    """The connection ended early; resume with a Range request."""

    def __init__(self, reason: str, *, progressed: bool, stalled: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.progressed = progressed
        self.stalled = stalled


class _Restart(Exception):  # noqa: N818 - internal control flow
    """The server did not honour the range: start the file over."""


class ByteMeter:
    """Turns byte counts of one or more files into progress reports with
    speed and ETA. Sizes start from the registry and are corrected as
    servers announce the real lengths."""

    def __init__(
        self, context: JobContext, *, title: str, files: Sequence[FileSpec]
    ) -> None:
        self._context = context
        self._title = title
        self._sizes = {f.filename: f.display_size for f in files}
        self.base = 0
        self._window = (time.monotonic(), 0)
        self.speed = 0.0

    @property
    def total(self) -> int | None:
        return sum(size for size in self._sizes.values() if size) or None

    def set_size(self, filename: str, size: int | None) -> None:
        if size is not None:
            self._sizes[filename] = size

    def skip(self, filename: str) -> None:
        """A file that is already present counts for nothing."""
        self._sizes.pop(filename, None)

    def file_done(self, size: int) -> None:
        self.base += size

    def update(self, done_in_file: int, *, force: bool = False) -> None:
        done = self.base + done_in_file
        # The report at the end of a file measures whatever time has passed.
        self._update_speed(done, window=0.0 if force else 0.5)
        self._context.report(
            done,
            self.total,
            DOWNLOADING,
            force=force,
            metrics=self._metrics(done),
            title=self._title,
        )

    def _metrics(self, done: int) -> dict[str, float]:
        """``bytes_per_s`` and ``eta_s`` once a speed is measured. Both count
        only bytes fetched in this run, so a resumed download's ETA is the
        time for what is left, not for the bytes already on disk."""
        if self.speed <= 0:
            return {}
        metrics = {"bytes_per_s": self.speed}
        total = self.total
        if total:
            metrics["eta_s"] = max(0.0, total - done) / self.speed
        return metrics

    def _update_speed(self, done: int, *, window: float) -> None:
        # A moving average over half-second windows keeps the figure steady.
        started, start_bytes = self._window
        elapsed = time.monotonic() - started
        if elapsed < window or elapsed <= 0:
            return
        current = max(0.0, (done - start_bytes) / elapsed)
        self.speed = current if self.speed == 0 else 0.7 * self.speed + 0.3 * current
        self._window = (time.monotonic(), done)

    def restart_window(self, done_in_file: int) -> None:
        self._window = (time.monotonic(), self.base + done_in_file)


class _PartFile:
    """``NAME.part`` and the SHA-256 of the bytes in it so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.digest = hashlib.sha256()
        self.size = 0

    def hash_existing(self, context: JobContext, chunk: int) -> None:
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            while block := handle.read(chunk * 16):
                self.digest.update(block)
                self.size += len(block)
                context.check()

    def reset(self) -> None:
        self.path.unlink(missing_ok=True)
        self.digest = hashlib.sha256()
        self.size = 0


def download_file(
    url: str,
    dest: Path,
    *,
    spec: FileSpec,
    context: JobContext,
    meter: ByteMeter,
    title: str,
    settings: DownloadSettings | None = None,
) -> str:
    """Download ``url`` to ``dest``, resuming from ``dest.part`` if present.

    Args:
        url: the address.
        dest: final path; bytes go to ``dest.part`` until checked.
        spec: expected size and checksum (either may be unknown).
        context: cancel token and progress.
        meter: shared progress meter (several files make one job).
        title: the model's title, for messages.
        settings: timeouts and retries.

    Returns:
        The SHA-256 of the file. Raises :class:`Cancelled` (``.part`` kept),
        a UserError for 404, stalls, size or checksum mismatches.
    """
    settings = settings or DownloadSettings()
    part = _PartFile(dest.with_name(dest.name + ".part"))
    part.hash_existing(context, settings.chunk_size)
    if part.size:
        log.info("resuming %s at byte %d", dest.name, part.size)
    _fetch_with_retries(
        url,
        part,
        spec=spec,
        context=context,
        meter=meter,
        title=title,
        settings=settings,
    )
    return _finish(part, dest, spec=spec)


def _fetch_with_retries(
    url: str,
    part: _PartFile,
    *,
    spec: FileSpec,
    context: JobContext,
    meter: ByteMeter,
    title: str,
    settings: DownloadSettings,
) -> None:
    opener = _build_opener(settings)
    failures, backoff = 0, settings.first_backoff
    last_byte_at = time.monotonic()
    while True:
        context.check()
        try:
            _fetch(
                opener,
                url,
                part,
                spec=spec,
                context=context,
                meter=meter,
                title=title,
                settings=settings,
            )
            return
        except _Restart:
            log.warning("server ignored the resume range for %s; starting over", url)
            part.reset()
            continue
        except _Interrupted as exc:
            if context.cancelled:
                raise Cancelled from None
            now = time.monotonic()
            if exc.progressed:
                failures, backoff, last_byte_at = 0, settings.first_backoff, now
            if not exc.stalled:
                failures += 1
            log.info(
                "download of %s interrupted at %d bytes: %s", url, part.size, exc.reason
            )
            if now - last_byte_at > settings.stall_timeout:
                raise DownloadStalled(
                    title=title, seconds=round(now - last_byte_at)
                ) from None
            if failures > settings.max_failures:
                raise DownloadFailed(title=title, reason=exc.reason) from None
            if not exc.progressed and context.token.wait(backoff):
                raise Cancelled from None
            backoff = min(backoff * 2, settings.max_backoff)


def _fetch(
    opener: urllib.request.OpenerDirector,
    url: str,
    part: _PartFile,
    *,
    spec: FileSpec,
    context: JobContext,
    meter: ByteMeter,
    title: str,
    settings: DownloadSettings,
) -> None:
    response = _open(
        opener, url, part, title=title, settings=settings, token=context.token
    )
    if response is None:
        return  # the part file already holds every byte
    with response:
        total = _expected_total(response, part)
        meter.set_size(spec.filename, total)
        meter.restart_window(part.size)
        _copy_body(
            response, part, total=total, context=context, meter=meter, settings=settings
        )


def _open(
    opener: urllib.request.OpenerDirector,
    url: str,
    part: _PartFile,
    *,
    title: str,
    settings: DownloadSettings,
    token: CancelToken,
) -> http.client.HTTPResponse | None:
    headers = {"User-Agent": f"Pictor/{__version__}", "Accept-Encoding": "identity"}
    if part.size:
        headers["Range"] = f"bytes={part.size}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        return _Opening(opener, request, timeout=settings.connect_timeout).wait(token)
    except urllib.error.HTTPError as exc:
        with exc:
            return _on_http_error(exc, url, part, title=title)
    except TimeoutError:
        raise _Interrupted("timed out", progressed=False, stalled=True) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise _Interrupted(str(reason), progressed=False) from None


class _Opening:
    """Opens a request on a daemon thread, so that the job can stop waiting
    when the user cancels: name lookup, connecting, TLS and a server slow to
    answer all block inside calls that no cancel token can interrupt. An
    abandoned opening finishes on its own and closes what it got."""

    def __init__(
        self,
        opener: urllib.request.OpenerDirector,
        request: urllib.request.Request,
        *,
        timeout: float,
    ) -> None:
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._abandoned = False
        self._response: http.client.HTTPResponse | None = None
        self._error: Exception | None = None
        threading.Thread(
            target=self._run,
            args=(opener, request, timeout),
            name="pictor-download-open",
            daemon=True,
        ).start()

    def _run(
        self,
        opener: urllib.request.OpenerDirector,
        request: urllib.request.Request,
        timeout: float,
    ) -> None:
        response, error = None, None
        try:
            response = opener.open(request, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - raised again in the job's thread
            error = exc
        with self._lock:
            self._response, self._error = response, error
            abandoned = self._abandoned
            self._done.set()
        if abandoned:
            for thing in (response, error):
                if hasattr(thing, "close"):
                    thing.close()

    def wait(self, token: CancelToken) -> http.client.HTTPResponse:
        """The response, or what opening raised; :class:`Cancelled` on cancel."""
        while not self._done.wait(_CANCEL_POLL):
            if token.cancelled:
                with self._lock:
                    if not self._done.is_set():
                        self._abandoned = True
                        raise Cancelled
        if self._error is not None:
            raise self._error
        assert self._response is not None
        return self._response


def _on_http_error(
    exc: urllib.error.HTTPError, url: str, part: _PartFile, *, title: str
) -> None:
    if exc.code == 416 and part.size:
        # Range not satisfiable: the part may already be complete.
        announced = (exc.headers.get("Content-Range") or "").rpartition("/")[2]
        if announced.isdigit() and int(announced) == part.size:
            return None
        raise _Restart
    if exc.code in (404, 410):
        raise DownloadNotFound(title=title, url=url)
    if exc.code == 429 or exc.code >= 500:
        raise _Interrupted(f"HTTP {exc.code} {exc.reason}", progressed=False)
    raise DownloadFailed(title=title, reason=f"HTTP {exc.code} {exc.reason}")


def _expected_total(response: http.client.HTTPResponse, part: _PartFile) -> int | None:
    """Check that a resumed request got the bytes it asked for."""
    length = response.headers.get("Content-Length")
    if part.size and response.status == 200:
        log.warning("server sent the whole file instead of a range; starting over")
        part.reset()
    elif part.size:
        match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range") or "")
        if response.status != 206 or not match or int(match[1]) != part.size:
            raise _Restart
        if match[3] != "*":
            return int(match[3])
    if length is not None and length.isdigit():
        return part.size + int(length)
    return None


def _copy_body(
    response: http.client.HTTPResponse,
    part: _PartFile,
    *,
    total: int | None,
    context: JobContext,
    meter: ByteMeter,
    settings: DownloadSettings,
) -> None:
    progressed = False
    with open(part.path, "ab") as handle:
        try:
            while True:
                context.check()
                block = response.read1(settings.chunk_size)
                if not block:
                    break
                handle.write(block)
                part.digest.update(block)
                part.size += len(block)
                progressed = True
                meter.update(part.size)
        except TimeoutError:
            raise _Interrupted(
                "timed out", progressed=progressed, stalled=True
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise _Interrupted(
                str(exc) or type(exc).__name__, progressed=progressed
            ) from None
        finally:
            handle.flush()
            os.fsync(handle.fileno())
    if total is not None and part.size < total:
        raise _Interrupted("the connection closed early", progressed=progressed)
    meter.update(part.size, force=True)


def _finish(part: _PartFile, dest: Path, *, spec: FileSpec) -> str:
    sha256 = part.digest.hexdigest()
    if spec.size is not None and part.size != spec.size:
        found = part.size
        part.reset()
        raise SizeMismatch(file=dest.name, found=found, expected=spec.size)
    if spec.checksum is not None and not spec.checksum.matches(sha256):
        log.warning(
            "checksum mismatch for %s: got %s, published %s %s",
            dest.name,
            sha256,
            spec.checksum.kind,
            spec.checksum.value,
        )
        part.reset()
        raise ChecksumMismatch(file=dest.name)
    os.replace(part.path, dest)
    log.info("downloaded %s (%d bytes, sha256 %s)", dest.name, part.size, sha256)
    return sha256


class _ShortBodyReads:
    """Connects and waits for the reply with the connect timeout, then reads
    the body with the short read timeout that tells a stalled server."""

    _read_timeout: float
    sock: socket.socket | None

    def getresponse(self) -> http.client.HTTPResponse:
        # Kept here: a reply that closes the connection drops ``self.sock``,
        # but its body is still read through this socket.
        sock = self.sock
        response = super().getresponse()  # type: ignore[misc]
        if sock is not None:
            sock.settimeout(self._read_timeout)
        return response


class _TimedHTTPConnection(_ShortBodyReads, http.client.HTTPConnection):
    def __init__(self, *args, read_timeout: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._read_timeout = read_timeout


class _TimedHTTPSConnection(_ShortBodyReads, http.client.HTTPSConnection):
    def __init__(self, *args, read_timeout: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._read_timeout = read_timeout


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self._read_timeout = read_timeout

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(
            _TimedHTTPConnection, read_timeout=self._read_timeout
        )
        return self.do_open(connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float, tls: ssl.SSLContext) -> None:
        super().__init__(context=tls)
        self._read_timeout = read_timeout
        self._tls = tls

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(
            _TimedHTTPSConnection, read_timeout=self._read_timeout
        )
        return self.do_open(connection, req, context=self._tls)


def _build_opener(settings: DownloadSettings) -> urllib.request.OpenerDirector:
    # Limit: a connection whose server pauses longer than read_timeout is
    # reopened with a Range request; on very bursty links that costs a
    # reconnect per pause, but cancel stays prompt and no byte is fetched twice.
    tls = ssl.create_default_context()
    return urllib.request.build_opener(
        _HTTPHandler(settings.read_timeout), _HTTPSHandler(settings.read_timeout, tls)
    )
