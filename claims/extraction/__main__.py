"""`python -m claims.extraction FILE... [--jsonl]`: print the claims of text files."""

from __future__ import annotations

import argparse
import json
import sys

from claims.extraction import extract_claims, load_default_catalog
from claims.extraction.output import claim_to_contract


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claims.extraction", description=__doc__
    )
    parser.add_argument("files", nargs="+", help="UTF-8 text files")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object a line")
    args = parser.parse_args(argv)
    catalog = load_default_catalog()
    for path in args.files:
        # newline="" keeps "\r\n" as written, so offsets index the decoded file
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        for claim in extract_claims(text, catalog):
            row = claim_to_contract(claim, path, catalog)
            if args.jsonl:
                print(json.dumps(row, ensure_ascii=False))
            else:
                source = row["source"]["slug"] if row["source"] else "-"
                value = (
                    row["value"]
                    if row["value"] is not None
                    else f"{row['low']}-{row['high']}"
                )
                print(
                    f"{path}:{row['start']}-{row['end']}\t{row['quote']!r}\t{value}\t"
                    f"{row['qualifier']}\t{row['category']}\t"
                    f"{row['equipment_type'] or ''}\t"
                    f"{row['party']}\t{source}\t{row['source_text'] or ''}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
