"""Orchestration: sentences, then figures, then what was lost, by whom, and who says
so.
"""

from __future__ import annotations

from claims.extraction.catalog import SourceCatalog
from claims.extraction.claim import ExtractedClaim
from claims.extraction.document import Document, is_crackdown
from claims.extraction.mentions import find_mentions
from claims.extraction.sentence_walk import SentenceWalk
from claims.extraction.sentences import split_sentences

__all__ = ["ExtractedClaim", "extract_claims"]


def extract_claims(
    text: str, catalog: SourceCatalog | None = None
) -> list[ExtractedClaim]:
    """Every casualty figure in `text`, in order.

    >>> [c.quote for c in extract_claims("More than 3,500 soldiers were killed.")]
    ['More than 3,500']
    """
    if catalog is None:
        from claims.extraction.catalog import load_default_catalog

        catalog = load_default_catalog()
    doc = Document(text, catalog, split_sentences(text))
    doc.crackdown = is_crackdown(text)

    mentions = [find_mentions(s.text) for s in doc.sentences]

    def ahead() -> list[tuple[str, str]]:
        named = ((m.text, catalog.resolve(m.text)) for found in mentions for m in found)
        return [(text, slug) for text, slug in named if slug]

    doc.state.ahead = ahead
    return SentenceWalk(doc, mentions).claims()
