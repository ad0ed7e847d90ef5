"""fetch_url and fetch_article against a real HTTP server on 127.0.0.1."""

import http.server
import socket
import threading

import pytest

from claims.uploads import UploadError, fetch_article, fetch_url
from tests.uploads.conftest import (
    ARTICLE_HTML,
    LocalServer,
    NetworkGuard,
    fake_resolver,
    loopback_allowed,
    send,
    stream_forever,
)

Handler = http.server.BaseHTTPRequestHandler


def fetch(server: LocalServer, path: str, **kwargs) -> object:
    kwargs.setdefault("address_policy", loopback_allowed)
    kwargs.setdefault("allowed_ports", {server.port})
    kwargs.setdefault("timeout", 5.0)
    return fetch_url(server.url(path), **kwargs)


def redirect(location: str) -> object:
    return lambda handler: send(handler, 302, content_type=None, Location=location)


def test_it_fetches_an_article_with_its_metadata(local_server: LocalServer) -> None:
    local_server.routes["/news/flood"] = lambda h: send(h, 200, ARTICLE_HTML)
    result = fetch_article(
        local_server.url("/news/flood"),
        address_policy=loopback_allowed,
        allowed_ports={local_server.port},
    )
    assert result.kind == "html"
    assert result.title == "Flood toll rises to 1,200"
    assert "At least 1,200 people were killed" in result.text
    assert "script-in-body" not in result.text


def test_a_plain_text_page_stays_plain_text(local_server: LocalServer) -> None:
    body = b"  At least 12 died.\r\n"
    local_server.routes["/t"] = lambda h: send(h, 200, body, "text/plain")
    result = fetch_article(
        local_server.url("/t"),
        address_policy=loopback_allowed,
        allowed_ports={local_server.port},
    )
    assert (result.kind, result.text) == ("text", "  At least 12 died.\r\n")


def test_the_default_policy_refuses_the_loopback_server(
    local_server: LocalServer, network_guard: NetworkGuard
) -> None:
    local_server.routes["/a"] = lambda h: send(h, 200, ARTICLE_HTML)
    with pytest.raises(UploadError, match="loopback"):
        fetch_url(local_server.url("/a"), allowed_ports={local_server.port})
    assert network_guard.attempts == []


def test_it_sends_the_hostname_but_connects_to_the_checked_address(
    local_server: LocalServer, network_guard: NetworkGuard
) -> None:
    local_server.routes["/host"] = lambda h: send(
        h, 200, h.headers["Host"].encode(), "text/plain"
    )
    resolver = fake_resolver({"news.example": ["127.0.0.1"]})
    page = fetch_url(
        f"http://news.example:{local_server.port}/host",
        resolver=resolver,
        address_policy=loopback_allowed,
        allowed_ports={local_server.port},
    )
    assert page.data == f"news.example:{local_server.port}".encode()
    assert network_guard.attempts == [("127.0.0.1", local_server.port)]


def test_it_follows_redirects_and_reports_the_final_url(
    local_server: LocalServer,
) -> None:
    local_server.routes["/old"] = redirect("/middle")
    local_server.routes["/middle"] = redirect(local_server.url("/new"))
    local_server.routes["/new"] = lambda h: send(h, 200, ARTICLE_HTML)
    page = fetch(local_server, "/old")
    assert (page.url, page.final_url) == (
        local_server.url("/old"),
        local_server.url("/new"),
    )
    assert page.data == ARTICLE_HTML
    assert page.content_type == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://localhost/",
        "file:///etc/passwd",
    ],
)
def test_it_refuses_a_redirect_to_an_internal_address_before_connecting(
    local_server: LocalServer, network_guard: NetworkGuard, target: str
) -> None:
    local_server.routes["/r"] = redirect(target)
    with pytest.raises(UploadError):
        fetch(local_server, "/r", allowed_ports={local_server.port, 80})
    assert network_guard.attempts == [("127.0.0.1", local_server.port)]


def test_it_stops_after_five_redirects(
    local_server: LocalServer, network_guard: NetworkGuard
) -> None:
    local_server.routes["/loop"] = redirect("/loop")
    with pytest.raises(UploadError, match=r"redirected more than 5 times"):
        fetch(local_server, "/loop")
    assert len(network_guard.attempts) == 6


def test_it_reports_an_error_status(local_server: LocalServer) -> None:
    with pytest.raises(UploadError, match=r"^The URL answered 404 Not Found\.$"):
        fetch(local_server, "/missing")


def test_it_refuses_pages_that_are_not_html_or_text(local_server: LocalServer) -> None:
    local_server.routes["/report"] = lambda h: send(
        h, 200, b"%PDF-1.7", "application/pdf"
    )
    with pytest.raises(
        UploadError,
        match=r"^The URL is not an HTML page \(it returned application/pdf\)\.$",
    ):
        fetch(local_server, "/report")


def test_it_caps_a_streamed_body(local_server: LocalServer) -> None:
    body = b"<p>" + b"x" * 300_000 + b"</p>"
    local_server.routes["/big"] = lambda h: send(h, 200, body, length="")
    with pytest.raises(UploadError, match=r"^The page is larger than 100 KB\.$"):
        fetch(local_server, "/big", max_bytes=100 * 1024)


def test_it_refuses_a_declared_oversize_body_without_reading_it(
    local_server: LocalServer,
) -> None:
    local_server.routes["/huge"] = lambda h: send(
        h, 200, b"<p>", length=str(50 * 2**20)
    )
    with pytest.raises(UploadError, match=r"^The page is larger than 5 MB\.$"):
        fetch(local_server, "/huge")


def test_it_gives_up_on_a_server_that_streams_forever(
    local_server: LocalServer,
) -> None:
    local_server.routes["/forever"] = stream_forever(local_server.stop)
    with pytest.raises(UploadError, match="did not finish sending within 1.5 seconds"):
        fetch(local_server, "/forever", timeout=1.5)


def test_it_gives_up_on_a_server_that_sends_headers_then_nothing(
    local_server: LocalServer,
) -> None:
    def stall(handler: Handler) -> None:
        send(handler, 200, b"<p>partial", length="1000")
        local_server.stop.wait(10)

    local_server.routes["/stall"] = stall
    with pytest.raises(UploadError, match="did not finish sending within 1 second"):
        fetch(local_server, "/stall", timeout=1.0)


def test_it_gives_up_on_a_server_that_never_answers(
    network_guard: NetworkGuard,
) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    try:
        with pytest.raises(UploadError, match="did not answer within 1 second"):
            fetch_url(
                f"http://127.0.0.1:{port}/",
                timeout=1.0,
                address_policy=loopback_allowed,
                allowed_ports={port},
            )
    finally:
        listener.close()


def test_it_reports_a_refused_connection() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on this port now
    with pytest.raises(UploadError, match="did not answer"):
        fetch_url(
            f"http://127.0.0.1:{port}/",
            timeout=2.0,
            address_policy=loopback_allowed,
            allowed_ports={port},
        )


def test_a_server_dropping_mid_page_is_reported(local_server: LocalServer) -> None:
    def drop(handler: Handler) -> None:
        send(handler, 200, b"<p>only half", length="1000")
        handler.close_connection = True

    local_server.routes["/drop"] = drop
    with pytest.raises(UploadError, match="stopped answering mid-page"):
        fetch(local_server, "/drop")


def test_no_stray_threads_keep_running_after_a_fetch(local_server: LocalServer) -> None:
    local_server.routes["/a"] = lambda h: send(h, 200, ARTICLE_HTML)
    fetch(local_server, "/a")
    watchdogs = [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
    assert all(not t.is_alive() or t.finished.is_set() for t in watchdogs)


def test_it_gives_up_on_a_server_that_trickles_its_headers(
    local_server: LocalServer,
) -> None:
    def trickle(handler: Handler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not local_server.stop.wait(0.05):
            try:
                handler.wfile.write(b"a")
                handler.wfile.flush()
            except OSError:
                return

    local_server.routes["/trickle"] = trickle
    with pytest.raises(UploadError, match="did not answer within 1 second"):
        fetch(local_server, "/trickle", timeout=1.0)
