"""Reduce an HTML page to its article text and metadata, safely."""

import datetime
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from claims.uploads.encoding import remove_control_chars
from claims.uploads.errors import UploadError

# Real news pages nest 30 to 60 levels; libxml2 itself gives up at 256 and
# silently drops the rest, so refuse well before that with a clear message.
MAX_DEPTH = 200
# Elements whose content is code or embedded media, never article prose.
_ACTIVE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
)
_NO_ARTICLE = "No article text found in this HTML page."


@dataclass(frozen=True)
class HtmlArticle:
    """The main text of a page with the metadata trafilatura found on it."""

    text: str
    title: str | None
    outlet: str | None
    published: datetime.date | None
    removed_control_chars: int


def extract_article(html: str) -> HtmlArticle:
    """Return the article in ``html`` without navigation, scripts or styles.

    >>> extract_article("<html><body><article><p>At least 12 died.</p>...").text
    'At least 12 died.'
    """
    tree = _parse(html)
    for element in list(tree.iter(*_ACTIVE_TAGS)):
        element.drop_tree()
    try:
        document = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_images=False
        )
    except (RecursionError, etree.LxmlError, ValueError) as error:
        raise UploadError(
            "This HTML page could not be read; save the article as plain text."
        ) from error
    if document is None or not (document.text or "").strip():
        raise UploadError(_NO_ARTICLE)
    text, removed = remove_control_chars(document.text)
    return HtmlArticle(
        text=text,
        title=document.title or None,
        outlet=document.sitename or None,
        published=_parse_date(document.date),
        removed_control_chars=removed,
    )


def _parse(html: str) -> lxml.html.HtmlElement:
    # Parsing UTF-8 bytes with a fixed encoding makes lxml ignore <meta charset>
    # and XML declarations: the text was already decoded once.
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        collect_ids=False,
        huge_tree=False,
    )
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (RecursionError, etree.LxmlError, ValueError) as error:
        raise UploadError(_NO_ARTICLE) from error
    too_deep = any("depth" in entry.message.lower() for entry in parser.error_log)
    if too_deep or _depth(tree) > MAX_DEPTH:
        raise UploadError(
            f"This HTML page is nested more than {MAX_DEPTH} levels deep, "
            "so it cannot be read safely; save the article as plain text."
        )
    return tree


def _depth(root: lxml.html.HtmlElement) -> int:
    """Deepest element nesting, counted without recursion."""
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
