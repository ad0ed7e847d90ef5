"""Open an HTTP(S) request to a pre-checked IP while naming the real host."""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from email.message import Message
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.uploads.fetch import Hop

CONNECT_TIMEOUT = 10.0
USER_AGENT = "Tally/1.0 (newsroom fact-checking; article fetch)"


class PinnedResponse:
    """An ``http.client`` response whose socket dies at the fetch deadline."""

    def __init__(
        self,
        response: http.client.HTTPResponse,
        connection: http.client.HTTPConnection,
        watchdog: threading.Timer,
    ) -> None:
        self._response = response
        self._connection = connection
        self._watchdog = watchdog
        self.status: int = response.status
        self.reason: str = response.reason
        self.headers: Message = response.headers

    def read1(self, amt: int, /) -> bytes:
        return self._response.read1(amt)

    def close(self) -> None:
        self._watchdog.cancel()
        self._response.close()
        self._connection.close()


def open_pinned(
    hop: Hop,
    deadline: float,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> PinnedResponse:
    """Send ``GET hop.target`` to ``hop.address``, with SNI and Host of ``hop.host``.

    Webhook deliveries pass ``method="POST"``, a ``body`` and their own ``headers``.

    No name is resolved here: the socket goes to the address that was checked.
    A watchdog shuts the socket at ``deadline``, because per-read timeouts
    alone let a server that trickles one byte at a time hold us forever.
    """
    remaining = max(deadline - time.monotonic(), 0.001)
    raw = socket.create_connection(
        (hop.address, hop.port), timeout=min(CONNECT_TIMEOUT, remaining)
    )
    holder = [raw]
    watchdog = threading.Timer(deadline - time.monotonic(), _shut, args=(holder,))
    watchdog.daemon = True
    watchdog.start()
    try:
        raw.settimeout(max(deadline - time.monotonic(), 0.001))
        if hop.scheme == "https":
            context = ssl.create_default_context()
            holder[0] = context.wrap_socket(raw, server_hostname=hop.host)
        connection = http.client.HTTPConnection(hop.host, hop.port)
        connection.sock = holder[0]  # already connected: http.client won't dial
        connection.request(method, hop.target, body=body, headers=headers or _headers())
        response = connection.getresponse()
    except BaseException:
        watchdog.cancel()
        holder[0].close()
        raise
    return PinnedResponse(response, connection, watchdog)


def _headers() -> dict[str, str]:
    return {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
        # Compressed bodies would dodge the byte cap until decompressed.
        "Accept-Encoding": "identity",
        "Connection": "close",
    }


def _shut(holder: list[socket.socket]) -> None:
    # socket.socket.shutdown acts on the file descriptor, so it also cuts an
    # SSLSocket without touching its TLS state from this second thread.
    try:
        socket.socket.shutdown(holder[0], socket.SHUT_RDWR)
    except OSError:
        pass
