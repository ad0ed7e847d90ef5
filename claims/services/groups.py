"""Comparison groups kept in step with claims: regroup only the measures touched."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet, Value
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from claims.grouping import (
    LINK_DAYS,
    GroupableClaim,
    MeasureKey,
    chain_spans,
    evaluate,
    link_days,
    measure_of,
    resolve,
)
from claims.models import Claim, ComparisonGroup
from claims.webhooks import group_state, webhook_fire_group_changes
from sources.models import Source


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
    columns = {name: getattr(claim, name) for name in _GROUPABLE_COLUMNS}
    identity = _source_identity(claim.source) if claim.source else None
    return _record(columns, identity, resolved)


def _source_identity(source: Source) -> tuple[str, str, str | None]:
    """(slug, root's slug, side): a source as the grouping engine reads it."""
    root = source.root
    return source.slug, root.slug, (source.side or root.side) or None


def _record(
    c: dict, identity: tuple[str, str, str | None] | None, resolved: bool
) -> GroupableClaim:
    """The engine's record of a claim's columns (`_GROUPABLE_COLUMNS`)."""
    slug, root, side = identity or (None, None, None)
    return GroupableClaim(
        key=c["pk"],
        document=str(c["article_id"]),
        start=c["start"],
        end=c["end"],
        quote=c["quote"],
        sentence=c["sentence"],
        sentence_offset=c["start"] - c["sentence_start"],
        value=_figure(c["value"], c["unit"]),
        low=_figure(c["low"], c["unit"]),
        high=_figure(c["high"], c["unit"]),
        qualifier=c["qualifier"],
        unit=c["unit"],
        category=c["category"],
        equipment_type=c["equipment_type"] or None,
        party=c["party"],
        source_slug=slug,
        source_root=root,
        source_side=side,
        as_of=c["as_of"],
        period=(c["period"] or None) if resolved else None,
        subset=(c["subset"] or None) if resolved else None,
        stale=c["stale"] if resolved else None,
    )


def _figure(number: Decimal | None, unit: str) -> int | Decimal | None:
    if number is None:
        return None
    return int(number) if unit == "count" and number == number.to_integral() else number


# The columns `groupables` reads: a group of thousands of claims is loaded as tuples,
# not as claim, source and ancestor model instances.
_GROUPABLE_COLUMNS = (
    "pk",
    "article_id",
    "start",
    "end",
    "quote",
    "sentence",
    "sentence_start",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "category",
    "equipment_type",
    "party",
    "source_id",
    "as_of",
    "period",
    "subset",
    "stale",
)


def groupables(
    claims: QuerySet[Claim],
    *,
    resolved: bool = True,
    identities: dict[int, tuple[str, str, str | None]] | None = None,
) -> list[GroupableClaim]:
    """`groupable` for every claim of a queryset, read in one query of plain rows.

    `identities` (from `source_identities`) saves reading the sources again when
    many groups are loaded in one regrouping.
    """
    return [record for _, record in _groupable_rows(claims, resolved, identities)]


def _groupable_rows(
    claims: QuerySet[Claim],
    resolved: bool,
    identities: dict[int, tuple[str, str, str | None]] | None,
) -> list[tuple[int | None, GroupableClaim]]:
    """(group id, record) for every claim of a queryset."""
    if identities is None:
        identities = source_identities()
    records = []
    for *columns, group_id in claims.values_list(*_GROUPABLE_COLUMNS, "group_id"):
        c = dict(zip(_GROUPABLE_COLUMNS, columns, strict=True))
        records.append((group_id, _record(c, identities.get(c["source_id"]), resolved)))
    return records


def source_identities() -> dict[int, tuple[str, str, str | None]]:
    """Source id -> (slug, root's slug, side), as `groupable` reads them."""
    return {
        source.pk: _source_identity(source)
        for source in Source.objects.select_related("parent__parent")
    }


def groups_refresh_for_article(
    *, article_id: int, previous_groups: Iterable[int] = ()
) -> None:
    """`groups_refresh_for_articles` for one article."""
    groups_refresh_for_articles(
        article_ids=[article_id], previous_groups=previous_groups
    )


def groups_refresh_for_articles(
    *, article_ids: Iterable[int], previous_groups: Iterable[int] = ()
) -> None:
    """Read the articles' claims' periods in context, then regroup what they touch.

    Incremental: only the groups a new claim can join (same measure, dates within
    reach) and the groups that lost claims (`previous_groups`, e.g. the articles'
    claims before a re-parse) are recomputed, never a whole measure's history; a
    batch of articles regroups each measure it touches once.
    """
    identities = source_identities()
    measures, left = _resolve_article_claims(list(article_ids), identities)
    dirty: dict[str, set[int]] = {}
    for pk, key in ComparisonGroup.objects.filter(
        pk__in=set(previous_groups) | left
    ).values_list("pk", "measure_key"):
        dirty.setdefault(key, set()).add(pk)
    for key in sorted(measures | dirty.keys()):
        _regroup(key, dirty.get(key, set()), identities)


def group_rechain(group: ComparisonGroup) -> None:
    """Regroup a group that lost claims (a reviewer moved one out): what is left
    may no longer chain, and then splits, as a full rebuild would split it."""
    _regroup(group.measure_key, {group.pk}, source_identities())


def groups_rebuild() -> int:
    """Regroup every measure from scratch; gives the groups incremental updates give."""
    article_ids = list(Claim.objects.values_list("article_id", flat=True).distinct())
    identities = source_identities()
    keys: set[str] = set()
    for first in range(0, len(article_ids), 500):
        keys |= _resolve_article_claims(article_ids[first : first + 500], identities)[0]
    keys |= set(ComparisonGroup.objects.values_list("measure_key", flat=True))
    for key in sorted(keys):
        _regroup(key, set(), identities, whole=True)
    groups_assess_pending(limit=None)
    return ComparisonGroup.objects.count()


def _resolve_article_claims(
    article_ids: list[int], identities: dict[int, tuple[str, str, str | None]]
) -> tuple[set[str], set[int]]:
    """Store each claim's period, subset and measure as read among its article's
    claims; returns the measures they fall in and the groups claims left because
    their measure changed (a correction)."""
    claims = Claim.objects.filter(article_id__in=article_ids)
    records = resolve(groupables(claims, resolved=False, identities=identities))
    current = {
        pk: (group_id, pinned, key)
        for pk, group_id, pinned, key in claims.values_list(
            "pk", "group_id", "group_pinned", "measure_key"
        )
    }
    left: set[int] = set()
    leaving: list[int] = []
    # One UPDATE per distinct reading (a batch has a few dozen), not one per claim.
    readings: dict[tuple[str, str, bool, str], list[int]] = {}
    for record in records:
        group_id, pinned, old_key = current[record.key]
        key = measure_key_string(measure_of(record))
        if group_id and not pinned and key != old_key:
            left.add(group_id)
            leaving.append(record.key)
        reading = (record.period or "", record.subset or "", bool(record.stale), key)
        readings.setdefault(reading, []).append(record.key)
    for (period, subset, stale, key), pks in readings.items():
        Claim.objects.filter(pk__in=pks).update(
            period=period, subset=subset, stale=stale, measure_key=key
        )
    Claim.objects.filter(pk__in=leaving).update(group=None)
    return {key for *_, key in readings}, left


def _lock_measure(key: str) -> None:
    """Serialise regrouping of one measure across workers (SQLite serialises writes)."""
    if connection.vendor == "postgresql":
        lock_id = int.from_bytes(
            hashlib.sha256(key.encode()).digest()[:8], "big", signed=True
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def _candidate_groups(
    key: str, loose: list[_Member], dirty: set[int], whole: bool
) -> list[int]:
    """The groups a regrouping may change: those a loose claim could chain with
    (dates within the longest link of any period kind) and those that lost claims."""
    groups = ComparisonGroup.objects.filter(measure_key=key)
    if not whole:
        near = Q(pk__in=dirty)
        if loose:
            reach = datetime.timedelta(days=max(LINK_DAYS.values()))
            dates = [m.first for m in loose]
            near |= Q(
                as_of_from__lte=max(dates) + reach, as_of_to__gte=min(dates) - reach
            )
        groups = groups.filter(near)
    return list(groups.values_list("pk", flat=True))


@dataclass(frozen=True)
class _Member:
    """What a regrouping chains: one claim (`claims` 1) or, standing for all the
    unpinned claims of an untouched group, the group as one span."""

    first: datetime.date
    last: datetime.date
    group: int | None  # the group it is in now
    claim: int | None = None  # None for a whole group
    claims: int = 1


@transaction.atomic
def _regroup(
    key: str,
    dirty: set[int],
    identities: dict[int, tuple[str, str, str | None]],
    *,
    whole: bool = False,
) -> None:
    """Chain the measure's loose claims with the groups within reach and re-assess
    the groups whose members changed.

    Groups that lost claims (`dirty`) are re-chained claim by claim, as they may
    split; every other group within reach takes part as one span (its first and
    last unpinned dates, `chain_spans`), so a measure reported daily for years (one
    group of thousands of claims) costs an aggregate query, not reading its claims.
    Only claims that change group are written. Groups larger than
    ASSESS_INLINE_MAX_CLAIMS are assessed a moment later, once for all the batches
    that changed them meanwhile (`groups_assess_pending`).
    """
    _lock_measure(key)
    unpinned = Claim.objects.filter(measure_key=key, group_pinned=False)
    loose = _claim_members(unpinned.filter(group__isnull=True))
    if not (loose or dirty or whole):
        return
    candidates = _candidate_groups(key, loose, dirty, whole)
    split = candidates if whole else [g for g in candidates if g in dirty]
    members = [
        *loose,
        *_claim_members(unpinned.filter(group__in=split)),
        *_group_members(set(candidates) - set(split)),
    ]
    if not members:
        _assess_or_delete(dirty, identities)
        return
    measure = _measure_of_key(key)
    runs = chain_spans(
        ((m.first, m.last, m) for m in members), link_days(measure.period)
    )
    changed: set[int] = set(dirty)
    large: dict[int, tuple[datetime.date, datetime.date]] = {}  # group -> its dates
    for target, run in zip(_match_existing(runs), runs, strict=True):
        dates = (min(m.first for m in run), max(m.last for m in run))
        if target is None:  # no old group holds these claims: a new one of this measure
            group = ComparisonGroup(measure_key=key)
            _set_measure(group, measure)
            # The run's dates until group_assess sets the window of all its claims.
            group.as_of_from, group.as_of_to = dates
            group.save()
            target = group.pk
        moving = [m for m in run if m.group != target]
        if not moving:
            continue
        claims = [m.claim for m in moving if m.claim is not None]
        groups = [m.group for m in moving if m.claim is None]
        Claim.objects.filter(pk__in=claims).update(group=target)
        unpinned.filter(group__in=groups).update(group=target)
        changed |= {target} | {m.group for m in moving} - {None}
        if sum(m.claims for m in run) > settings.ASSESS_INLINE_MAX_CLAIMS:
            large[target] = dates
    _defer_assessment(large)
    _assess_or_delete(changed - large.keys(), identities)


def _claim_members(claims: QuerySet[Claim]) -> list[_Member]:
    return [
        _Member(as_of, as_of, group_id, claim=pk)
        for pk, as_of, group_id in claims.values_list("pk", "as_of", "group_id")
    ]


def _group_members(group_ids: set[int]) -> list[_Member]:
    """Each group as one member spanning its unpinned claims' dates (unpinned
    claims are all of the group's measure)."""
    spans = (
        Claim.objects.filter(group__in=group_ids, group_pinned=False)
        .order_by()
        .values("group_id")
        .annotate(first=Min("as_of"), last=Max("as_of"), n=Count("pk"))
    )
    return [_Member(s["first"], s["last"], s["group_id"], claims=s["n"]) for s in spans]


def _defer_assessment(groups: dict[int, tuple[datetime.date, datetime.date]]) -> None:
    """Mark large groups for `groups_assess_pending`, widening their stored dates
    at once: the next regrouping picks its candidate groups by those dates."""
    for pk, (first, last) in groups.items():
        ComparisonGroup.objects.filter(pk=pk).update(
            needs_assessment=True,
            as_of_from=Least("as_of_from", Value(first)),
            as_of_to=Greatest("as_of_to", Value(last)),
        )
    if groups:
        transaction.on_commit(_schedule_pending_assessment, robust=True)


# Set while a run of groups_assess_pending is scheduled and not yet started.
ASSESS_SCHEDULED_KEY = "groups-assess-pending-scheduled"


def _schedule_pending_assessment() -> None:
    from claims.tasks import groups_assess_pending_task  # tasks import the services

    # One run for all the batches of the next few seconds: the key lives until the
    # run starts (it deletes it), so batches meanwhile schedule nothing more.
    if cache.add(
        ASSESS_SCHEDULED_KEY, True, timeout=settings.ASSESS_DELAY_SECONDS + 60
    ):
        groups_assess_pending_task.apply_async(countdown=settings.ASSESS_DELAY_SECONDS)


def groups_assess_pending(*, limit: int | None = 1000) -> int:
    """Assess the groups left for later (`needs_assessment`); how many it assessed.

    Each under its measure's lock, so a regrouping cannot change the group between
    reading its claims and clearing the mark. Run a moment after large groups
    change, and by beat as a sweep should a scheduled run be lost.
    """
    cache.delete(ASSESS_SCHEDULED_KEY)
    identities = source_identities()
    pending = ComparisonGroup.objects.filter(needs_assessment=True)
    done = 0
    for pk, key in pending.values_list("pk", "measure_key")[:limit]:
        with transaction.atomic():
            _lock_measure(key)
            group = pending.filter(pk=pk).first()  # gone or done meanwhile: skip
            if group is not None:
                group_assess(group, identities=identities)
                done += 1
    return done


def _assess_or_delete(
    group_ids: set[int], identities: dict[int, tuple[str, str, str | None]]
) -> None:
    """Assess the groups (one read of all their claims, one write of all the
    groups), deleting those left with no claims."""
    by_group: dict[int, list[GroupableClaim]] = {pk: [] for pk in group_ids}
    for group_id, record in _groupable_rows(
        Claim.objects.filter(group__in=group_ids), True, identities
    ):
        by_group[group_id].append(record)
    groups = list(ComparisonGroup.objects.filter(pk__in=group_ids))
    assessed = [g for g in groups if by_group[g.pk]]
    for group in groups:
        if not by_group[group.pk]:
            group.delete()
    changes = [(g, group_state(g)) for g in assessed]
    for group in assessed:
        _assessment_apply(group, by_group[group.pk])
    ComparisonGroup.objects.bulk_update(assessed, ASSESSED_FIELDS)
    for group, before in changes:
        webhook_fire_group_changes(group=group, before=before)


def _measure_of_key(key: str) -> MeasureKey:
    """The measure of a measure key's claims, read from one of them."""
    claim = Claim.objects.filter(measure_key=key).first()
    return measure_of(groupable(claim))


def _match_existing(runs: list[list[_Member]]) -> list[int | None]:
    """Keep group ids (and their verdicts) stable: each run takes the old group that
    held most of its claims, largest overlap first (ties: the older group)."""
    overlaps: dict[tuple[int, int], int] = {}
    for i, run in enumerate(runs):
        for m in run:
            if m.group is not None:
                overlaps[m.group, i] = overlaps.get((m.group, i), 0) + m.claims
    pairs = sorted(
        ((n, -group_id, i) for (group_id, i), n in overlaps.items()), reverse=True
    )
    targets: list[int | None] = [None] * len(runs)
    used: set[int] = set()
    for _, negative_id, i in pairs:
        if targets[i] is None and -negative_id not in used:
            targets[i] = -negative_id
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


# What an assessment writes on a group.
ASSESSED_FIELDS = [
    "as_of_from",
    "as_of_to",
    "conflicting",
    "reason",
    "low",
    "best",
    "high",
    "synthesis_rule",
    "suggested_grade",
    "spread",
    "version",
    "needs_assessment",
    "updated_at",
]


def group_assess(
    group: ComparisonGroup,
    *,
    identities: dict[int, tuple[str, str, str | None]] | None = None,
) -> ComparisonGroup:
    """Recompute a group's dates, conflict flag, reason, low/best/high and grade."""
    claims = groupables(Claim.objects.filter(group=group), identities=identities)
    if not claims:
        return group
    before = group_state(group)
    _assessment_apply(group, claims)
    group.save()
    webhook_fire_group_changes(group=group, before=before)
    return group


def _assessment_apply(group: ComparisonGroup, claims: list[GroupableClaim]) -> None:
    """Set the assessment of these claims (the group's) on the group, unsaved."""
    assessment = evaluate(claims)
    points = [
        Decimal(p) for c in claims for p in (c.value, c.low, c.high) if p is not None
    ]
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
    group.needs_assessment = False
    group.updated_at = timezone.now()
