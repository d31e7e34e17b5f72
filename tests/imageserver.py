"""A real HTTP server on 127.0.0.1 that misbehaves on purpose, for image-fetching tests.

Routes (any file name after the route prefix):
  /ok/<name>          the bytes registered with `add(name, data)`, with ETag and Last-Modified;
                      answers If-None-Match / If-Modified-Since with 304
  /missing/<name>     404
  /flaky/<name>       500 for the first `flaky_failures` requests of that path, then as /ok
  /stall/<name>       sleeps `stall_seconds` before answering (past a client timeout)
  /loop/<name>        redirects to itself forever
  /html/<name>        an HTML page (served as image/png)
  /truncated/<name>   the first half of a PNG
  /huge/<name>        `huge_bytes` of a valid-looking PNG stream, without Content-Length
  /bomb/<name>        a tiny PNG whose header claims 40000×40000 pixels
  /redirect/<name>    302 to `redirects[name]` (any URL: another host, a metadata address)
  /drip/<name>        a PNG sent one byte every `drip_seconds`, never finishing in time
`latency` seconds are added to every response. Counters (per path): `requests`, `full`
(200 with a body) and `not_modified` (304); `hosts` counts the Host headers received.
`ImageServer(host="127.0.0.2")` listens on another loopback address; `tls=` (an
ssl.SSLContext with the server's certificate) serves HTTPS.
"""

from __future__ import annotations

import hashlib
import io
import ssl
import struct
import threading
import time
import zlib
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from PIL import Image


def png_bytes(width: int = 40, height: int = 30, color: tuple[int, ...] = (30, 120, 200)) -> bytes:
    """A small real PNG."""
    buf = io.BytesIO()
    Image.new("RGB" if len(color) == 3 else "RGBA", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def _chunk(kind: bytes, payload: bytes) -> bytes:
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def bomb_png(side: int = 40000) -> bytes:
    """A PNG whose header claims side×side grey pixels, with almost no data: must be refused."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (side + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


HTML = b"<!DOCTYPE html><html><head><title>Not found</title></head><body>Sorry</body></html>"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (its deadline) is not an error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class ImageServer:
    """Start with `with ImageServer() as server:`; `server.url("ok", "a.png")` gives a full URL."""

    def __init__(self, latency: float = 0.0, host: str = "127.0.0.1",
                 tls: ssl.SSLContext | None = None) -> None:
        self.latency = latency
        self.files: dict[str, bytes] = {}
        self.flaky_failures = 1
        self.stall_seconds = 5.0
        self.huge_bytes = 3 * 1024 * 1024
        self.redirects: dict[str, str] = {}
        self.drip_seconds = 0.5
        self.cache_control: str | None = None
        self.last_modified = formatdate(time.time() - 3600, usegmt=True)
        self.requests: Counter[str] = Counter()
        self.full: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.hosts: Counter[str] = Counter()
        self.in_flight = 0  # requests being answered now
        self.max_in_flight = 0  # the most answered at once: how parallel the client was
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = _QuietServer((host, 0), self._handler_class())
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self._httpd.server_address[0]}:{self.port}"

    def url(self, route: str, name: str) -> str:
        return f"{self.base}/{route}/{name}"

    def add(self, name: str, data: bytes) -> str:
        """Serve `data` at /ok/<name> (and /flaky/<name>); returns the /ok URL."""
        self.files[name] = data
        return self.url("ok", name)

    def total_full(self) -> int:
        return sum(self.full.values())

    def total_not_modified(self) -> int:
        return sum(self.not_modified.values())

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()
            self.full.clear()
            self.not_modified.clear()
            self.max_in_flight = self.in_flight

    def start(self) -> ImageServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> ImageServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _send(
                self, code: int, body: bytes = b"", headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(code)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                if code != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body and self.command != "HEAD":
                    try:
                        self.wfile.write(body)
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up (its deadline): nothing to report

            def _serve_file(self, path: str, name: str) -> None:
                data = server.files.get(name)
                if data is None:
                    self._send(404, b"no such file", {"Content-Type": "text/plain"})
                    return
                etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                headers = {
                    "Content-Type": "image/png",
                    "ETag": etag,
                    "Last-Modified": server.last_modified,
                }
                if server.cache_control:
                    headers["Cache-Control"] = server.cache_control
                inm = self.headers.get("If-None-Match")
                ims = self.headers.get("If-Modified-Since")
                if (inm and etag in inm) or (not inm and ims == server.last_modified):
                    with server._lock:
                        server.not_modified[path] += 1
                    self._send(304, headers=headers)
                    return
                with server._lock:
                    server.full[path] += 1
                self._send(200, data, headers)

            def do_GET(self) -> None:
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._answer()
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _answer(self) -> None:
                path = self.path.split("?", 1)[0]
                with server._lock:
                    server.requests[path] += 1
                    server.hosts[self.headers.get("Host", "")] += 1
                    seen = server.requests[path]
                if server.latency:
                    time.sleep(server.latency)
                _, route, *rest = [*path.split("/", 2), ""]
                name = rest[0] if rest else ""
                if route == "ok":
                    self._serve_file(path, name)
                elif route == "missing":
                    self._send(404, b"not here", {"Content-Type": "text/plain"})
                elif route == "flaky":
                    if seen <= server.flaky_failures:
                        self._send(500, b"oops", {"Content-Type": "text/plain"})
                    else:
                        self._serve_file(path, name)
                elif route == "stall":
                    server._stop.wait(server.stall_seconds)
                    self._send(200, png_bytes(), {"Content-Type": "image/png"})
                elif route == "loop":
                    self._send(302, b"", {"Location": path})
                elif route == "html":
                    self._send(200, HTML, {"Content-Type": "image/png"})
                elif route == "truncated":
                    noisy = Image.effect_noise((400, 300), 80).convert("RGB")
                    buf = io.BytesIO()
                    noisy.save(buf, "PNG")
                    data = buf.getvalue()
                    self._send(200, data[: len(data) // 2], {"Content-Type": "image/png"})
                elif route == "huge":
                    self._send_huge()
                elif route == "bomb":
                    self._send(200, bomb_png(), {"Content-Type": "image/png"})
                elif route == "redirect" and name in server.redirects:
                    self._send(302, b"", {"Location": server.redirects[name]})
                elif route == "drip":
                    self._drip()
                else:
                    self._send(404, b"unknown route", {"Content-Type": "text/plain"})

            def _drip(self) -> None:
                """A slow server: each byte arrives in time for a read timeout, the image never
                in time for a deadline."""
                data = png_bytes(200, 200)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    for byte in data:
                        if server._stop.wait(server.drip_seconds):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _send_huge(self) -> None:
                """A body bigger than any sane limit, streamed without Content-Length."""
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                head = png_bytes()
                sent = 0
                block = b"\x00" * 65536
                try:
                    self.wfile.write(head)
                    while sent < server.huge_bytes and not server._stop.is_set():
                        self.wfile.write(block)
                        sent += len(block)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler
