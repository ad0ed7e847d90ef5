"""`manage.py ingest PATH... [--metadata FILE.jsonl]`: bulk-import .txt/.html files."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date
from tqdm import tqdm

from claims import services

SUFFIXES = {".txt", ".text", ".html", ".htm"}
CONTENT_TYPES = {".html": "text/html", ".htm": "text/html"}


class Command(BaseCommand):
    help = "Import article files and folders (.txt, .html) through the upload service."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--metadata",
            type=Path,
            help='JSON Lines, one object per document: {"document": file name, '
            '"published": "YYYY-MM-DD", "outlet", "title", "url"}',
        )

    def handle(
        self, *args, paths: list[Path], metadata: Path | None, **options
    ) -> None:
        files = collect_files(paths)
        meta = read_metadata(metadata) if metadata else {}
        counts = {"created": 0, "duplicate": 0, "rejected": 0}
        bar = tqdm(files, unit="file", disable=len(files) < 50, file=self.stderr._out)
        for path in bar:
            outcome = self.ingest_one(path, meta.get(path.name, {}))
            counts[outcome.split(":")[0].split()[0]] += 1
            bar.write(f"{path}: {outcome}", file=self.stdout._out)
        self.stdout.write(", ".join(f"{n} {k}" for k, n in counts.items()))

    def ingest_one(self, path: Path, meta: dict) -> str:
        upload = services.Upload(
            data=path.read_bytes(),
            filename=path.name,
            content_type=CONTENT_TYPES.get(path.suffix.lower(), "text/plain"),
        )
        try:
            result = services.article_ingest(
                upload=upload,
                title=meta.get("title") or "",
                outlet_name=meta.get("outlet") or "",
                published=parse_date(meta["published"])
                if meta.get("published")
                else None,
                article_url=meta.get("url") or meta.get("origin_url") or "",
            )
        except ValidationError as exc:
            return "rejected: " + " ".join(exc.messages)
        return (
            "created" if result.created else f"duplicate of article {result.article.pk}"
        )


def collect_files(paths: list[Path]) -> list[Path]:
    """Files named, and the .txt/.html files inside folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    return files


def read_metadata(path: Path) -> dict[str, dict]:
    """File base name -> its metadata line."""
    meta = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            meta[Path(row["document"]).name] = row
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CommandError(f"{path}:{number}: not a metadata line ({exc})") from exc
    return meta
