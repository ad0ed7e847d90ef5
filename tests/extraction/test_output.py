"""The contract JSON and the command line."""

import json

from claims.extraction import extract_claims, load_default_catalog
from claims.extraction.__main__ import main
from claims.extraction.output import claim_to_contract

KEYS = {
    "document",
    "quote",
    "sentence",
    "start",
    "end",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "category",
    "equipment_type",
    "party",
    "source",
    "source_text",
}


def test_a_claim_becomes_the_contract_object() -> None:
    catalog = load_default_catalog()
    text = "Between 300 and 400 civilians were killed, the UN refugee agency said."
    row = claim_to_contract(extract_claims(text, catalog)[0], "doc.txt", catalog)
    assert set(row) == KEYS
    assert row["value"] is None and (row["low"], row["high"]) == (300.0, 400.0)
    assert row["source"] == {"slug": "unhcr", "name": "UNHCR", "root": "un"}
    assert row["source_text"] == "the UN refugee agency"
    assert text[row["start"] : row["end"]] == row["quote"]


def test_an_unattributed_claim_has_null_source_and_text() -> None:
    catalog = load_default_catalog()
    row = claim_to_contract(
        extract_claims("About 70 soldiers died.", catalog)[0], "d", catalog
    )
    assert row["source"] is None and row["source_text"] is None and row["value"] == 70.0


def test_cli_prints_jsonl_with_offsets_into_the_raw_file(tmp_path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(
        "Caf\u00e9 report\r\n\r\nAt least 12 people were killed.\r\n".encode("utf-8")
    )
    assert main([str(path), "--jsonl"]) == 0
    row = json.loads(capsys.readouterr().out.strip())
    text = path.read_bytes().decode("utf-8")
    assert text[row["start"] : row["end"]] == "At least 12" and row["document"] == str(
        path
    )


def test_cli_prints_a_table_without_jsonl(tmp_path, capsys) -> None:
    path = tmp_path / "b.txt"
    path.write_text("Nine soldiers were wounded.", encoding="utf-8")
    main([str(path)])
    assert "'Nine'" in capsys.readouterr().out
