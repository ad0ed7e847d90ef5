"""Command line: group claim records (JSONL) and print the groups as JSONL."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from claims.grouping import Group, GroupableClaim, evaluate, group_claims
from claims.grouping.records import Figure
from claims.grouping.rules import normal_key, side_of_root


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def figure(raw: object) -> Figure | None:
    """A JSON number as an int, or a Decimal when it has a fraction (never a float)."""
    if raw is None:
        return None
    number = Decimal(str(raw))
    return int(number) if number == number.to_integral_value() else number


def published_dates(path: Path) -> dict[str, datetime.date]:
    return {
        os.path.basename(row["document"]): datetime.date.fromisoformat(row["published"])
        for row in read_jsonl(path)
    }


def quote_starts(sentence: str, quote: str) -> list[int]:
    """Where the quote stands in its sentence as whole words ("22" not in "2022")."""
    whole = [
        m.start() for m in re.finditer(rf"(?<!\w){re.escape(quote)}(?!\w)", sentence)
    ]
    return whole or [m.start() for m in re.finditer(re.escape(quote), sentence)]


class Locator:
    """Finds a gold claim's span the way the scorer does: nth claim, nth occurrence."""

    def __init__(self, docs: Path | None) -> None:
        self.docs, self.texts, self.taken = docs, {}, Counter()

    def text(self, document: str) -> str | None:
        name = os.path.basename(document)
        if name not in self.texts and self.docs is not None:
            path = self.docs / name
            self.texts[name] = (
                path.read_text(encoding="utf-8") if path.exists() else None
            )
        return self.texts.get(name)

    def span(self, row: dict[str, Any]) -> tuple[int, int, int]:
        """start, end and the quote's offset inside its sentence."""
        sentence, quote = row["sentence"], row["quote"]
        starts = quote_starts(sentence, quote)
        if row.get("occurrence"):
            starts = [starts[row["occurrence"] - 1]]
        text = self.text(row["document"]) or ""
        if "start" in row and row.get("start") is not None:
            at = text.rfind(sentence, 0, row["start"] + 1) if text else -1
            inner = row["start"] - at if at != -1 else (starts or [0])[0]
            return row["start"], row["end"], inner
        spans = sorted((s + q, q) for s in _all_finds(text, sentence) for q in starts)
        key = (
            os.path.basename(row["document"]),
            sentence,
            quote,
            row.get("occurrence"),
        )
        k = self.taken[key]
        self.taken[key] += 1
        if not spans:
            raise SystemExit(
                f"sentence not found in {row['document']}: {sentence[:60]!r}"
            )
        begin, inner = spans[min(k, len(spans) - 1)]
        return begin, begin + len(quote), inner


def _all_finds(text: str, sentence: str) -> Iterator[int]:
    at = text.find(sentence)
    while at != -1:
        yield at
        at = text.find(sentence, at + 1)


def source_fields(raw: object) -> tuple[str | None, str | None]:
    """(slug, root) from an extraction source object or a gold source key."""
    if isinstance(raw, dict):
        return normal_key(raw.get("slug")), normal_key(
            raw.get("root") or raw.get("slug")
        )
    key = normal_key(raw) if isinstance(raw, str) else None
    return (None, None) if key in (None, "unattributed") else (key, key)


def to_claim(
    n: int, row: dict[str, Any], locator: Locator, dates: dict[str, datetime.date]
) -> GroupableClaim:
    start, end, inner = locator.span(row)
    slug, root = source_fields(row.get("source"))
    return GroupableClaim(
        key=n,
        document=row["document"],
        start=start,
        end=end,
        quote=row["quote"],
        sentence=row["sentence"],
        sentence_offset=inner,
        value=figure(row.get("value")),
        low=figure(row.get("low")),
        high=figure(row.get("high")),
        qualifier=row.get("qualifier") or "exact",
        unit=row.get("unit") or "count",
        category=row["category"],
        equipment_type=row.get("equipment_type"),
        party=row["party"],
        source_slug=slug,
        source_root=root,
        source_side=side_of_root(root),
        as_of=dates[os.path.basename(row["document"])],
    )


def _number(value: Figure | None) -> int | float | None:
    # JSON has one number type; the figure stays exact until this boundary.
    return value if value is None or isinstance(value, int) else float(value)


def group_row(gid: int, group: Group) -> dict[str, Any]:
    """One group in the `export_groups --jsonl` shape."""
    verdict = evaluate(group.claims)
    m = group.measure
    return {
        "id": gid,
        "measure": {
            "category": m.category,
            "equipment_type": m.equipment_type,
            "party": m.party,
            "period": m.period,
            "as_of_from": group.as_of_from.isoformat(),
            "as_of_to": group.as_of_to.isoformat(),
            "unit": m.unit,
            "subset": m.subset,
        },
        "status": verdict.grade,
        "conflicting": verdict.conflicting,
        "reason": verdict.reason,
        "low": _number(verdict.low),
        "best": _number(verdict.best),
        "high": _number(verdict.high),
        "claims": [
            {
                "document": c.document,
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
                "value": _number(c.value),
                "low": _number(c.low),
                "high": _number(c.high),
                "source": c.source_slug,
            }
            for c in group.claims
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claims.grouping", description=__doc__
    )
    parser.add_argument(
        "--claims", required=True, type=Path, help="claim records, JSONL"
    )
    parser.add_argument(
        "--documents",
        required=True,
        type=Path,
        help="documents.jsonl: each document's `published` date is its as-of",
    )
    parser.add_argument(
        "--docs",
        type=Path,
        help="folder of the texts, to place claims given without offsets",
    )
    args = parser.parse_args(argv)
    dates = published_dates(args.documents)
    locator = Locator(args.docs)
    claims = [
        to_claim(n, row, locator, dates)
        for n, row in enumerate(read_jsonl(args.claims), 1)
    ]
    for gid, group in enumerate(group_claims(claims), 1):
        print(json.dumps(group_row(gid, group), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
