"""HTTPS fetches verify the certificate against the host name, not the pinned IP."""

import http.server
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.uploads import UploadError, connection, fetch_url
from tests.uploads.conftest import (
    ARTICLE_HTML,
    _Server,
    fake_resolver,
    loopback_allowed,
    send,
)

RESOLVER = fake_resolver(
    {"news.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]}
)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=news.example", "-addext", "subjectAltName=DNS:news.example",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_port(certificate: tuple[Path, Path]) -> Iterator[int]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            send(self, 200, ARTICLE_HTML)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def fetch(host: str, port: int) -> object:
    return fetch_url(
        f"https://{host}:{port}/a",
        resolver=RESOLVER,
        address_policy=loopback_allowed,
        allowed_ports={port},
        timeout=5.0,
    )


def trust(monkeypatch: pytest.MonkeyPatch, cert: Path) -> None:
    real = ssl.create_default_context
    monkeypatch.setattr(
        connection.ssl, "create_default_context", lambda: real(cafile=str(cert))
    )


def test_an_untrusted_certificate_is_refused(tls_port: int) -> None:
    with pytest.raises(UploadError, match="valid certificate"):
        fetch("news.example", tls_port)


def test_a_trusted_certificate_for_the_host_is_accepted(
    tls_port: int, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    trust(monkeypatch, certificate[0])
    assert fetch("news.example", tls_port).data == ARTICLE_HTML


def test_a_certificate_for_another_host_is_refused(
    tls_port: int, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    trust(monkeypatch, certificate[0])
    with pytest.raises(UploadError, match="valid certificate"):
        fetch("other.example", tls_port)
