"""A real HTTP server on 127.0.0.1 that serves weight files, with switches
for the ways downloads go wrong; and helpers that make random weights."""

from __future__ import annotations

import dataclasses
import http.server
import re
import threading
import time
import urllib.parse
from pathlib import Path

from engine.weights.registry import RESNET18, FileSpec, ModelSpec

_RANGE = re.compile(r"bytes=(\d+)-")


@dataclasses.dataclass
class Behaviour:
    """How the server misbehaves. Counters count down per request."""

    drop_after: int | None = None  # close the connection after N body bytes
    drops: int = 0  # how many requests are dropped that way
    not_found: bool = False
    trickle_delay: float = 0.0  # seconds between small chunks
    trickle_chunk: int = 4096
    stall_after: int | None = None  # send N bytes, then nothing, ever
    wrong_content: bool = False  # serve other bytes of the same length
    ignore_range: bool = False  # answer 200 with the whole file to a Range
    reply_delay: float = 0.0  # seconds before the response headers


class WeightServer:
    """Serves ``files`` (name -> bytes) and records each request's headers."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.behaviour = Behaviour()
        self.requests: list[dict[str, str | None]] = []
        self.stopping = threading.Event()
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="weight-server",
        )

    def start(self) -> WeightServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def url(self, name: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/{name}"

    @property
    def ranges(self) -> list[str | None]:
        return [r["range"] for r in self.requests]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output quiet

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        owner: WeightServer = self.server.owner  # type: ignore[attr-defined]
        behaviour = owner.behaviour
        name = Path(urllib.parse.urlparse(self.path).path).name
        owner.requests.append({"path": self.path, "range": self.headers.get("Range")})
        if owner.stopping.wait(behaviour.reply_delay):
            self.close_connection = True
            return
        data = owner.files.get(name)
        if data is None or behaviour.not_found:
            self._empty(404)
            return
        if behaviour.wrong_content:
            data = data[::-1]
        start = self._range_start(behaviour, len(data))
        if start is None:
            return
        self._send(owner, behaviour, data, start)

    def _range_start(self, behaviour: Behaviour, size: int) -> int | None:
        match = _RANGE.fullmatch(self.headers.get("Range") or "")
        if not match or behaviour.ignore_range:
            return 0
        start = int(match[1])
        if start >= size:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return start

    def _send(
        self, owner: WeightServer, behaviour: Behaviour, data: bytes, start: int
    ) -> None:
        body = data[start:]
        self.send_response(206 if start else 200)
        if start:
            self.send_header(
                "Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}"
            )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if behaviour.drops > 0 and behaviour.drop_after is not None:
            behaviour.drops -= 1
            self._write(owner, body[: behaviour.drop_after], behaviour)
            self.close_connection = True
            return
        if behaviour.stall_after is not None:
            self._write(owner, body[: behaviour.stall_after], behaviour)
            behaviour.stall_after = 0  # later requests get nothing at all
            owner.stopping.wait(30)
            self.close_connection = True
            return
        self._write(owner, body, behaviour)

    def _write(self, owner: WeightServer, body: bytes, behaviour: Behaviour) -> None:
        step = behaviour.trickle_chunk if behaviour.trickle_delay else len(body) or 1
        try:
            for offset in range(0, len(body), step):
                if owner.stopping.is_set():
                    return
                self.wfile.write(body[offset : offset + step])
                self.wfile.flush()
                if behaviour.trickle_delay:
                    time.sleep(behaviour.trickle_delay)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _empty(self, code: int) -> None:
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()


def random_resnet18_state() -> dict:
    """A resnet18 state dict with random values (the real architecture)."""
    import torch
    from torchvision.models import resnet18

    torch.manual_seed(0)
    return {k: v.clone() for k, v in resnet18(weights=None).state_dict().items()}


def spec_for(
    url: str,
    *,
    base: ModelSpec = RESNET18,
    name: str = "resnet18",
    checksum=None,
    size: int | None = None,
) -> ModelSpec:
    """A registry entry for ``base``'s architecture whose file lives at ``url``."""
    filename = Path(urllib.parse.urlparse(url).path).name
    file = FileSpec(filename=filename, url=url, size=size, checksum=checksum)
    return dataclasses.replace(base, name=name, files=(file,))
