"""Reads of curated sources other apps need: the extraction catalog and slug ids."""

from __future__ import annotations

from django.db.models import Count, Max

from claims.extraction import SourceCatalog
from sources.models import Source, SourceAlias

_catalog_cache: dict[str, object] = {}


def _catalog_stamp() -> tuple:
    """Changes whenever a source or alias is added, removed or edited."""
    sources = Source.objects.aggregate(n=Count("pk"), top=Max("pk"))
    aliases = SourceAlias.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return (
        sources["n"],
        sources["top"],
        aliases["n"],
        aliases["top"],
        _catalog_cache.get("generation"),
    )


def source_catalog() -> SourceCatalog:
    """The curated sources and aliases as the extraction engine's plain-data catalog.

    Built once per process and rebuilt when the sources change (two cheap
    aggregate queries), since every parse needs it.
    """
    stamp = _catalog_stamp()
    if _catalog_cache.get("stamp") != stamp:
        _catalog_cache["catalog"] = SourceCatalog.from_records(source_records())
        _catalog_cache["stamp"] = stamp
    return _catalog_cache["catalog"]


def source_catalog_invalidate() -> None:
    """Called after edits the stamp cannot see (an alias renamed in place)."""
    _catalog_cache["generation"] = object()


def source_records() -> list[dict]:
    """Every source as {slug, name, parent, side, aliases}: the catalog's plain data."""
    aliases: dict[int, list[str]] = {}
    for source_id, alias in SourceAlias.objects.values_list("source_id", "alias"):
        aliases.setdefault(source_id, []).append(alias)
    return [
        {
            "slug": slug,
            "name": name,
            "parent": parent,
            "side": side or None,
            "aliases": aliases.get(pk, []),
        }
        for pk, slug, name, parent, side in Source.objects.values_list(
            "pk", "slug", "name", "parent__slug", "side"
        )
    ]


def source_ids_by_slug() -> dict[str, int]:
    return dict(Source.objects.values_list("slug", "pk"))
