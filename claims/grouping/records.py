"""Plain records the grouping engine reads and writes: claims in, groups out."""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal

Figure = int | Decimal


@dataclass(frozen=True)
class GroupableClaim:
    """One extracted claim, with what grouping needs and nothing Django."""

    key: Hashable
    document: str
    start: int
    end: int
    quote: str
    sentence: str
    sentence_offset: int  # where `quote` starts inside `sentence`
    value: Figure | None
    low: Figure | None
    high: Figure | None
    qualifier: str
    unit: str
    category: str
    equipment_type: str | None
    party: str
    source_slug: str | None
    source_root: str | None
    source_side: str | None
    as_of: datetime.date
    # Filled by `periods.resolve_document` from the claim's neighbours in its article;
    # None means "read it from the sentence alone".
    period: str | None = None
    subset: str | None = None
    stale: bool | None = None


@dataclass(frozen=True, order=True)
class MeasureKey:
    """What a figure counts; claims with equal keys may share a group."""

    category: str
    equipment_type: str | None
    party: str
    unit: str
    period: str
    subset: str | None = None


@dataclass(frozen=True)
class Interval:
    """The values a claim allows; `high` None is unbounded."""

    low: Decimal
    high: Decimal | None

    def overlaps(self, other: Interval) -> bool:
        below = self.high is not None and self.high < other.low
        above = other.high is not None and other.high < self.low
        return not (below or above)


@dataclass(frozen=True)
class Origin:
    """One independent figure: the first claim stating it and the claims echoing it."""

    claim: GroupableClaim
    echoes: tuple[GroupableClaim, ...]
    stake: str  # own / adversary / third_party


@dataclass(frozen=True)
class GroupAssessment:
    """The verdict on one group's claims, each decision with its reason in words."""

    conflicting: bool
    grade: str
    reason: str
    low: Figure | None
    best: Figure | None
    high: Figure | None
    synthesis_rule: str
    origins: tuple[Origin, ...]
    superseded: tuple[GroupableClaim, ...] = ()


@dataclass(frozen=True)
class Group:
    """Claims of one measure whose as-of dates chain within the measure's window."""

    measure: MeasureKey
    claims: tuple[GroupableClaim, ...] = field(default=())

    @property
    def as_of_from(self) -> datetime.date:
        return min(c.as_of for c in self.claims)

    @property
    def as_of_to(self) -> datetime.date:
        return max(c.as_of for c in self.claims)
