"""Reads for the review dashboard that span claims, groups, reviews and sources."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from claims.grouping import evaluate
from claims.models import Claim, ComparisonGroup, Party, Review, Verdict
from claims.services.groups import groupable
from claims.timeline import timeline_svg
from sources.models import Source

# The dashboard's status filter: the engine's flag and the reviewer's verdict combined.
STATUSES = {
    "open": ("Open conflicts", Q(conflicting=True, verdict="")),
    "unreviewed": ("Not flagged, unreviewed", Q(conflicting=False, verdict="")),
    "reviewed": ("Reviewed", ~Q(verdict="")),
}


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard's filter form asks for; empty values filter nothing."""

    category: str = ""
    party: str = ""
    source_id: int | None = None
    as_of_from: datetime.date | None = None
    as_of_to: datetime.date | None = None
    status: str = ""
    q: str = ""


def source_descendant_ids(source_id: int) -> list[int]:
    """The source and every source under it (one query; the tree is 2-3 levels deep)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Source.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = [], [source_id]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.append(pk)
            todo.extend(children.get(pk, []))
    return found


# What the API's claim list shows: the claim's own columns, and of its source and group
# only the fields written (ClaimListSerializer).
CLAIM_LIST_COLUMNS = (
    "id",
    "article_id",
    "quote",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "category",
    "equipment_type",
    "party",
    "source_id",
    "source__slug",
    "source__name",
    "attribution",
    "as_of",
    "period",
    "subset",
    "stale",
    "group_id",
    "conflicting",
    "extractor_version",
)


def claim_list() -> QuerySet[Claim]:
    """Claims for the API's list as `values()` rows of CLAIM_LIST_COLUMNS.

    Rows, not instances: building a claim, its article, source and group for every
    row was most of a page's time, for a handful of fields shown.

    >>> claim_list().filter(party="civilians").first()["conflicting"]
    """
    # The group's flag as a subquery, not a join: PostgreSQL then reads it for the
    # page's rows only, after the LIMIT. A join is read for every match first when
    # a search's words are more common together than apart ("General Staff": 178
    # estimated, 13,333 found, 13,333 group lookups before the sort).
    conflicting = ComparisonGroup.objects.filter(pk=OuterRef("group_id")).order_by()
    return Claim.objects.annotate(
        conflicting=Subquery(conflicting.values("conflicting"))
    ).values(*CLAIM_LIST_COLUMNS)


def dashboard_groups(filters: DashboardFilters) -> QuerySet[ComparisonGroup]:
    """Groups for the dashboard, open conflicts first (`group_source_names` gives
    each page's sources).

    >>> dashboard_groups(DashboardFilters(party="russian_forces", status="open"))
    """
    groups = ComparisonGroup.objects.for_dashboard()
    if filters.category:
        groups = groups.filter(category=filters.category)
    if filters.party:
        groups = groups.filter(party=filters.party)
    if filters.as_of_from:
        groups = groups.filter(as_of_to__gte=filters.as_of_from)
    if filters.as_of_to:
        groups = groups.filter(as_of_from__lte=filters.as_of_to)
    if filters.status in STATUSES:
        groups = groups.filter(STATUSES[filters.status][1])
    elif filters.status in Verdict.values:
        groups = groups.filter(verdict=filters.status)
    matching = Claim.objects.all()
    if filters.source_id:
        matching = matching.filter(
            source_id__in=source_descendant_ids(filters.source_id)
        )
    if filters.q:
        matching = matching.search(filters.q)
    if filters.source_id or filters.q:
        groups = groups.filter(pk__in=matching.values("group_id"))
    return groups


def group_source_names(group_ids: Iterable[int]) -> dict[int, list[str | None]]:
    """Each group's distinct source names by name, None last for claims with no
    source, in one query: a running total's group has thousands of claims and a
    few sources, so a page lists its sources without loading its claims."""
    names: dict[int, set[str | None]] = {pk: set() for pk in group_ids}
    rows = (
        Claim.objects.filter(group__in=names)
        .order_by()
        .values_list("group_id", "source__name")
        .distinct()
    )
    for group_id, name in rows:
        names[group_id].add(name)
    return {
        pk: sorted(found, key=lambda n: (n is None, n or ""))
        for pk, found in names.items()
    }


def dashboard_claims(filters: DashboardFilters) -> QuerySet[Claim]:
    """The claims behind the dashboard's filters (for the CSV export), in text order.

    Category, party, dates, source and search apply to each claim; the status
    applies to its group.
    """
    claims = (
        Claim.objects.select_related(
            "article__outlet", "source__parent__parent", "group"
        )
        .defer("article__text", "article__original", "search_vector")
        .order_by("article_id", "start")
    )
    if filters.category:
        claims = claims.filter(category=filters.category)
    if filters.party:
        claims = claims.filter(party=filters.party)
    if filters.as_of_from:
        claims = claims.filter(as_of__gte=filters.as_of_from)
    if filters.as_of_to:
        claims = claims.filter(as_of__lte=filters.as_of_to)
    if filters.status in STATUSES:
        groups = ComparisonGroup.objects.filter(STATUSES[filters.status][1])
        claims = claims.filter(group__in=groups)
    elif filters.status in Verdict.values:
        claims = claims.filter(group__verdict=filters.status)
    if filters.source_id:
        claims = claims.filter(source_id__in=source_descendant_ids(filters.source_id))
    if filters.q:
        claims = claims.search(filters.q)
    return claims


def dashboard_status_counts() -> list[tuple[str, str, int]]:
    """(status, label, number of groups) for the status filters, in one query."""
    aggregates = {
        key: Count("pk", filter=condition) for key, (_, condition) in STATUSES.items()
    }
    aggregates |= {
        value: Count("pk", filter=Q(verdict=value)) for value in Verdict.values
    }
    counts = ComparisonGroup.objects.aggregate(**aggregates)
    labels = {key: label for key, (label, _) in STATUSES.items()} | dict(
        Verdict.choices
    )
    return [(key, labels[key], counts[key]) for key in labels]


# ---- compare page ---------------------------------------------------------------

OWN, ADVERSARY, THIRD = "own", "adversary", "third"
COLUMNS = (
    (OWN, "Own losses"),
    (ADVERSARY, "Adversary's losses"),
    (THIRD, "Third party"),
)
_SIDE_OF_PARTY = {Party.UKRAINIAN_FORCES: "ukraine", Party.RUSSIAN_FORCES: "russia"}


@dataclass(frozen=True)
class SentencePart:
    text: str
    figure: bool = False


@dataclass
class ClaimCard:
    """One claim as the compare page shows it: figure, source chain, quoted sentence."""

    claim: Claim
    perspective: str
    source_chain: list[Source]
    sentence: list[SentencePart]
    # Other articles restating this same figure from the same source: counted once.
    echoes: list[Claim] = field(default_factory=list)
    superseded: bool = False


@dataclass
class GroupCompare:
    group: ComparisonGroup
    columns: list[tuple[str, str, list[ClaimCard]]]
    cards: list[ClaimCard]  # one per independent figure
    claims: list[Claim]  # every claim, echoes included (for splitting)
    reviews: list[Review]
    timeline: str


def source_side(source: Source | None) -> str:
    if source is None:
        return ""
    return source.side or source.root.side


def perspective(source: Source | None, party: str) -> str:
    """own / adversary / third: a sided source on its own forces, on others, or no side.

    A sided source's figures on civilians count as adversary's: the source still
    speaks for one side of the war.
    """
    side = source_side(source)
    if not side:
        return THIRD
    return OWN if _SIDE_OF_PARTY.get(party) == side else ADVERSARY


def sentence_parts(claim: Claim) -> list[SentencePart]:
    """The claim's sentence cut around its quote (the template escapes every part)."""
    start = claim.start - claim.sentence_start
    end = start + (claim.end - claim.start)
    text = claim.sentence
    if not 0 <= start < end <= len(text):
        return [SentencePart(text)]
    parts = [
        SentencePart(text[:start]),
        SentencePart(text[start:end], figure=True),
        SentencePart(text[end:]),
    ]
    return [p for p in parts if p.text]


def _card(claim: Claim) -> ClaimCard:
    chain = [claim.source, *claim.source.ancestors] if claim.source else []
    return ClaimCard(
        claim=claim,
        perspective=perspective(claim.source, claim.party),
        source_chain=chain,
        sentence=sentence_parts(claim),
    )


def _origin_cards(claims: list[Claim]) -> list[ClaimCard]:
    if not claims:
        return []
    assessment = evaluate([groupable(c) for c in claims])
    by_pk = {c.pk: c for c in claims}
    superseded = {c.key for c in assessment.superseded}
    cards = []
    for origin in assessment.origins:
        card = _card(by_pk[origin.claim.key])
        card.echoes = [by_pk[e.key] for e in origin.echoes if e.key != origin.claim.key]
        card.superseded = origin.claim.key in superseded
        cards.append(card)
    return sorted(cards, key=lambda card: (card.claim.as_of, card.claim.pk))


def group_claims(group_id: int) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(group_id=group_id)
        .select_related("source__parent__parent", "article__outlet")
        .defer("article__text", "article__original")
        .order_by("as_of", "pk")
    )


def group_compare(group: ComparisonGroup) -> GroupCompare:
    """Everything the compare page shows for one group, prepared for the template.

    Echoes count once: each independent figure is one card listing the claims
    that repeat it, so agreement on the page means independent sources.
    """
    claims = list(group_claims(group.pk))
    cards = _origin_cards(claims)
    columns = [
        (key, label, [c for c in cards if c.perspective == key])
        for key, label in COLUMNS
    ]
    reviews = list(
        group.reviews.select_related("reviewer", "assigned_to", "previous_assigned_to")
    )
    return GroupCompare(
        group=group,
        columns=columns,
        cards=cards,
        claims=claims,
        reviews=reviews,
        timeline=timeline_svg([c.claim for c in cards]),
    )


def group_review_date(group_id: int) -> datetime.date | None:
    """The day the group's latest verdict was recorded (ClaimReview's datePublished)."""
    last = (
        Review.objects.filter(group_id=group_id)
        .exclude(verdict="")
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return last.date() if last else None


def group_for_compare(pk: int) -> QuerySet[ComparisonGroup]:
    return ComparisonGroup.objects.select_related("assigned_to").filter(pk=pk)


def assignable_users() -> QuerySet[Any]:
    """Colleagues a group can be assigned to: reviewers and editors."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=["reviewer", "editor"]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


# ---- source page ----------------------------------------------------------------


@dataclass
class SourceRecord:
    source: Source
    descendants: list[Source]
    claims: QuerySet[Claim]
    claim_count: int
    confirmed_conflicts: int


def source_record(source: Source) -> SourceRecord:
    """A source's claims (its own and its descendants'), and how many ended in
    confirmed conflicts."""
    ids = source_descendant_ids(source.pk)
    claims = (
        Claim.objects.filter(source_id__in=ids)
        .select_related("source", "article__outlet", "group")
        .defer("article__text", "article__original")
        .order_by("-as_of", "-pk")
    )
    counts = Claim.objects.filter(source_id__in=ids).aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=Q(group__verdict=Verdict.CONFIRMED_CONFLICT)),
    )
    descendants = list(Source.objects.filter(pk__in=ids).exclude(pk=source.pk))
    return SourceRecord(
        source=source,
        descendants=descendants,
        claims=claims,
        claim_count=counts["total"],
        confirmed_conflicts=counts["confirmed"],
    )
