"""Decides agree / supersede / conflict between figures of one measure, with reasons."""

from __future__ import annotations

import bisect
import datetime
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from claims.grouping.intervals import describe, interval_of, point
from claims.grouping.records import Figure, GroupableClaim, GroupAssessment, Origin

# Figures further apart than this are not compared for conflict ("about a week").
CONFLICT_WINDOW_DAYS = 7

SIDE_OF_ROOT: dict[str, str] = {
    "ukrainian_military": "ukraine",
    "ukrainian_government": "ukraine",
    "russian_military": "russia",
    "russian_government": "russia",
}
SIDE_OF_PARTY: dict[str, str] = {
    "ukrainian_forces": "ukraine",
    "russian_forces": "russia",
}
# Buckets, not bodies: two figures under "other" may come from anyone, so they are
# neither the same source nor provably different ones.
GENERIC_ROOTS = frozenset({"other", "media", "ngo", "unattributed"})


def normal_key(slug: str | None) -> str | None:
    """Source keys compare with hyphens and underscores alike."""
    return slug.strip().lower().replace("-", "_") if slug else None


def side_of_root(root: str | None) -> str | None:
    """The party a canonical source speaks for: 'ukraine', 'russia' or None."""
    return SIDE_OF_ROOT.get(normal_key(root) or "")


def identity(claim: GroupableClaim) -> str | None:
    """Who gives the figure: the curated source, else its root; None if unattributed."""
    key = normal_key(claim.source_slug) or normal_key(claim.source_root)
    return None if key in (None, "unattributed") else key


def family(claim: GroupableClaim) -> str | None:
    """Sources that cannot be independent of each other: one side, or one named body."""
    side = claim.source_side or side_of_root(claim.source_root)
    if side:
        return f"side:{side}"
    key = identity(claim)
    return None if key is None or key in GENERIC_ROOTS else key


# (source side matches party side?, source has a side?) -> stake
STAKES: dict[tuple[bool, bool], str] = {
    (True, True): "own",
    (False, True): "adversary",
    (False, False): "third_party",
}


def stake(claim: GroupableClaim) -> str:
    """Own losses, the adversary's losses, or a third party's figure.

    A side speaking of civilians or of another conflict is not speaking of a fighting
    party's losses, so it counts as a third party there.
    """
    source_side = claim.source_side or side_of_root(claim.source_root)
    party_side = SIDE_OF_PARTY.get(claim.party)
    if source_side and party_side:
        return STAKES[(source_side == party_side, True)]
    return STAKES[(False, False)]


def label(claim: GroupableClaim) -> str:
    """A claim as a reviewer reads it: "uk government 'about 15,000' (2022-04-25)"."""
    who = (identity(claim) or "unattributed").replace("_", " ")
    return f"{who} '{claim.quote}' ({claim.as_of.isoformat()})"


@dataclass(frozen=True)
class Pair:
    """Two figures of one measure, ordered earlier first (then smaller first)."""

    earlier: GroupableClaim
    later: GroupableClaim

    @cached_property
    def days(self) -> int:
        return (self.later.as_of - self.earlier.as_of).days

    @cached_property
    def overlap(self) -> bool:
        a = interval_of(self.earlier, self.later)
        return a.overlaps(interval_of(self.later, self.earlier))

    @cached_property
    def same_family(self) -> bool:
        mine = family(self.earlier)
        return mine is not None and mine == family(self.later)

    @cached_property
    def different_sources(self) -> bool:
        mine, theirs = family(self.earlier), family(self.later)
        return mine is not None and theirs is not None and mine != theirs

    @cached_property
    def grew(self) -> bool:
        return self.days > 0 and point(self.later) > point(self.earlier)

    def intervals(self) -> str:
        a, b = (
            interval_of(self.earlier, self.later),
            interval_of(self.later, self.earlier),
        )
        return f"{describe(a)} and {describe(b)}"


@dataclass(frozen=True)
class Rule:
    name: str
    applies: Callable[[Pair], bool]
    reason: Callable[[Pair], str]


# First rule that applies decides a pair. `superseded` and `revised` retire the earlier
# (or smaller) figure; only `conflict` makes a group conflicting.
PAIR_RULES: tuple[Rule, ...] = (
    Rule(
        "superseded",
        lambda p: p.days > CONFLICT_WINDOW_DAYS and p.grew and not p.different_sources,
        lambda p: (
            f"{label(p.earlier)} is an older count superseded by {label(p.later)}"
        ),
    ),
    Rule(
        "apart",
        lambda p: p.days > CONFLICT_WINDOW_DAYS,
        lambda p: (
            f"{label(p.earlier)} and {label(p.later)} are {p.days} days apart, "
            "not compared"
        ),
    ),
    Rule(
        "agree",
        lambda p: p.overlap,
        lambda p: f"{label(p.earlier)} and {label(p.later)} agree ({p.intervals()})",
    ),
    Rule(
        "revised",
        lambda p: p.same_family,
        lambda p: f"{label(p.later)} revises the same side's {label(p.earlier)}",
    ),
    Rule(
        "superseded",
        lambda p: p.grew and not p.different_sources,
        lambda p: (
            f"{label(p.earlier)} is an earlier count superseded by {label(p.later)}"
        ),
    ),
    Rule(
        "conflict",
        lambda p: True,
        lambda p: (
            f"{label(p.earlier)} vs {label(p.later)}, {_apart(p.days)}, "
            f"no overlap ({p.intervals()})"
        ),
    ),
)


def _apart(days: int) -> str:
    return "same day" if days == 0 else f"{days} day{'s' if days > 1 else ''} apart"


def order(a: GroupableClaim, b: GroupableClaim) -> Pair:
    """The pair with the earlier (on one day: the smaller) figure first."""
    ka, kb = (a.as_of, point(a), str(a.key)), (b.as_of, point(b), str(b.key))
    return Pair(a, b) if ka <= kb else Pair(b, a)


def decide(a: GroupableClaim, b: GroupableClaim) -> tuple[str, str]:
    """The rule that decides two figures of one measure, and its reason as a sentence.

    >>> decide(us_7000_march_17, ukraine_14000_march_18)  # doctest: +SKIP
    ('conflict', "us government 'about 7,000' (...) vs ukrainian military '14,000' ...")
    """
    pair = order(a, b)
    rule = next(r for r in PAIR_RULES if r.applies(pair))
    return rule.name, rule.reason(pair)


def origins(claims: Sequence[GroupableClaim]) -> tuple[Origin, ...]:
    """Figures counted once: one origin per source, value and as-of date, echoes listed.

    An unattributed repeat of an attributed figure (same value, same day) is an echo of
    it: the article is restating someone's figure, not adding a source.
    """
    ordered = sorted(claims, key=lambda c: (c.as_of, c.document, c.start))
    attributed: dict[tuple[object, ...], list[GroupableClaim]] = {}
    for c in ordered:
        if identity(c) is not None:
            attributed.setdefault((identity(c), *_figure_key(c)), []).append(c)
    by_figure = {key[1:]: members for key, members in attributed.items()}
    unattributed: dict[tuple[object, ...], list[GroupableClaim]] = {}
    for c in ordered:
        if identity(c) is None:
            home = by_figure.get(_figure_key(c))
            (
                home
                if home is not None
                else unattributed.setdefault(_figure_key(c), [])
            ).append(c)
    groups = [*attributed.values(), *unattributed.values()]
    result = []
    for g in sorted(groups, key=lambda g: (g[0].as_of, g[0].document, g[0].start)):
        head = min(
            g,
            key=lambda c: (
                identity(c) is None,
                READING_ORDER.get(c.qualifier, len(READING_ORDER)),
            ),
        )
        echoes = tuple(c for c in g if c is not head)
        result.append(Origin(claim=head, echoes=echoes, stake=stake(head)))
    return tuple(result)


# Which of an origin's wordings stands for it: a headline's bare "15,000" is the body's
# "about 15,000" with the hedge dropped, so the hedged wording is the source's figure.
READING_ORDER: dict[str, int] = {
    "approximate": 0,
    "range": 1,
    "lower_bound": 2,
    "upper_bound": 3,
    "exact": 4,
}


def _figure_key(c: GroupableClaim) -> tuple[object, ...]:
    return (c.value, c.low, c.high, c.as_of)


@dataclass(frozen=True)
class Decisions:
    conflicts: tuple[str, ...]
    superseded: tuple[GroupableClaim, ...]
    notes: tuple[str, ...]


def judge(claims: Sequence[GroupableClaim]) -> Decisions:
    """Decisions over one group's current figures (stale counts set aside).

    A running total reported daily makes groups of thousands of figures, so not
    every pair is compared. Figures more than CONFLICT_WINDOW_DAYS apart can only
    retire the earlier one as an older count (the first rule), which a suffix
    maximum per source family answers for each figure at once; the rules run in
    full only on pairs within the window, and conflicts only among figures still
    current. The reason sentence is written only for the decisions kept: the one
    that retires each earlier figure, and the conflicts.
    """
    stale = [c for c in claims if c.stale]
    live = sorted(
        (o.claim for o in origins([c for c in claims if not c.stale])),
        key=_pair_order,
    )
    dates = [c.as_of for c in live]
    window = datetime.timedelta(days=CONFLICT_WINDOW_DAYS)
    window_end = [bisect.bisect_right(dates, d + window) for d in dates]
    later_counts = _LaterCounts(live)
    retired: dict[object, GroupableClaim] = {}
    notes = [f"{label(c)} is given as an earlier count" for c in stale]
    for i, earlier in enumerate(live):
        pair = next(
            (
                p
                for j in range(i + 1, window_end[i])
                if _retires(p := Pair(earlier, live[j]))
            ),
            None,
        )
        if pair is None:
            later = later_counts.larger_after(window_end[i], earlier)
            pair = Pair(earlier, later) if later is not None else None
        if pair is not None:
            retired[earlier.key] = earlier
            notes.append(_rule_of(pair).reason(pair))
    current = [(i, c) for i, c in enumerate(live) if c.key not in retired]
    conflicts = []
    for n, (i, earlier) in enumerate(current):
        for _, later in itertools.takewhile(
            lambda item, end=window_end[i]: item[0] < end, current[n + 1 :]
        ):
            pair = Pair(earlier, later)
            rule = _rule_of(pair)
            if rule.name == "conflict":
                conflicts.append(rule.reason(pair))
    return Decisions(tuple(conflicts), tuple([*stale, *retired.values()]), tuple(notes))


def _pair_order(claim: GroupableClaim) -> tuple[object, ...]:
    # The order `order` puts a pair in: sorted by it, live[i] is the earlier of
    # (live[i], live[j]) whenever i < j.
    return (claim.as_of, point(claim), str(claim.key))


def _rule_of(pair: Pair) -> Rule:
    return next(r for r in PAIR_RULES if r.applies(pair))


def _retires(pair: Pair) -> bool:
    return _rule_of(pair).name in ("superseded", "revised")


class _LaterCounts:
    """For each figure: a larger one from a source that may have updated it, dated
    more than the window later (the "older count superseded" rule), without
    comparing every pair. Figures are in `_pair_order`; a figure with no family
    (unattributed or a generic bucket) may be superseded by any figure, a family's
    figure by its own family's or an unattributed one's."""

    def __init__(self, live: Sequence[GroupableClaim]) -> None:
        self.live = live
        self.everyone = self._suffix_largest(range(len(live)))
        self.by_family: dict[str | None, tuple[list[int], list[int]]] = {}
        families: dict[str | None, list[int]] = {}
        for i, c in enumerate(live):
            families.setdefault(family(c), []).append(i)
        for name, indexes in families.items():
            self.by_family[name] = (indexes, self._suffix_largest(indexes))

    def _suffix_largest(self, indexes: Sequence[int]) -> list[int]:
        """For each position in `indexes`, the index of the largest figure from
        there on (the earliest of equals)."""
        largest: list[int] = [0] * len(indexes)
        best = -1
        for n in range(len(indexes) - 1, -1, -1):
            i = indexes[n]
            if best < 0 or point(self.live[i]) >= point(self.live[best]):
                best = i
            largest[n] = best
        return largest

    def larger_after(self, start: int, claim: GroupableClaim) -> GroupableClaim | None:
        """The largest figure from position `start` on that supersedes `claim`."""
        mine = family(claim)
        if mine is None:
            candidates = [
                self._largest_from(range(len(self.live)), self.everyone, start)
            ]
        else:
            candidates = [
                self._largest_from(*self.by_family[name], start)
                for name in (mine, None)
                if name in self.by_family
            ]
        found = [self.live[i] for i in candidates if i is not None]
        best = max(found, key=point, default=None)
        return best if best is not None and point(best) > point(claim) else None

    @staticmethod
    def _largest_from(
        indexes: Sequence[int], largest: list[int], start: int
    ) -> int | None:
        n = bisect.bisect_left(indexes, start)
        return largest[n] if n < len(indexes) else None


# Grades, first match wins: (grade, test on the current origins, the rule as text).
GRADES: tuple[tuple[str, Callable[[bool, Sequence[Origin]], bool], str], ...] = (
    (
        "contested",
        lambda conflicting, _: conflicting,
        "sources disagree beyond their tolerances",
    ),
    (
        "discounted",
        lambda _, live: bool(live) and all(o.stake == "adversary" for o in live),
        "only a side's figures for its adversary's losses, which it may inflate",
    ),
    (
        "confirmed",
        lambda _, live: _independent(live) >= 3,
        "three or more independent sources agree",
    ),
    ("fair", lambda _, live: _independent(live) == 2, "two independent sources agree"),
    ("weak", lambda _, live: True, "one source, or none named"),
)


def _independent(live: Sequence[Origin]) -> int:
    return len({f for o in live if (f := family(o.claim) or _generic(o.claim))})


def _generic(claim: GroupableClaim) -> str | None:
    # A generic bucket ("other", "ngo") still names someone; count each bucket once.
    key = identity(claim)
    return f"generic:{key}" if key else None


def grade(conflicting: bool, live: Sequence[Origin]) -> tuple[str, str]:
    """The suggested grade and the rule that gave it."""
    return next((g, why) for g, test, why in GRADES if test(conflicting, live))


SYNTHESIS_RULE = (
    "low = the highest floor stated (else the lowest figure); high = the highest "
    "current figure; best = the most conservative current figure among third parties "
    "(else among "
    "all), never below low"
)


def synthesis(
    live: Sequence[Origin],
) -> tuple[Figure | None, Figure | None, Figure | None]:
    """UCDP-style low, best and high over the current (not superseded) origins."""
    if not live:
        return None, None, None
    claims = [o.claim for o in live]
    floors = [point(c) for c in claims if c.qualifier in ("lower_bound", "range")]
    points = [point(c) for c in claims]
    tops = [
        Decimal(c.high) if c.qualifier == "range" and c.high is not None else point(c)
        for c in claims
    ]
    low = max(floors) if floors else min(points)
    third = [point(o.claim) for o in live if o.stake == "third_party"]
    best = max(min(third or points), low)
    return _plain(low), _plain(best), _plain(max(max(tops), best))


def _plain(number: Decimal) -> Figure:
    return int(number) if number == number.to_integral_value() else number


def assess(claims: Sequence[GroupableClaim]) -> GroupAssessment:
    """Conflict, grade, synthesis and reasons for one group's claims."""
    decisions = judge(claims)
    retired = {c.key for c in decisions.superseded}
    live = [
        o for o in origins(claims) if o.claim.key not in retired and not o.claim.stale
    ]
    conflicting = bool(decisions.conflicts)
    suggested, grade_why = grade(conflicting, live)
    low, best, high = synthesis(live)
    return GroupAssessment(
        conflicting=conflicting,
        grade=suggested,
        reason=_reason(conflicting, decisions, live, grade_why),
        low=low,
        best=best,
        high=high,
        synthesis_rule=SYNTHESIS_RULE,
        origins=origins(claims),
        superseded=decisions.superseded,
    )


def _reason(
    conflicting: bool, decisions: Decisions, live: Sequence[Origin], grade_why: str
) -> str:
    head = (
        "Conflicting: " + _first(decisions.conflicts)
        if conflicting
        else ("Not conflicting: " + _agreement(live))
    )
    parts = [head, *dict.fromkeys(decisions.notes), f"Grade: {grade_why}"]
    return ". ".join(parts) + "."


def _first(conflicts: Sequence[str]) -> str:
    more = len(conflicts) - 1
    return conflicts[0] + (
        f" (and {more} more pair{'s' if more > 1 else ''})" if more else ""
    )


def _agreement(live: Sequence[Origin]) -> str:
    if len(live) <= 1:
        return "one current figure" + (f", {label(live[0].claim)}" if live else "")
    shown = ", ".join(label(o.claim) for o in live[:4])
    more = f" and {len(live) - 4} more" if len(live) > 4 else ""
    return f"{len(live)} current figures fit each other ({shown}{more})"
