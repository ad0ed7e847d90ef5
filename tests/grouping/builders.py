"""Builds GroupableClaim test records from a sentence and the figure's words in it."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from claims.grouping import GroupableClaim
from claims.grouping.rules import side_of_root

_keys = itertools.count(1)


def claim(
    sentence: str,
    quote: str,
    value: int | Decimal | None = None,
    *,
    qualifier: str = "exact",
    source: str | None = None,
    as_of: str = "2022-03-17",
    document: str = "a.txt",
    at: int = 0,
    **fields: Any,
) -> GroupableClaim:
    """A claim for `quote` inside `sentence` (its first occurrence), placed at `at`."""
    inner = sentence.index(quote)
    base: dict[str, Any] = {
        "key": next(_keys),
        "document": document,
        "start": at + inner,
        "end": at + inner + len(quote),
        "quote": quote,
        "sentence": sentence,
        "sentence_offset": inner,
        "value": value,
        "low": None,
        "high": None,
        "qualifier": qualifier,
        "unit": "count",
        "category": "killed",
        "equipment_type": None,
        "party": "russian_forces",
        "source_slug": source,
        "source_root": source,
        "source_side": side_of_root(source),
        "as_of": datetime.date.fromisoformat(as_of),
    }
    base.update(fields)
    return GroupableClaim(**base)
