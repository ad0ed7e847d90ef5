"""decode_upload refuses binary files, naming what they seem to be."""

import os

import pytest

from claims.uploads import UploadError, decode_upload

SAMPLES = {
    "PNG image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40),
    "PDF document": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
    "ZIP archive or Office document": b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
    "JPEG image": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
    "GIF image": b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
    "gzip archive": b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    "program (ELF executable)": b"\x7fELF\x02\x01\x01" + bytes(9),
    "program (Windows executable)": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
    "old Microsoft Office document": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8),
    "SQLite database": b"SQLite format 3\x00\x10\x00",
}


@pytest.mark.parametrize(("kind", "data"), SAMPLES.items(), ids=list(SAMPLES))
def test_it_names_binary_formats_by_magic_number(kind: str, data: bytes) -> None:
    with pytest.raises(UploadError) as caught:
        decode_upload(data, filename=None, max_bytes=10_000)
    assert str(caught.value) == (
        f"This looks like a binary file ({kind}), not text; upload plain text or HTML."
    )


def test_it_rejects_a_png_renamed_to_txt() -> None:
    with pytest.raises(UploadError, match=r"binary file \(PNG image\)"):
        decode_upload(SAMPLES["PNG image"], filename="photo.txt", max_bytes=10_000)


def test_it_rejects_random_bytes_full_of_nuls_as_binary() -> None:
    data = bytes(b if i % 3 else 0 for i, b in enumerate(os.urandom(4000)))
    with pytest.raises(UploadError, match="binary file"):
        decode_upload(data, filename=None, max_bytes=10_000)


def test_it_keeps_text_that_merely_starts_like_a_short_magic_number() -> None:
    text = "MZ Holdings said at least 40 people were hurt.\nID3 is not a format here."
    result = decode_upload(text.encode(), filename=None, max_bytes=10_000)
    assert result.text == text
