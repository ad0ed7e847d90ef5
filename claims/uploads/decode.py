"""Check an uploaded file and turn it into text for claim extraction."""

import datetime
import posixpath
from dataclasses import dataclass
from typing import Literal

from claims.uploads.encoding import binary_error, decode_text, remove_control_chars
from claims.uploads.errors import UploadError, format_size
from claims.uploads.html_article import extract_article
from claims.uploads.sniff import binary_kind, looks_like_html, too_many_controls

TEXT_EXTENSIONS = (".txt", ".text", ".md")
HTML_EXTENSIONS = (".html", ".htm")
_HTML_MEDIA_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass(frozen=True)
class DecodedUpload:
    """Text ready for claim extraction, with what the upload said about itself.

    For ``kind="text"`` the text is the file exactly as decoded (claim offsets
    point into it), less ``removed_control_chars`` control characters.
    """

    text: str
    kind: Literal["text", "html"]
    title: str | None
    published: datetime.date | None
    outlet: str | None
    encoding: str
    removed_control_chars: int = 0


def decode_upload(
    data: bytes,
    *,
    filename: str | None,
    content_type: str | None = None,
    max_bytes: int,
) -> DecodedUpload:
    """Decode an uploaded file, or raise ``UploadError`` saying why not.

    >>> decode_upload(b"At least 12 died.", filename="a.txt", max_bytes=1024)
    DecodedUpload(text='At least 12 died.', kind='text', title=None, ...)
    """
    extension = _checked_extension(filename)
    if len(data) > max_bytes:
        raise UploadError(
            f"The file is {format_size(len(data))}; "
            f"the limit is {format_size(max_bytes)}."
        )
    if not data.strip():
        raise UploadError("The file is empty; there is no text to check.")
    text, encoding = decode_text(data, content_type=content_type)
    text, removed = remove_control_chars(text)
    if too_many_controls(removed, len(text) + removed):
        raise binary_error(binary_kind(data) or "binary data")
    if not text.strip():
        raise UploadError("The file holds only blank space; there is no text to check.")
    if _is_html(extension, content_type, text):
        article = extract_article(text)
        return DecodedUpload(
            text=article.text,
            kind="html",
            title=article.title,
            published=article.published,
            outlet=article.outlet,
            encoding=encoding,
            removed_control_chars=removed + article.removed_control_chars,
        )
    return DecodedUpload(
        text=text,
        kind="text",
        title=None,
        published=None,
        outlet=None,
        encoding=encoding,
        removed_control_chars=removed,
    )


def _checked_extension(filename: str | None) -> str:
    """The lower-case extension of ``filename`` ("" for none), if accepted."""
    # Browsers on Windows may send the full path, backslashes included.
    name = posixpath.basename((filename or "").replace("\\", "/"))
    extension = posixpath.splitext(name)[1].lower()
    if extension in ("", *TEXT_EXTENSIONS, *HTML_EXTENSIONS):
        return extension
    accepted = ", ".join(TEXT_EXTENSIONS + HTML_EXTENSIONS)
    raise UploadError(
        f"Files ending in {extension} cannot be read; upload a plain text or HTML "
        f"file ({accepted}, or a name without an extension)."
    )


def _is_html(extension: str, content_type: str | None, text: str) -> bool:
    """Whether to treat the upload as a web page rather than plain text."""
    # A named extension is the uploader's explicit choice; sniffing is only for
    # files (and fetched pages) whose name says nothing.
    if extension:
        return extension in HTML_EXTENSIONS
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type in _HTML_MEDIA_TYPES:
        return True
    return media_type in ("", "application/octet-stream") and looks_like_html(text)
