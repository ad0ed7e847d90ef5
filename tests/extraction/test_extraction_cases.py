"""Whole articles in our own words (cases/<name>.txt) against their expected claims
(<name>.json).
"""

import json
from pathlib import Path

import pytest

from claims.extraction import extract_claims, load_default_catalog

CASES = sorted(Path(__file__).parent.joinpath("cases").glob("*.txt"))
FIELDS = ("value", "low", "high", "qualifier", "unit", "category")
FIELDS += ("equipment_type", "party", "source")


def _number(value):
    return None if value is None else float(value)


def _as_rows(text: str) -> list[dict]:
    catalog = load_default_catalog()
    return [
        {
            "quote": c.quote,
            "sentence_contains": c.sentence[:50],
            "value": _number(c.value),
            "low": _number(c.low),
            "high": _number(c.high),
            "qualifier": c.qualifier,
            "unit": c.unit,
            "category": c.category,
            "equipment_type": c.equipment_type,
            "party": c.party,
            "source": catalog.root(c.source_slug) if c.source_slug else None,
        }
        for c in extract_claims(text, catalog)
    ]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_matches_its_expected_claims(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    got = _as_rows(path.read_text(encoding="utf-8"))
    assert [(g["quote"], g["sentence_contains"]) for g in got] == [
        (e["quote"], e["sentence_contains"]) for e in expected
    ]
    for g, e in zip(got, expected, strict=True):
        assert {f: g[f] for f in FIELDS} == {f: e[f] for f in FIELDS}, g["quote"]
