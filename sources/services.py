"""Writes for curated sources: load the canonical list, add aliases, merge duplicates,
re-resolve claims when an alias is added."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from sources.models import Source, SourceAlias, SourceMerge, normalise_alias
from sources.selectors import source_catalog_invalidate

CANONICAL_SOURCES_FILE = (
    Path(__file__).resolve().parent / "data" / "canonical_sources.json"
)


def canonical_source_records(path: Path = CANONICAL_SOURCES_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def source_sync_canonical(
    *, records: list[dict] | None = None, source_model=Source, alias_model=SourceAlias
) -> tuple[int, int]:
    """Create missing canonical sources and aliases; returns (sources, aliases) added.

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


@transaction.atomic
def source_merge(*, keep: Source, duplicate: Source, merged_by) -> SourceMerge:
    """Fold `duplicate` into `keep`: its aliases, claims, corrections and child
    sources move over, its name becomes an alias, and the merge is recorded.

    >>> source_merge(keep=ukraine_military, duplicate=afu, merged_by=curator)
    <SourceMerge: AFU merged into Ukrainian military>
    The claims' groups are re-assessed after commit (their source's side counts).
    """
    from claims.models import Claim, ClaimCorrection  # claims imports sources

    keep = Source.objects.select_for_update().get(pk=keep.pk)
    duplicate = Source.objects.select_for_update().get(pk=duplicate.pk)
    if keep.pk == duplicate.pk:
        raise ValidationError("A source cannot be merged into itself.")
    if duplicate.pk in {a.pk for a in keep.ancestors}:
        raise ValidationError(
            f"{keep} sits under {duplicate}; merge {duplicate} the other way round."
        )
    article_ids = set(
        Claim.objects.filter(source=duplicate).values_list("article_id", flat=True)
    )
    record = SourceMerge(
        keep=keep,
        duplicate_name=duplicate.name,
        duplicate_slug=duplicate.slug,
        merged_by=merged_by,
        aliases_moved=duplicate.aliases.update(source=keep),
        claims_moved=Claim.objects.filter(source=duplicate).update(source=keep),
        children_moved=Source.objects.filter(parent=duplicate).update(parent=keep),
    )
    ClaimCorrection.objects.filter(source=duplicate).update(source=keep)
    SourceMerge.objects.filter(keep=duplicate).update(keep=keep)
    name = normalise_alias(duplicate.name)
    if not SourceAlias.objects.filter(normalised=name).exists():
        SourceAlias.objects.create(source=keep, alias=duplicate.name)
    duplicate.delete()
    record.save()
    transaction.on_commit(source_catalog_invalidate)
    _enqueue_regroup(sorted(article_ids))
    return record


def source_alias_reresolve(*, alias_id: int) -> list[int]:
    """Attribute to the alias's source the claims whose attribution phrase is that
    alias, then regroup their articles; returns the claims changed.

    Claims a reviewer corrected keep their source: the reviewer has the last word.
    >>> source_alias_reresolve(alias_id=kremlin_spokesman.pk)
    [412, 977]
    """
    from claims.models import Claim
    from claims.services import groups_refresh_for_article

    alias = SourceAlias.objects.filter(pk=alias_id).first()
    if alias is None:  # deleted before a worker picked it up
        return []
    candidates = Claim.objects.filter(
        attribution__icontains=_longest_word(alias.normalised), corrected=False
    ).exclude(source_id=alias.source_id)
    matching = [
        (pk, article_id)
        for pk, article_id, phrase in candidates.values_list(
            "pk", "article_id", "attribution"
        )
        if normalise_alias(phrase) == alias.normalised
    ]
    claim_ids = [pk for pk, _ in matching]
    with transaction.atomic():
        Claim.objects.filter(pk__in=claim_ids).update(source_id=alias.source_id)
        for article_id in sorted({a for _, a in matching}):
            groups_refresh_for_article(article_id=article_id)
    return claim_ids


def _longest_word(normalised: str) -> str:
    # Apostrophes vary (’ or ') in stored phrases; a plain word narrows the query
    # and normalise_alias decides.
    words = [w for w in normalised.replace("'", " ").split() if w]
    return max(words, key=len) if words else normalised


def source_aliases_saved(*, alias_ids: list[int]) -> None:
    """After aliases are added or edited: rebuild the catalog and re-resolve claims
    (in a task, after commit)."""
    from sources.tasks import source_alias_reresolve_task  # tasks import services

    transaction.on_commit(source_catalog_invalidate)
    for alias_id in alias_ids:
        transaction.on_commit(
            lambda alias_id=alias_id: source_alias_reresolve_task.delay(alias_id)
        )


def source_claims_regroup(*, article_ids: list[int]) -> None:
    """Regroup the given articles' claims (their sources changed)."""
    from claims.services import groups_refresh_for_article

    for article_id in article_ids:
        with transaction.atomic():
            groups_refresh_for_article(article_id=article_id)


def _enqueue_regroup(article_ids: list[int]) -> None:
    from sources.tasks import source_claims_regroup_task

    if article_ids:
        transaction.on_commit(lambda: source_claims_regroup_task.delay(article_ids))
