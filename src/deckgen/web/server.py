"""The local web server of `deckgen serve`: the page, the state it draws from, the pictures.

It knows nothing of decks: a `Board` holds the state document (`/slides.json`) and finds the
pictures it names (`/slides/<hash>.png`); each `publish` wakes the page through server-sent
events (`/events`). Safe by default: it binds to 127.0.0.1, refuses a request whose Host header
is neither `localhost` nor an IP address with the server's port (a DNS-rebinding page names its
own domain), and answers only the fixed routes below (GET and HEAD), so no file is reachable by
its path and nothing is listed. A client that goes away before its answer is written is no error.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import re
import socket
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from deckgen import fonts
from deckgen.errors import DeckgenError

HEARTBEAT = 15.0
"""Seconds between the comments an idle event stream sends, to find closed connections."""
PICTURE = re.compile(r"/slides/([0-9a-f]{16})\.png")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
"""What writing to a client that went away raises: the end of its request, not an error."""
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}


def _assets() -> dict[str, tuple[bytes, str]]:
    """Return the page's files by URL path: the static folder and the bundled font."""
    static = resources.files("deckgen.web") / "static"
    found = {}
    for name in ("index.html", "app.js", "style.css", "favicon.svg"):
        suffix = name[name.rindex(".") :]
        found["/" if name == "index.html" else f"/{name}"] = (
            (static / name).read_bytes(),
            _TYPES[suffix],
        )
    for bold in (False, True):
        path = fonts.path(bold=bold)
        found[f"/fonts/{path.name}"] = (path.read_bytes(), "font/otf")
    return found


class Board:
    """What the page shows: the state document, its version, and the pictures it names."""

    def __init__(self, pictures: Callable[[str], bytes | None]) -> None:
        self.pictures = pictures
        self._changed = threading.Condition()
        self._state = b"{}"
        self._version = 0
        self._closed = False

    def publish(self, state: dict[str, Any]) -> None:
        """Make `state` what `/slides.json` returns, and tell every open page."""
        data = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()
        with self._changed:
            self._state = data
            self._version += 1
            self._changed.notify_all()

    def state(self) -> bytes:
        """Return the state document as JSON."""
        with self._changed:
            return self._state

    def wait(self, version: int, seconds: float) -> int | None:
        """Return the version once it is not `version` or `seconds` passed; None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._version != version, seconds)
            return None if self._closed else self._version

    def close(self) -> None:
        """End every event stream."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def allowed_host(header: str | None, port: int) -> bool:
    """Return whether a Host header names this server: `localhost` or an IP address, and `port`."""
    if not header:
        return False
    try:
        parts = urlsplit(f"//{header}")
        given = parts.port if parts.port is not None else 80
    except ValueError:
        return False
    name = parts.hostname or ""
    if given != port:
        return False
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64
    """Connections waiting to be accepted: the standard 5 turns away a page's burst of picture
    requests (each one turned away waits a second before it tries again)."""

    def __init__(self, address: tuple[str, int], board: Board) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.board = board
        self.assets = _assets()
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say nothing of a client that went away; one line, not a traceback, of anything else."""
        error = sys.exc_info()[1]
        if isinstance(error, GONE) or error is None:
            return
        with contextlib.suppress(OSError, ValueError):  # stderr itself may be gone
            print(
                f"deckgen serve: a request failed ({type(error).__name__}: {error}"[:300] + ")",
                file=sys.stderr,
            )


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "deckgen"
    sys_version = ""

    head = False
    """Whether the request is a HEAD: the answer's headers, without its body."""

    def do_HEAD(self) -> None:
        """Answer as GET would, without the body (no event stream either)."""
        self.head = True
        self._answer()

    def do_GET(self) -> None:
        """Answer the page, its state, its pictures and its event stream; nothing else."""
        self.head = False
        self._answer()

    def _answer(self) -> None:
        if not allowed_host(self.headers.get("Host"), self.server.server_address[1]):
            self._send(HTTPStatus.FORBIDDEN, b"Forbidden: this server answers only to localhost")
            return
        path = urlsplit(self.path).path
        board = self.server.board
        if path in self.server.assets:
            body, kind = self.server.assets[path]
            self._send(HTTPStatus.OK, body, kind, "no-cache")
        elif path == "/slides.json":
            self._send(HTTPStatus.OK, board.state(), "application/json; charset=utf-8")
        elif path == "/events":
            self._events(board)
        elif (match := PICTURE.fullmatch(path)) and (png := board.pictures(match[1])):
            self._send(HTTPStatus.OK, png, "image/png", "public, max-age=31536000, immutable")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"Not found")

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        kind: str = "text/plain; charset=utf-8",
        cache: str = "no-store",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if not self.head:
            self.wfile.write(body)

    def _events(self, board: Board) -> None:
        """Send an event with the state's version now and after each change, until closed."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.head:
            return
        sent = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                version = board.wait(sent, HEARTBEAT)
                if version is None:
                    return
                if version != sent:
                    self.wfile.write(f"event: state\ndata: {version}\n\n".encode())
                    sent = version
                else:
                    self.wfile.write(b": idle\n\n")
                self.wfile.flush()
        except GONE:
            return  # the page was closed

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing: the terminal shows the builds."""


class Server:
    """The page's HTTP server on `host`:`port` (0: a free port), on a thread of its own."""

    def __init__(self, board: Board, host: str = "127.0.0.1", port: int = 0) -> None:
        self.board = board
        try:
            self._http = _Server((host, port), board)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DeckgenError(
                    f"{host}:{port} is in use; choose another port with --port (0 picks a free one)"
                ) from None
            raise DeckgenError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Return the page's address."""
        host, port = self._http.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    @property
    def port(self) -> int:
        """Return the port the page is served on."""
        return int(self._http.server_address[1])

    @property
    def private(self) -> bool:
        """Return whether only this machine can reach the page: it listens on a loopback address."""
        name = str(self._http.server_address[0])
        try:
            return ipaddress.ip_address(name.split("%")[0]).is_loopback
        except ValueError:  # pragma: no cover - the socket's address is always an IP address
            return False

    def __enter__(self) -> Server:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the event streams and stop serving."""
        self.board.close()
        if self._thread.is_alive():
            self._http.shutdown()
        self._http.server_close()
