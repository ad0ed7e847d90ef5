"""`manage.py extract_claims FILE... [--jsonl]`: run the extraction engine on files."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from claims.extraction import SourceCatalog, extract_claims
from claims.extraction.catalog import load_default_catalog
from claims.extraction.output import claim_to_contract
from sources.models import Source
from sources.selectors import source_catalog


class Command(BaseCommand):
    help = (
        "Print the casualty claims in files, as the contract of GUIDELINES.md "
        "(--jsonl) or as a readable table. "
        "Sources resolve against the curated database (the canonical sources file "
        "when the database is not migrated)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--jsonl", action="store_true", help="one JSON object a line"
        )

    def handle(self, *args, files: list[Path], jsonl: bool, **options) -> None:
        catalog = self.catalog()
        for path in files:
            try:
                # Offsets are into the UTF-8 text exactly as decoded:
                # no newline changes.
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(
                    f"{path}: cannot read as UTF-8 text ({exc})"
                ) from exc
            rows = [
                claim_to_contract(c, str(path), catalog)
                for c in extract_claims(text, catalog)
            ]
            for row in rows:
                if jsonl:
                    self.stdout.write(json.dumps(row, ensure_ascii=False))
            if not jsonl:
                self.write_table(path, rows)

    def catalog(self) -> SourceCatalog:
        """The curated sources; on a database not migrated yet (a fresh checkout
        scoring files), the canonical file the migration would load."""
        if Source._meta.db_table in connection.introspection.table_names():
            return source_catalog()
        self.stderr.write(
            "The database is not migrated: sources from the canonical sources file."
        )
        return load_default_catalog()

    def write_table(self, path: Path, rows: list[dict]) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"{path}: {len(rows)} claims"))
        for row in rows:
            figure = row["quote"]
            what = row["category"] + (
                f"/{row['equipment_type']}" if row["equipment_type"] else ""
            )
            source = row["source"]["slug"] if row["source"] else "unattributed"
            self.stdout.write(
                f"  {row['start']:>6}  {figure[:28]:<28} {what:<22} "
                f"{row['party']:<17} {source}"
            )
