"""Hostile uploads end to end through the upload page; a megabyte of hostile text.

The decoder's own tests (tests/uploads/) cover magic numbers, encodings and nesting
one function at a time; these go through the form, the service and the database,
and check that nothing is stored and nothing answers 500.
"""

from __future__ import annotations

import gzip
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.extraction import extract_claims
from claims.models import Article

BOMB_BYTES = 50_000_000  # what the archives below would inflate to


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", b"0" * BOMB_BYTES)
    return buffer.getvalue()


def _upload(client, name: str, data: bytes, content_type: str = "text/plain"):
    return client.post(
        reverse("claims:article-upload"),
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("bomb.txt", lambda: gzip.compress(b"0" * BOMB_BYTES), "gzip archive"),
        ("bomb.txt", _zip_bomb, "ZIP archive"),
    ],
)
def test_archives_uploaded_as_text_are_refused_unopened(
    reviewer_client, name, make, kind
) -> None:
    data = make()
    assert len(data) < 1_000_000  # small on the wire, huge once inflated
    response = _upload(reviewer_client, name, data)
    assert response.status_code == 400
    assert f"binary file ({kind}" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_html_over_the_size_limit_is_refused(reviewer_client, settings) -> None:
    settings.UPLOAD_MAX_BYTES = 100_000
    page = b"<html><body>" + b"<p>12 killed.</p>" * 20_000 + b"</body></html>"
    response = _upload(reviewer_client, "huge.html", page, "text/html")
    assert response.status_code == 400
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_deeply_nested_html_is_refused_without_a_crash(reviewer_client) -> None:
    page = b"<html><body>" + b"<div>" * 100_000 + b"12 killed" + b"</div>" * 100_000
    response = _upload(reviewer_client, "nested.html", page, "text/html")
    assert response.status_code == 400
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_scripts_and_handlers_in_uploaded_html_never_reach_the_text(
    reviewer_client,
) -> None:
    page = (
        b"<html><head><script>alert('head')</script></head><body><article>"
        b"<p onclick=\"alert('handler')\">The health ministry said 1,200 people were "
        b"killed in the floods on Tuesday, as rescue teams kept searching.</p>"
        b"<script>document.write('body')</script>"
        b"<p>Officials said more than 300 people remain missing in the region.</p>"
        b"</article></body></html>"
    )
    response = _upload(reviewer_client, "page.html", page, "text/html")
    assert response.status_code == 302
    text = Article.objects.get().text
    assert "1,200 people" in text
    assert "alert" not in text and "document.write" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\xfd\xfc" * 1000,
        b"The ministry said 12 were killed \xc3\x28 \xa0\xa1 \xed\xa0\x80.",
        bytes(range(256)) * 40,
    ],
)
def test_invalid_utf8_is_stored_clean_or_refused_never_a_500(
    reviewer_client, data: bytes
) -> None:
    response = _upload(reviewer_client, "bad.txt", data)
    assert response.status_code in (302, 400)
    for article in Article.objects.all():
        article.text.encode("utf-8")  # strict: no surrogates or junk left


def _seconds(text: str) -> float:
    start = time.perf_counter()
    extract_claims(text)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "unit",
    [
        "1" * 1000 + " ",  # a megabyte of digits
        "1," * 500 + "\n",  # of commas between digits
        "\u201c\u00ab\u2018'\"" * 200 + "killed " + "\"'\u2019\u00bb\u201d" * 200,
    ],
    ids=["digits", "commas", "nested-quotes"],
)
def test_a_megabyte_of_pathological_text_takes_linear_time(unit: str) -> None:
    quarter = (unit * (250_000 // len(unit) + 1))[:250_000]
    megabyte = quarter * 4
    t_quarter, t_megabyte = _seconds(quarter), _seconds(megabyte)
    # Linear is 4x; the bound is generous for noisy shared machines. Quadratic
    # would be 16x.
    assert t_megabyte < 10 * max(t_quarter, 0.01), (t_quarter, t_megabyte)
