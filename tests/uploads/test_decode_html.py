"""decode_upload on HTML: article text and metadata, and hostile pages."""

import datetime

import pytest

from claims.uploads import UploadError, decode_upload, html_article
from tests.uploads.conftest import ARTICLE_HTML

MB = 1024 * 1024


def test_it_reduces_an_html_file_to_its_article_with_metadata() -> None:
    result = decode_upload(ARTICLE_HTML, filename="flood.html", max_bytes=MB)
    assert result.kind == "html"
    assert "At least 1,200 people were killed in the floods" in result.text
    assert "Home | World | Sport" not in result.text
    assert result.title == "Flood toll rises to 1,200"
    assert result.outlet == "Daily Planet"
    assert result.published == datetime.date(2024, 3, 5)
    assert result.encoding == "utf-8"


@pytest.mark.parametrize(
    ("filename", "content_type"),
    [
        ("flood.htm", None),
        (None, "text/html; charset=utf-8"),
        (None, None),
        ("page", None),
    ],
)
def test_it_recognises_html_by_extension_type_or_doctype(
    filename: str | None, content_type: str | None
) -> None:
    result = decode_upload(
        ARTICLE_HTML, filename=filename, content_type=content_type, max_bytes=MB
    )
    assert result.kind == "html"


def test_a_txt_name_keeps_html_source_as_plain_text() -> None:
    result = decode_upload(ARTICLE_HTML, filename="source.txt", max_bytes=MB)
    assert (result.kind, result.text) == ("text", ARTICLE_HTML.decode())


def test_scripts_styles_and_event_handlers_never_reach_the_text() -> None:
    text = decode_upload(ARTICLE_HTML, filename="a.html", max_bytes=MB).text
    for fragment in ("script-in", "alert", "stealCookies", "onclick", "color: red"):
        assert fragment not in text


def test_it_honours_a_meta_charset_for_non_utf8_pages() -> None:
    page = ARTICLE_HTML.replace(b"<head>", b'<head><meta charset="windows-1252">')
    page = page.replace(
        b"health ministry", "ministry\u2019s \u201cfinal\u201d".encode("cp1252")
    )
    result = decode_upload(page, filename="a.html", max_bytes=MB)
    assert "ministry\u2019s \u201cfinal\u201d" in result.text
    assert result.encoding == "cp1252"


def test_it_reads_a_utf16_html_page() -> None:
    page = ARTICLE_HTML.decode().encode("utf-16")
    result = decode_upload(page, filename="a.html", max_bytes=MB)
    assert "At least 1,200 people" in result.text


def test_it_says_when_a_page_has_no_article_text() -> None:
    with pytest.raises(
        UploadError, match=r"^No article text found in this HTML page\.$"
    ):
        decode_upload(
            b"<html><body><nav></nav></body></html>", filename="a.html", max_bytes=MB
        )


def test_it_refuses_100k_nested_divs_without_crashing() -> None:
    page = b"<html><body>" + b"<div>" * 100_000 + b"<p>deep</p>" + b"</div>" * 100_000
    with pytest.raises(UploadError, match="nested more than 200 levels"):
        decode_upload(page, filename="a.html", max_bytes=5 * MB)


def test_it_reads_pages_with_ordinary_nesting() -> None:
    page = ARTICLE_HTML.replace(b"<article>", b"<div>" * 60 + b"<article>")
    page = page.replace(b"</article>", b"</article>" + b"</div>" * 60)
    assert (
        "At least 1,200 people"
        in decode_upload(page, filename="a.html", max_bytes=MB).text
    )


def test_it_rejects_50_mb_of_html_by_size_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(html: str) -> None:
        pytest.fail("the HTML was parsed")

    monkeypatch.setattr(html_article, "_parse", never)
    page = b"<html><body>" + b"<p>x</p>" * (50 * MB // 8)
    with pytest.raises(UploadError, match=r"^The file is 50 MB; the limit is 5 MB\.$"):
        decode_upload(page, filename="a.html", max_bytes=5 * MB)


def test_it_removes_control_characters_before_parsing_html() -> None:
    page = ARTICLE_HTML.replace(b"rescue teams", b"rescue\x00 teams")
    result = decode_upload(page, filename="a.html", max_bytes=MB)
    assert "\x00" not in result.text
    assert result.removed_control_chars == 1
