"""Comparison groups: claims of one measure, and whether their figures clash."""

# A claim's measure comes from its own fields and wording (`measure_of`); claims of
# one measure whose as-of dates chain within its window form a group (`assign`,
# `group_claims`); a group's figures are judged by `evaluate`. Plain Python, no Django.

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from claims.grouping.periods import CUMULATIVE, period_of, resolve_document, subset_of
from claims.grouping.records import (
    Group,
    GroupableClaim,
    GroupAssessment,
    Interval,
    MeasureKey,
    Origin,
)
from claims.grouping.rules import assess

GROUPING_VERSION = "1.0"

__all__ = [
    "GROUPING_VERSION",
    "GroupableClaim",
    "GroupAssessment",
    "Group",
    "Interval",
    "MeasureKey",
    "Origin",
    "assign",
    "chain",
    "chain_spans",
    "evaluate",
    "group_claims",
    "link_days",
    "measure_of",
    "resolve",
    "resolve_document",
]

# How far apart two as-of dates may be and still chain into one group, by period kind:
# running totals are updated for weeks, and so is a fixed opening window ("the first
# 72 hours") reported after the fact; an event's figures settle within days; a rolling
# day's or week's window is its own date.
LINK_DAYS: dict[str, int] = {"cumulative": 31, "opening": 31, "event": 10, "window": 1}


def measure_of(claim: GroupableClaim) -> MeasureKey:
    """The measure a claim counts: category, equipment, party, unit, period, subset.

    Uses the period and subset `resolve_document` filled in, else reads the sentence.

    >>> measure_of(claim).period  # doctest: +SKIP
    'cumulative'
    """
    period = claim.period
    if period is None:
        stated = period_of(claim)
        period = stated[0] if stated else CUMULATIVE
    subset = claim.subset if claim.period is not None else subset_of(claim)
    equipment = claim.equipment_type if claim.category == "equipment" else None
    return MeasureKey(
        claim.category, equipment, claim.party, claim.unit, period, subset
    )


def evaluate(claims: Sequence[GroupableClaim]) -> GroupAssessment:
    """Conflict flag, grade, low/best/high and reasons for one group's claims."""
    return assess(claims)


def link_days(period: str) -> int:
    """How far apart two as-of dates of a measure with this period may chain."""
    return LINK_DAYS[period.split(":")[0]]


def _links(group: Group, claim: GroupableClaim) -> bool:
    limit = link_days(group.measure.period)
    return any(abs((c.as_of - claim.as_of).days) <= limit for c in group.claims)


def chain(
    dated: Iterable[tuple[datetime.date, object]], limit: int
) -> list[list[object]]:
    """Items of one measure split where consecutive as-of dates are more than
    `limit` days apart: the groups `assign` builds one claim at a time, in one sort.

    On a line, "chains through dates at most `limit` apart" is exactly "no gap wider
    than `limit` between neighbours", so a measure with thousands of claims is
    grouped in O(n log n) instead of comparing each claim with each group's claims.
    """
    return chain_spans(((as_of, as_of, item) for as_of, item in dated), limit)


def chain_spans(
    spans: Iterable[tuple[datetime.date, datetime.date, object]], limit: int
) -> list[list[object]]:
    """`chain` over items that each cover a span of dates (a claim covers one day).

    An existing group can stand in as one span, its first to its last date: being
    a chain, it holds a date within `limit` of any day from `limit` before its first
    to `limit` after its last, so a claim chains with it exactly when their spans
    come within `limit`. Regrouping then needs a group's two dates, not its claims.
    """
    runs: list[list[object]] = []
    reach: datetime.date | None = None
    for first, last, item in sorted(spans, key=lambda span: (span[0], span[1])):
        if reach is None or (first - reach).days > limit:
            runs.append([])
            reach = last
        runs[-1].append(item)
        reach = max(reach, last)
    return runs


def _claim_order(claim: GroupableClaim) -> tuple[object, ...]:
    return (claim.as_of, claim.document, claim.start, claim.end, str(claim.key))


def assign(existing: Sequence[Group], claim: GroupableClaim) -> list[Group]:
    """The groups after adding one claim: it joins (and may merge) its measure's groups.

    Only groups of the claim's measure whose dates chain with its as-of date change;
    the result does not depend on the order claims arrive in.
    """
    key = measure_of(claim)
    touched = [g for g in existing if g.measure == key and _links(g, claim)]
    members = [claim, *(c for g in touched for c in g.claims)]
    merged = Group(measure=key, claims=tuple(sorted(members, key=_claim_order)))
    kept = [g for g in existing if not any(g is t for t in touched)]
    return sorted([*kept, merged], key=_group_order)


def _group_order(group: Group) -> tuple[object, ...]:
    return (group.as_of_from, _claim_order(group.claims[0]))


def resolve(claims: Iterable[GroupableClaim]) -> list[GroupableClaim]:
    """Every article's claims with period, subset and stale read in their article."""
    by_document: dict[str, list[GroupableClaim]] = {}
    for c in claims:
        by_document.setdefault(c.document, []).append(c)
    return [
        c for doc in sorted(by_document) for c in resolve_document(by_document[doc])
    ]


def group_claims(claims: Iterable[GroupableClaim]) -> list[Group]:
    """All groups built from scratch: the same as assigning the claims one by one."""
    by_measure: dict[MeasureKey, list[GroupableClaim]] = {}
    for claim in resolve(claims):
        by_measure.setdefault(measure_of(claim), []).append(claim)
    groups = [
        Group(measure=measure, claims=tuple(sorted(run, key=_claim_order)))
        for measure, members in by_measure.items()
        for run in chain(((c.as_of, c) for c in members), link_days(measure.period))
    ]
    return sorted(groups, key=_group_order)
