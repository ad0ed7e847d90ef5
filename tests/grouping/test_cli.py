"""The command line: gold-format and extraction-format claims in, groups JSONL out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.grouping.__main__ import main

TEXT_A = (
    "Ukraine says 14,000 Russian troops have been killed since the invasion began.\n"
    "Ukraine says 14,000 Russian troops have been killed since the invasion began.\n"
)
TEXT_B = "US intelligence estimates about 7,000 Russian soldiers have died so far.\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_B, encoding="utf-8")
    documents = [
        {"document": "a.txt", "published": "2022-03-18"},
        {"document": "b.txt", "published": "2022-03-17"},
    ]
    (tmp_path / "documents.jsonl").write_text(
        "".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8"
    )
    return tmp_path


def _row(
    document: str,
    sentence: str,
    quote: str,
    value: float,
    qualifier: str,
    source: object,
) -> dict[str, object]:
    return {
        "document": document,
        "sentence": sentence,
        "quote": quote,
        "value": value,
        "low": None,
        "high": None,
        "qualifier": qualifier,
        "unit": "count",
        "category": "killed",
        "equipment_type": None,
        "party": "russian_forces",
        "source": source,
    }


def _run(
    corpus: Path, rows: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> list[dict[str, object]]:
    claims = corpus / "claims.jsonl"
    claims.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert (
        main(
            [
                "--claims",
                str(claims),
                "--documents",
                str(corpus / "documents.jsonl"),
                "--docs",
                str(corpus),
            ]
        )
        == 0
    )
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_gold_claims_are_placed_in_their_text_and_grouped(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line_a = TEXT_A.splitlines()[0]
    line_b = TEXT_B.strip()
    rows = [
        _row("a.txt", line_a, "14,000", 14000.0, "exact", "ukrainian_military"),
        _row("a.txt", line_a, "14,000", 14000.0, "exact", "ukrainian_military"),
        _row("b.txt", line_b, "about 7,000", 7000.0, "approximate", "us_government"),
    ]
    (group,) = _run(corpus, rows, capsys)
    assert group["conflicting"] is True and group["status"] == "contested"
    assert group["measure"] == {
        "category": "killed",
        "equipment_type": None,
        "party": "russian_forces",
        "period": "cumulative",
        "as_of_from": "2022-03-17",
        "as_of_to": "2022-03-18",
        "unit": "count",
        "subset": None,
    }
    spans = sorted((c["document"], c["start"], c["end"]) for c in group["claims"])
    second_line = len(line_a) + 1
    assert spans == [
        ("a.txt", 13, 19),
        ("a.txt", second_line + 13, second_line + 19),
        ("b.txt", 26, 37),
    ]
    assert (group["low"], group["best"], group["high"]) == (7000, 7000, 14000)
    assert "us government 'about 7,000'" in group["reason"]


def test_extraction_claims_keep_their_offsets_and_source_slug(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _row(
        "b.txt",
        TEXT_B.strip(),
        "about 7,000",
        7000.0,
        "approximate",
        {"slug": "cia", "name": "CIA", "root": "us-government"},
    )
    row.update(start=26, end=37)
    (group,) = _run(corpus, [row], capsys)
    assert group["claims"] == [
        {
            "document": "b.txt",
            "start": 26,
            "end": 37,
            "quote": "about 7,000",
            "value": 7000,
            "low": None,
            "high": None,
            "source": "cia",
        }
    ]
    assert group["conflicting"] is False and group["status"] == "weak"
