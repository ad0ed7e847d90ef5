"""The windowed `judge` decides as comparing every pair of a group's figures would."""

from __future__ import annotations

import datetime
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.grouping.records import GroupableClaim
from claims.grouping.rules import PAIR_RULES, judge, order, origins
from tests.grouping.builders import claim

QUALIFIERS = {
    "exact": "{:,}",
    "approximate": "about {:,}",
    "lower_bound": "more than {:,}",
    "upper_bound": "fewer than {:,}",
}
SOURCES = [None, "ukrainian_military", "russian_government", "un", "us_government"]

figures = st.lists(
    st.tuples(
        st.integers(0, 40),  # days after 1 Mar 2022: windows overlap and fall apart
        st.sampled_from([900, 1000, 1040, 1200, 5000, 5020, 7000, 14000]),
        st.sampled_from(sorted(QUALIFIERS)),
        st.sampled_from(SOURCES),
        st.booleans(),  # stale
    ),
    min_size=1,
    max_size=25,
)


def _build(specs) -> list[GroupableClaim]:
    built = []
    for n, (day, value, qualifier, source, stale) in enumerate(specs):
        quote = QUALIFIERS[qualifier].format(value)
        built.append(
            claim(
                f"Officials say {quote} Russian soldiers were killed.",
                quote,
                value,
                qualifier=qualifier,
                source=source,
                as_of=(
                    datetime.date(2022, 3, 1) + datetime.timedelta(days=day)
                ).isoformat(),
                document=f"d{n % 4}",
                at=n * 100,
                stale=stale,
            )
        )
    return built


def _every_pair(claims: list[GroupableClaim]) -> tuple[bool, set[object]]:
    """The rules applied to every pair, as `judge` did before it was windowed:
    (any conflict between figures both still current, keys of retired figures)."""
    live = [o.claim for o in origins([c for c in claims if not c.stale])]
    retired: set[object] = {c.key for c in claims if c.stale}
    opposed = []
    for a, b in itertools.combinations(live, 2):
        pair = order(a, b)
        rule = next(r for r in PAIR_RULES if r.applies(pair))
        if rule.name in ("superseded", "revised"):
            retired.add(pair.earlier.key)
        elif rule.name == "conflict":
            opposed.append(pair)
    conflicting = any(
        p.earlier.key not in retired and p.later.key not in retired for p in opposed
    )
    return conflicting, retired


@settings(max_examples=300, deadline=None)
@given(specs=figures)
def test_windowed_judge_retires_and_conflicts_as_every_pair_does(specs) -> None:
    claims = _build(specs)
    decisions = judge(claims)
    conflicting, retired = _every_pair(claims)
    assert bool(decisions.conflicts) == conflicting
    assert {c.key for c in decisions.superseded} == retired
    # one note for each retired figure, and nothing retired twice
    assert len(decisions.superseded) == len(retired) == len(decisions.notes)


def test_a_daily_running_total_is_judged_without_comparing_every_pair() -> None:
    # 2,000 figures growing 2% each (beyond an exact figure's 0.5%) over 400 days
    # from one source: each is retired by a later one and only the last stands;
    # every pair would be 2 million rule runs.
    specs = [(n // 5, int(1000 * 1.02**n), "exact", "un", False) for n in range(2000)]
    claims = _build(specs)
    decisions = judge(claims)
    assert not decisions.conflicts
    assert {c.key for c in decisions.superseded} == {c.key for c in claims[:-1]}
