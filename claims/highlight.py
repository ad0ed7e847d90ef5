"""Cut an article's text into plain runs and claim quotes, for the article page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Any = None  # the Claim this run quotes, or None for plain text


def text_segments(text: str, claims: Iterable[Any]) -> list[Segment]:
    """Plain and highlighted runs in text order; overlapping claims keep the first.

    >>> [s.text for s in text_segments("12 tanks", [claim_at(0, 2)])]
    ['12', ' tanks']
    The template escapes every run: article text is untrusted.
    """
    segments, position = [], 0
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        if claim.start < position or claim.end > len(text):
            continue
        if claim.start > position:
            segments.append(Segment(text[position : claim.start]))
        segments.append(Segment(text[claim.start : claim.end], claim))
        position = claim.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
