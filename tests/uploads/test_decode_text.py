"""decode_upload on plain text: exact text, encodings, control characters."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.uploads import DecodedUpload, UploadError, decode_upload

MB = 1024 * 1024


def decode(data: bytes, filename: str | None = "report.txt", **kwargs) -> DecodedUpload:
    return decode_upload(
        data, filename=filename, max_bytes=kwargs.pop("max_bytes", MB), **kwargs
    )


def test_it_keeps_plain_text_exactly_as_decoded() -> None:
    text = "  At least 1,200 killed.\r\n\tMinistry says  \n\n\u00a0\n"
    result = decode(text.encode("utf-8"))
    assert result == DecodedUpload(
        text=text,
        kind="text",
        title=None,
        published=None,
        outlet=None,
        encoding="utf-8",
        removed_control_chars=0,
    )


def test_it_strips_only_the_utf8_bom() -> None:
    result = decode(codecs.BOM_UTF8 + b"  caf\xc3\xa9\n")
    assert (result.text, result.encoding) == ("  café\n", "utf-8")


def test_it_reads_cp1252_curly_quotes() -> None:
    text = "\u201cAt least 1,200 people\u201d died \u2014 the ministry\u2019s figure."
    result = decode(text.encode("cp1252"))
    assert result.text == text
    assert result.encoding == "cp1252"


def test_it_reads_latin1_french() -> None:
    text = "Au moins 1 200 personnes ont été tuées, selon le ministère."
    assert decode(text.encode("latin-1")).text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_it_reads_utf16_and_utf32_with_bom(encoding: str) -> None:
    text = "Au moins 1 200 morts, «selon» le ministère.\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    data = bom.get(encoding, b"") + text.encode(encoding)
    assert decode(data).text == text


def test_it_reads_utf16_without_bom() -> None:
    text = "At least 1,200 people were killed, the ministry said.\n"
    result = decode(text.encode("utf-16-le"))
    assert (result.text, result.encoding) == (text, "utf-16-le")


def test_it_removes_nul_and_control_characters_and_counts_them() -> None:
    result = decode(b"At least\x00 1,200\x01 died.\x0b\n\tSaid\r\n")
    assert result.text == "At least 1,200 died.\n\tSaid\r\n"
    assert result.removed_control_chars == 3


def test_it_removes_c1_controls() -> None:
    result = decode("a\u0085b\u009fc".encode("utf-8"))
    assert (result.text, result.removed_control_chars) == ("abc", 2)


def test_it_removes_nul_from_utf16_text() -> None:
    assert decode("x\x00y z".encode("utf-16")).text == "xy z"


def test_it_rejects_text_in_no_recognised_encoding() -> None:
    with pytest.raises(UploadError, match="not in a recognised encoding"):
        decode(bytes(range(0x80, 0x100)) * 20)


def test_it_rejects_a_bom_with_invalid_bytes_after_it() -> None:
    with pytest.raises(UploadError, match="not in a recognised encoding"):
        decode(codecs.BOM_UTF8 + b"abc\xff\xfe")


def test_it_rejects_files_over_the_limit_with_both_sizes() -> None:
    with pytest.raises(UploadError, match=r"^The file is 2 MB; the limit is 1 MB\.$"):
        decode(b"a" * (2 * MB), max_bytes=MB)


def test_it_accepts_a_file_exactly_at_the_limit() -> None:
    assert len(decode(b"a" * 1000, max_bytes=1000).text) == 1000


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n ", codecs.BOM_UTF8, "  \n".encode("utf-16"), b"\x00 \n"]
)
def test_it_rejects_empty_and_blank_files(data: bytes) -> None:
    with pytest.raises(UploadError, match="no text to check"):
        decode(data)


@pytest.mark.parametrize(
    "filename",
    [
        "notes.txt",
        "NOTES.TXT",
        "a.text",
        "a.md",
        "page.htm",
        "README",
        None,
        "C:\\Users\\ana\\Desktop\\notes.txt",
        "dir/notes.txt",
    ],
)
def test_it_accepts_text_and_html_names(filename: str | None) -> None:
    assert decode(b"<p>At least 12 died in the blast on Monday.</p>", filename).text


@pytest.mark.parametrize(
    "filename",
    [
        "setup.exe",
        "report.docx",
        "report.pdf",
        "a.tar.gz",
        "photo.PNG",
        "notes.txt.exe",
    ],
)
def test_it_rejects_other_extensions_listing_what_is_accepted(filename: str) -> None:
    with pytest.raises(UploadError) as caught:
        decode(b"At least 12 died.", filename)
    assert ".txt, .text, .md, .html, .htm" in str(caught.value)


TEXT_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"
) | st.sampled_from("\t\n\r")


@given(st.text(TEXT_CHARS, min_size=1).filter(str.strip))
def test_any_clean_utf8_text_comes_back_unchanged(text: str) -> None:
    result = decode(text.encode("utf-8"))
    assert (result.text, result.kind, result.removed_control_chars) == (text, "text", 0)


@given(st.binary(max_size=3000))
def test_any_bytes_give_clean_text_or_an_upload_error(data: bytes) -> None:
    try:
        result = decode(data, filename=None)
    except UploadError as error:
        assert str(error)
        return
    assert not any(ord(c) < 0x20 and c not in "\t\n\r" for c in result.text)
    assert not any(0x80 <= ord(c) <= 0x9F for c in result.text)
