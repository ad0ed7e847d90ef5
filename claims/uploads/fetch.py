"""Fetch a web page for upload without letting the URL reach internal hosts."""

import http.client
import ipaddress
import ssl
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from typing import Protocol
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from claims.uploads.addresses import (
    AddressPolicy,
    IPAddress,
    Resolver,
    check_host_name,
    default_resolver,
    numeric_host,
    public_address_problem,
)
from claims.uploads.connection import open_pinned
from claims.uploads.decode import DecodedUpload, decode_upload
from claims.uploads.errors import UploadError, format_size

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
WEB_PORTS = (80, 443)
_REDIRECTS = {301, 302, 303, 307, 308}
_PAGE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
_CHUNK = 64 * 1024
# Characters a request target may carry unescaped (RFC 3986 pchar and query).
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


@dataclass(frozen=True)
class FetchedPage:
    """The body of a page and where the redirects ended up."""

    url: str
    final_url: str
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class Hop:
    """One request, pinned to an address that has already passed the policy."""

    scheme: str
    host: str
    port: int
    address: str
    target: str


class Response(Protocol):
    """The part of ``http.client.HTTPResponse`` that ``fetch_url`` uses."""

    status: int
    reason: str
    headers: Message

    def read1(self, amt: int, /) -> bytes: ...

    def close(self) -> None: ...


Opener = Callable[[Hop, float], Response]


def fetch_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 20.0,
    resolver: Resolver = default_resolver,
    opener: Opener | None = None,
    address_policy: AddressPolicy = public_address_problem,
    allowed_ports: Collection[int] = WEB_PORTS,
) -> FetchedPage:
    """Download ``url`` (following up to 5 redirects) or raise ``UploadError``.

    Every hop is resolved once, every address checked, and the socket opened
    to that same checked address, so DNS rebinding cannot swap it afterwards.
    ``timeout`` bounds the whole fetch, redirects and slow bodies included.

    >>> fetch_url("https://example.org/news/flood").final_url
    'https://example.org/news/flood'
    """
    open_hop = opener or open_pinned
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        hop = plan_hop(
            current,
            resolver=resolver,
            address_policy=address_policy,
            allowed_ports=allowed_ports,
        )
        response = _open(open_hop, hop, deadline, timeout)
        try:
            location = _redirect_location(response)
            if location is None:
                content_type = _checked_response(response, max_bytes)
                data = _read_body(response, max_bytes, deadline, timeout)
                return FetchedPage(url, current, content_type, data)
        finally:
            response.close()
        current = urljoin(current, location)
    raise UploadError(f"The URL redirected more than {MAX_REDIRECTS} times.")


def fetch_article(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 20.0,
    resolver: Resolver = default_resolver,
    opener: Opener | None = None,
    address_policy: AddressPolicy = public_address_problem,
    allowed_ports: Collection[int] = WEB_PORTS,
) -> DecodedUpload:
    """Fetch ``url`` and reduce it to its article, as ``decode_upload`` does.

    Pages are read as HTML unless the server says ``text/plain``.
    """
    page = fetch_url(
        url,
        max_bytes=max_bytes,
        timeout=timeout,
        resolver=resolver,
        opener=opener,
        address_policy=address_policy,
        allowed_ports=allowed_ports,
    )
    return decode_page(page, max_bytes=max_bytes)


def decode_page(page: FetchedPage, *, max_bytes: int) -> DecodedUpload:
    """A fetched page reduced to its article: HTML unless the server says text/plain.

    For callers that keep the page's bytes too (the article's original upload).
    """
    content_type = page.content_type or "text/html"
    return decode_upload(
        page.data, filename=None, content_type=content_type, max_bytes=max_bytes
    )


def plan_hop(
    url: str,
    *,
    resolver: Resolver = default_resolver,
    address_policy: AddressPolicy = public_address_problem,
    allowed_ports: Collection[int] = WEB_PORTS,
) -> Hop:
    """Validate ``url`` and pick the checked address to connect to.

    Raises ``UploadError`` before any socket opens if the scheme, credentials,
    port, host name or any resolved address is not allowed.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UploadError("Only http:// and https:// links can be fetched.")
    if "@" in parts.netloc:
        raise UploadError("Links with a user name or password cannot be fetched.")
    host = _ascii_host(parts.hostname or "")
    port = _port(parts, scheme)
    if port not in allowed_ports:
        allowed = " and ".join(str(p) for p in sorted(allowed_ports))
        raise UploadError(
            f"Links to port {port} cannot be fetched; only ports {allowed} can."
        )
    addresses = _addresses(host, port, resolver)
    for address in addresses:
        problem = address_policy(address)
        if problem is not None:
            where = host if host == str(address) else f"{host} at {address}"
            raise UploadError(
                f"The link leads to {where}, which is {problem}; "
                "only public websites can be fetched."
            )
    target = quote(parts.path or "/", safe=_SAFE_PATH)
    if parts.query:
        target += "?" + quote(parts.query, safe=_SAFE_QUERY)
    return Hop(scheme, host, port, str(addresses[0]), target)


def _ascii_host(host: str) -> str:
    # One trailing dot is the DNS root ("localhost." is localhost).
    host = host.removesuffix(".")
    if not host:
        raise UploadError("The link has no host name.")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise UploadError(f"{host} is not a valid web address.") from error


def _port(parts: SplitResult, scheme: str) -> int:
    try:
        port = parts.port
    except ValueError as error:
        raise UploadError("The link has an invalid port number.") from error
    return port or (443 if scheme == "https" else 80)


def _addresses(host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    """The addresses to check: the literal itself, or everything DNS returns."""
    literal = numeric_host(host)
    if literal is not None:
        return [literal]
    check_host_name(host)
    try:
        found = resolver(host, port)
        addresses = [ipaddress.ip_address(address) for address in found]
    except (OSError, UnicodeError, ValueError) as error:
        raise UploadError(f"The host name {host} could not be found.") from error
    if not addresses:
        raise UploadError(f"The host name {host} could not be found.")
    return addresses


def _open(open_hop: Opener, hop: Hop, deadline: float, timeout: float) -> Response:
    late = _no_answer(hop, f"within {_seconds(timeout)}")
    if time.monotonic() >= deadline:
        raise late
    try:
        response = open_hop(hop, deadline)
    except ssl.SSLCertVerificationError as error:
        raise _no_answer(hop, "with a valid certificate") from error
    except (OSError, http.client.HTTPException) as error:
        # After the deadline, whatever broke was the watchdog cutting the socket.
        if isinstance(error, TimeoutError) or time.monotonic() >= deadline:
            raise late from error
        raise _no_answer(hop, "(the connection failed)") from error
    # Headers cut off by the watchdog can still parse as a complete response.
    if time.monotonic() >= deadline:
        response.close()
        raise late
    return response


def _seconds(timeout: float) -> str:
    return f"{timeout:g} second" + ("" if timeout == 1 else "s")


def _no_answer(hop: Hop, how: str) -> UploadError:
    return UploadError(f"The URL did not answer {how} ({hop.host}).")


def _redirect_location(response: Response) -> str | None:
    if response.status in _REDIRECTS:
        return response.headers.get("Location") or None
    return None


def _checked_response(response: Response, max_bytes: int) -> str | None:
    """Reject error statuses, non-page types and oversized bodies up front."""
    if not 200 <= response.status < 300:
        reason = response.reason or _phrase(response.status)
        raise UploadError(f"The URL answered {response.status} {reason}.")
    content_type = response.headers.get("Content-Type")
    media_type = (content_type or "").split(";")[0].strip().lower()
    if content_type and media_type not in _PAGE_TYPES:
        raise UploadError(f"The URL is not an HTML page (it returned {media_type}).")
    length = response.headers.get("Content-Length", "")
    if length.strip().isdigit() and int(length) > max_bytes:
        raise _too_large(max_bytes)
    return content_type


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "an error"


def _too_large(max_bytes: int) -> UploadError:
    return UploadError(f"The page is larger than {format_size(max_bytes)}.")


def _read_body(
    response: Response, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """Read at most ``max_bytes``, giving up at the deadline however it trickles."""
    chunks: list[bytes] = []
    size = 0
    late = UploadError(f"The URL did not finish sending within {_seconds(timeout)}.")
    cut_off = UploadError("The URL stopped answering mid-page.")
    while chunk := _read_chunk(response, deadline, late, cut_off):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)
    # The watchdog's shutdown looks like a clean end of stream; don't trust it.
    if time.monotonic() >= deadline:
        raise late
    # http.client's read1 ends quietly when a server closes before
    # Content-Length bytes, which would store half an article.
    length = response.headers.get("Content-Length", "").strip()
    if length.isdigit() and size < int(length):
        raise cut_off
    return b"".join(chunks)


def _read_chunk(
    response: Response, deadline: float, late: UploadError, cut_off: UploadError
) -> bytes:
    if time.monotonic() >= deadline:
        raise late
    try:
        return response.read1(_CHUNK)
    except (OSError, http.client.HTTPException) as error:
        raise (late if time.monotonic() >= deadline else cut_off) from error
