"""Comparison groups kept in step with claims: regroup only the measures touched."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q

from claims.grouping import (
    LINK_DAYS,
    GroupableClaim,
    MeasureKey,
    assign,
    evaluate,
    measure_of,
    resolve_document,
)
from claims.models import Claim, ComparisonGroup
from claims.webhooks import group_state, webhook_fire_group_changes


def measure_key_string(measure: MeasureKey) -> str:
    parts = (
        measure.category,
        measure.equipment_type or "",
        measure.party,
        measure.unit,
        measure.period,
        measure.subset or "",
    )
    return "|".join(parts)[:300]


def groupable(claim: Claim, *, resolved: bool = True) -> GroupableClaim:
    """A claim row as the grouping engine's record (source root and side included)."""
    source = claim.source
    root = source.root if source else None
    side = (source.side or root.side) if source else ""
    return GroupableClaim(
        key=claim.pk,
        document=str(claim.article_id),
        start=claim.start,
        end=claim.end,
        quote=claim.quote,
        sentence=claim.sentence,
        sentence_offset=claim.start - claim.sentence_start,
        value=_figure(claim.value, claim.unit),
        low=_figure(claim.low, claim.unit),
        high=_figure(claim.high, claim.unit),
        qualifier=claim.qualifier,
        unit=claim.unit,
        category=claim.category,
        equipment_type=claim.equipment_type or None,
        party=claim.party,
        source_slug=source.slug if source else None,
        source_root=root.slug if root else None,
        source_side=side or None,
        as_of=claim.as_of,
        period=(claim.period or None) if resolved else None,
        subset=(claim.subset or None) if resolved else None,
        stale=claim.stale if resolved else None,
    )


def _figure(number: Decimal | None, unit: str) -> int | Decimal | None:
    if number is None:
        return None
    return int(number) if unit == "count" and number == number.to_integral() else number


def _claims_with_sources():
    return Claim.objects.select_related("source__parent__parent")


def groups_refresh_for_article(
    *, article_id: int, previous_groups: Iterable[int] = ()
) -> None:
    """Read the article's claims' periods in context, then regroup what they touch.

    Incremental: only the groups a new claim can join (same measure, dates within
    reach) and the groups that lost claims (`previous_groups`, e.g. the article's
    claims before a re-parse) are recomputed, never a whole measure's history.
    """
    measures, left = _resolve_article_claims(article_id)
    dirty: dict[str, set[int]] = {}
    for pk, key in ComparisonGroup.objects.filter(
        pk__in=set(previous_groups) | left
    ).values_list("pk", "measure_key"):
        dirty.setdefault(key, set()).add(pk)
    for key in sorted(measures | dirty.keys()):
        _regroup(key, dirty.get(key, set()))


def groups_rebuild() -> int:
    """Regroup every measure from scratch; gives the groups incremental updates give."""
    keys: set[str] = set()
    for article_id in Claim.objects.values_list("article_id", flat=True).distinct():
        keys |= _resolve_article_claims(article_id)[0]
    keys |= set(ComparisonGroup.objects.values_list("measure_key", flat=True))
    for key in sorted(keys):
        _regroup(key, set(), whole=True)
    return ComparisonGroup.objects.count()


def _resolve_article_claims(article_id: int) -> tuple[set[str], set[int]]:
    """Store each claim's period, subset and measure as read among its article's
    claims; returns the measures they fall in and the groups claims left because
    their measure changed (a correction)."""
    claims = list(_claims_with_sources().filter(article_id=article_id))
    by_pk = {c.pk: c for c in claims}
    left: set[int] = set()
    for record in resolve_document([groupable(c, resolved=False) for c in claims]):
        claim = by_pk[record.key]
        key = measure_key_string(measure_of(record))
        if claim.group_id and not claim.group_pinned and key != claim.measure_key:
            left.add(claim.group_id)
            claim.group = None
        claim.period, claim.subset = record.period, record.subset or ""
        claim.stale = bool(record.stale)
        claim.measure_key = key
    Claim.objects.bulk_update(
        claims, ["period", "subset", "stale", "measure_key", "group"]
    )
    return {c.measure_key for c in claims}, left


def _lock_measure(key: str) -> None:
    """Serialise regrouping of one measure across workers (SQLite serialises writes)."""
    if connection.vendor == "postgresql":
        lock_id = int.from_bytes(
            hashlib.sha256(key.encode()).digest()[:8], "big", signed=True
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def _candidate_groups(
    key: str, loose: list[Claim], dirty: set[int], whole: bool
) -> list[ComparisonGroup]:
    """The groups a regrouping may change: those a loose claim could chain with
    (dates within the longest link of any period kind) and those that lost claims."""
    groups = ComparisonGroup.objects.filter(measure_key=key).order_by("pk")
    if whole:
        return list(groups)
    near = Q(pk__in=dirty)
    if loose:
        reach = datetime.timedelta(days=max(LINK_DAYS.values()))
        dates = [c.as_of for c in loose]
        near |= Q(as_of_from__lte=max(dates) + reach, as_of_to__gte=min(dates) - reach)
    return list(groups.filter(near))


@transaction.atomic
def _regroup(key: str, dirty: set[int], *, whole: bool = False) -> None:
    _lock_measure(key)
    unpinned = _claims_with_sources().filter(measure_key=key, group_pinned=False)
    loose = list(unpinned.filter(group__isnull=True))
    if not (loose or dirty or whole):
        return
    candidates = _candidate_groups(key, loose, dirty, whole)
    claims = loose + list(unpinned.filter(group__in=candidates))
    before = {c.pk: c.group_id for c in claims}
    engine_groups = []
    for record in sorted(
        (groupable(c) for c in claims), key=lambda r: (r.as_of, r.key)
    ):
        engine_groups = assign(engine_groups, record)
    members = [sorted(r.key for r in g.claims) for g in engine_groups]
    targets = _match_existing(candidates, members, before)
    by_pk = {c.pk: c for c in claims}
    for group, engine_group, pks in zip(targets, engine_groups, members, strict=True):
        if group is None:  # no old group holds these claims: a new one of this measure
            group = ComparisonGroup(measure_key=key)
            _set_measure(group, engine_group.measure)
            # Placeholder dates for the new row; group_assess sets the real window.
            group.as_of_from = group.as_of_to = by_pk[pks[0]].as_of
            group.save()
        for pk in pks:
            by_pk[pk].group = group
    Claim.objects.bulk_update(claims, ["group"])
    changed = dirty | {g for c in claims for g in (before[c.pk], c.group_id)} - {None}
    for group in ComparisonGroup.objects.filter(pk__in=changed):
        if group.claims.exists():
            group_assess(group)
        else:
            group.delete()


def _match_existing(
    existing: list[ComparisonGroup],
    members: list[list[int]],
    group_of: dict[int, int | None],
) -> list[ComparisonGroup | None]:
    """Keep group ids (and their verdicts) stable: each new group takes the old group
    that held most of its claims (`group_of`: claim -> old group), largest overlap
    first."""
    overlaps: dict[tuple[int, int], int] = {}
    for i, pks in enumerate(members):
        for pk in pks:
            if group_of[pk] is not None:
                overlaps[group_of[pk], i] = overlaps.get((group_of[pk], i), 0) + 1
    by_pk = {g.pk: g for g in existing}
    pairs = sorted(
        ((n, -group_id, i) for (group_id, i), n in overlaps.items()), reverse=True
    )
    targets: list[ComparisonGroup | None] = [None] * len(members)
    used: set[int] = set()
    for _, negative_id, i in pairs:
        if targets[i] is None and -negative_id not in used:
            targets[i] = by_pk[-negative_id]
            used.add(-negative_id)
    return targets


def _set_measure(group: ComparisonGroup, measure: MeasureKey) -> None:
    group.category, group.party, group.unit = (
        measure.category,
        measure.party,
        measure.unit,
    )
    group.equipment_type = measure.equipment_type or ""
    group.period, group.subset = measure.period, measure.subset or ""


def group_assess(group: ComparisonGroup) -> ComparisonGroup:
    """Recompute a group's dates, conflict flag, reason, low/best/high and grade."""
    claims = list(_claims_with_sources().filter(group=group))
    if not claims:
        return group
    before = group_state(group)
    assessment = evaluate([groupable(c) for c in claims])
    points = [p for c in claims for p in (c.value, c.low, c.high) if p is not None]
    group.as_of_from = min(c.as_of for c in claims)
    group.as_of_to = max(c.as_of for c in claims)
    group.conflicting = assessment.conflicting
    group.reason = assessment.reason
    group.low, group.best, group.high = assessment.low, assessment.best, assessment.high
    group.synthesis_rule = assessment.synthesis_rule
    group.suggested_grade = assessment.grade
    smallest = min(points) if points else None
    group.spread = (max(points) / smallest) if smallest else None
    group.version += 1
    group.save()
    webhook_fire_group_changes(group=group, before=before)
    return group
