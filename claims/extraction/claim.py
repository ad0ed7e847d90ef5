"""The engine's output: one casualty figure with its quote, offsets and meaning."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ExtractedClaim:
    """One casualty figure, with its quote and sentence offsets in the text."""

    start: int
    end: int
    quote: str
    sentence_start: int
    sentence_end: int
    sentence: str
    value: int | Decimal | None
    low: int | Decimal | None
    high: int | Decimal | None
    qualifier: str
    unit: str
    category: str
    equipment_type: str | None
    party: str
    source_slug: str | None
    attribution: str | None
