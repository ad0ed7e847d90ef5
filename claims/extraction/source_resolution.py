"""What an attribution phrase names: a catalog source by alias, else the source a
pronoun or "the ministry" refers back to, else `other`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from claims.extraction.attribution_words import (
    ANAPHORIC_HEADS,
    ORG_WORDS,
    PRONOUNS,
    TITLE_WORDS,
    looks_like_source,
)
from claims.extraction.catalog import SourceCatalog, normalise

# How many earlier sources "he" or "the ministry" may reach back to: an article names
# a few dozen at most, and a bound keeps a megabyte of text linear.
HISTORY_REACH = 60


@dataclass
class AttributionState:
    """What earlier sentences named: for "he said", "the ministry", carrying."""

    history: list[tuple[str, str | None, bool]] = field(
        default_factory=list
    )  # phrase, slug, person
    # every (phrase, slug) the document names, computed on first need: "prosecutors say"
    # in a headline is the prosecutor's office the body names later
    ahead: object = None  # a callable returning the list

    @property
    def mentions_ahead(self) -> list[tuple[str, str]]:
        if callable(self.ahead):
            self.ahead = self.ahead()
        return self.ahead or []


def is_person_like(phrase: str, slug: str | None, catalog: SourceCatalog) -> bool:
    source = catalog.get(slug)
    if source is not None and source.kind == "person":
        return True
    words = [w.strip(",.") for w in phrase.split()]
    low = {w.lower() for w in words}
    if low & TITLE_WORDS:
        return True
    caps = [w for w in words if w[:1].isupper()]
    return (
        0 < len(caps) <= 3
        and not (low & ORG_WORDS)
        and len(words) <= 4
        and not any(w.isupper() for w in words)
    )


_AND = re.compile(r"\s+(?:and|&|as well as)\s+|,\s+")


@lru_cache(maxsize=4096)
def _folded(phrase: str) -> str:
    """A phrase with apostrophes folded, lowercased: compared against each anaphor."""
    return normalise(phrase).lower()


def _first_named(phrase: str, catalog: SourceCatalog) -> str | None:
    """ "Kyiv and NATO allies": where one phrase names two sources, the first counts."""
    whole = catalog.resolve(phrase)
    if whole is None or not _AND.search(phrase):
        return whole
    for part in _AND.split(phrase):
        found = catalog.resolve(part)
        if found:
            return found
    return whole


def resolve(phrase: str, catalog: SourceCatalog, state: AttributionState) -> str | None:
    """The slug a phrase names: alias, pronoun, anaphora, else `other` or None."""
    slug = _first_named(phrase, catalog)
    low = normalise(phrase).lower().strip(" ,.")
    words = low.split()
    if len(words) == 1 and words[0] in PRONOUNS:
        want_person = PRONOUNS[words[0]] == "person"
        for _text, hist_slug, person in reversed(state.history[-HISTORY_REACH:]):
            if person or not want_person:
                return hist_slug
        return None
    generic = slug is None or slug == catalog.other_slug
    head = next(
        (w for w in reversed(words) if w.strip("'s\u2019") in ANAPHORIC_HEADS), None
    )
    root = head.strip("'s\u2019").rstrip("s") if head else ""
    if (
        generic
        and head
        and (
            words[0] in ("the", "this", "that", "its")
            or len(words) <= 2
            or root == "report"
        )
    ):
        for text, hist_slug, _ in reversed(state.history[-HISTORY_REACH:]):
            if root in _folded(text) and hist_slug and hist_slug != catalog.other_slug:
                return hist_slug
        for text, ahead_slug in state.mentions_ahead[:HISTORY_REACH]:
            if root in _folded(text) and ahead_slug != catalog.other_slug:
                return ahead_slug
        if root == "report" and state.history:
            return state.history[-1][1]
    if slug is not None:
        return slug
    if looks_like_source(phrase):
        return catalog.other_slug
    return None
