"""Fixtures that keep upload tests off the network except for 127.0.0.1."""

import http.server
import ipaddress
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from claims.uploads.addresses import IPAddress, public_address_problem
from claims.uploads.fetch import Hop

LOOPBACK = ipaddress.IPv4Address("127.0.0.1")

ARTICLE_HTML = b"""<!doctype html><html><head>
<title>Flood toll rises to 1,200 | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<script>alert('script-in-head')</script><style>p { color: red }</style>
</head><body><nav>Home | World | Sport</nav>
<article><h1>Flood toll rises to 1,200</h1>
<p onclick="stealCookies()">At least 1,200 people were killed in the floods, the
health ministry said on Tuesday, as rescue teams kept searching the valley.</p>
<p onmouseover="alert('handler')">Officials said more than 300 people remain missing
in the region after the storm. <script>document.write('script-in-body')</script></p>
<p>Aid agencies said dozens of villages were still cut off by the water.</p>
</article><footer>Copyright Daily Planet</footer></body></html>"""


@dataclass
class NetworkGuard:
    """Record every connection attempt; anything but 127.0.0.1 fails the test."""

    attempts: list[tuple[str, int]] = field(default_factory=list)


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
    guard = NetworkGuard()
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(sock: socket.socket, address: tuple) -> None:
        guard.attempts.append((address[0], address[1]))
        if address[0] != "127.0.0.1":
            pytest.fail(f"test tried to connect to {address}")
        real_connect(sock, address)

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: ANN001,ANN202
        # Numeric only: a test must never send a DNS query.
        return real_getaddrinfo(
            host, port, family, type, proto, flags | socket.AI_NUMERICHOST
        )

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(
        socket.socket, "connect_ex", lambda *args: pytest.fail("connect_ex")
    )
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return guard


def forbidden_opener(hop: Hop, deadline: float) -> None:
    pytest.fail(f"a connection was opened for {hop}")


def loopback_allowed(address: IPAddress) -> str | None:
    """The default policy, except that the test server's 127.0.0.1 is allowed."""
    return None if address == LOOPBACK else public_address_problem(address)


def fake_resolver(table: dict[str, list[str]]) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(f"unknown test host {host}")
        return table[host]

    return resolve


Route = Callable[[http.server.BaseHTTPRequestHandler], None]


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN; skip that lookup.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]


@dataclass
class LocalServer:
    port: int
    routes: dict[str, Route]
    stop: threading.Event

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def send(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str | None = "text/html; charset=utf-8",
    **headers: str,
) -> None:
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", headers.pop("length", str(len(body))))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    routes: dict[str, Route] = {}
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            route = routes.get(self.path)
            if route is None:
                send(self, 404, b"not here")
            else:
                route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}
    )
    thread.daemon = True
    thread.start()
    yield LocalServer(server.server_address[1], routes, stop)
    stop.set()
    server.shutdown()
    server.server_close()


def stream_forever(stop: threading.Event) -> Route:
    """A route that sends a little HTML every 50 ms until the test ends."""

    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<html><body>")
        while not stop.is_set():
            try:
                handler.wfile.write(b"<p>more</p>")
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(0.05)

    return route
