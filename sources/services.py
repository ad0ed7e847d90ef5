"""Writes for curated sources: load the canonical list, add aliases."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from sources.models import Source, SourceAlias, normalise_alias

CANONICAL_SOURCES_FILE = (
    Path(__file__).resolve().parent / "data" / "canonical_sources.json"
)


def canonical_source_records(path: Path = CANONICAL_SOURCES_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def source_sync_canonical(
    *, records: list[dict] | None = None, source_model=Source, alias_model=SourceAlias
) -> tuple[int, int]:
    """Create the canonical sources and aliases that are missing; returns (sources, aliases) added.

    Idempotent and additive: curators' edits and extra aliases are never removed,
    so it is safe to run on every set-up. The data migration passes its historical
    models, which is why `normalised` is set here rather than left to save().
    """
    records = canonical_source_records() if records is None else records
    by_slug = {s.slug: s for s in source_model.objects.all()}
    added_sources = 0
    for record in records:  # parents come before children in the file
        if record["slug"] in by_slug:
            continue
        by_slug[record["slug"]] = source_model.objects.create(
            slug=record["slug"],
            name=record["name"],
            kind=record.get("kind") or "other",
            country=record.get("country") or "",
            side=record.get("side") or "",
            parent=by_slug.get(record.get("parent")) if record.get("parent") else None,
        )
        added_sources += 1
    known = set(alias_model.objects.values_list("normalised", flat=True))
    added_aliases = 0
    for record in records:
        for alias in [record["name"], *record.get("aliases", [])]:
            normalised = normalise_alias(alias)
            if normalised in known:
                continue
            known.add(normalised)
            alias_model.objects.create(
                source=by_slug[record["slug"]], alias=alias, normalised=normalised
            )
            added_aliases += 1
    return added_sources, added_aliases


def source_alias_add(*, source: Source, alias: str) -> SourceAlias:
    return SourceAlias.objects.create(source=source, alias=alias)
