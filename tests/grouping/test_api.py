"""The public API: measures, groups built at once or one claim at a time, evaluation."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.grouping import (
    GROUPING_VERSION,
    LINK_DAYS,
    Group,
    GroupableClaim,
    MeasureKey,
    assign,
    chain,
    chain_spans,
    evaluate,
    group_claims,
    measure_of,
)
from claims.grouping import resolve as resolve_all
from tests.grouping.builders import claim


def _partition(groups: list[Group]) -> set[tuple[MeasureKey, frozenset[object]]]:
    return {(g.measure, frozenset(c.key for c in g.claims)) for g in groups}


def test_the_version_is_a_string_to_store_beside_groups() -> None:
    assert isinstance(GROUPING_VERSION, str) and GROUPING_VERSION


def test_measure_of_reads_category_party_period_and_subset() -> None:
    generals = claim("Four Russian generals have been killed in the war.", "Four", 4)
    assert measure_of(generals) == MeasureKey(
        "killed", None, "russian_forces", "count", "cumulative", "generals"
    )


def test_measure_of_drops_an_equipment_type_on_people() -> None:
    odd = claim("Russia lost 300 soldiers.", "300", 300, equipment_type="tank")
    assert measure_of(odd).equipment_type is None


def test_subsets_and_periods_make_separate_groups() -> None:
    total = claim(
        "Russia has lost 7,000 soldiers since Feb. 24.", "7,000", 7000, document="a.txt"
    )
    generals = claim(
        "Four Russian generals have been killed.", "Four", 4, document="b.txt"
    )
    strike = claim(
        "The strike on the barracks killed 63 soldiers.", "63", 63, document="c.txt"
    )
    groups = group_claims([total, generals, strike])
    assert len(groups) == 3
    assert {g.measure.period for g in groups} == {"cumulative", "event:attack"}


def test_events_of_different_kinds_in_one_week_make_separate_groups() -> None:
    strike = claim("The strike killed 63 soldiers.", "63", 63, document="a.txt")
    battle = claim(
        "The battle for the town killed 900 soldiers.", "900", 900, document="b.txt"
    )
    assert {g.measure.period for g in group_claims([strike, battle])} == {
        "event:attack",
        "event:battle",
    }


def test_counts_and_percentages_make_separate_groups() -> None:
    count = claim("Russia lost 30,000 soldiers.", "30,000", 30000, document="a.txt")
    share = claim(
        "Nearly 20% of the force is lost.", "20%", 20, unit="percent", document="b.txt"
    )
    assert len(group_claims([count, share])) == 2


def test_dates_chain_within_a_month_for_running_totals() -> None:
    feb = claim("3,500 killed so far.", "3,500", 3500, as_of="2022-02-27", document="a")
    mar = claim("7,000 killed so far.", "7,000", 7000, as_of="2022-03-21", document="b")
    may = claim(
        "20,000 killed so far.", "20,000", 20000, as_of="2022-05-30", document="c"
    )
    groups = group_claims([feb, mar, may])
    assert sorted(len(g.claims) for g in groups) == [1, 2]
    assert groups[0].as_of_from == datetime.date(2022, 2, 27)
    assert groups[0].as_of_to == datetime.date(2022, 3, 21)


def test_a_claim_between_two_groups_merges_them() -> None:
    early = claim("10 died in the raid.", "10", 10, as_of="2024-06-01", document="a")
    late = claim("30 died in the raid.", "30", 30, as_of="2024-06-19", document="b")
    groups = assign(assign([], early), late)
    assert len(groups) == 2
    middle = claim("20 died in the raid.", "20", 20, as_of="2024-06-10", document="c")
    merged = assign(groups, middle)
    assert len(merged) == 1 and len(merged[0].claims) == 3


def test_assign_leaves_other_measures_untouched() -> None:
    wounded = claim("300 were wounded so far.", "300", 300, category="wounded")
    groups = assign([], wounded)
    after = assign(groups, claim("400 were killed so far.", "400", 400, document="b"))
    assert any(g is groups[0] for g in after)


def test_evaluate_judges_one_groups_claims() -> None:
    us = claim(
        "US officials say about 7,000 died so far.",
        "about 7,000",
        7000,
        qualifier="approximate",
        source="us_government",
        document="a",
    )
    ukraine = claim(
        "Ukraine says 14,000 died so far.",
        "14,000",
        14000,
        source="ukrainian_military",
        document="b",
        as_of="2022-03-18",
    )
    (group,) = group_claims([us, ukraine])
    assert evaluate(group.claims).conflicting


SENTENCES = (
    ("Russia has lost 7,000 soldiers since the war began.", "7,000", "killed"),
    ("The strike killed 400 troops.", "400", "killed"),
    ("Some 300 were wounded in the attack.", "300", "wounded"),
    ("Four generals were killed.", "Four", "killed"),
    ("Over the past day, 760 were killed.", "760", "killed"),
    ("He said 89 soldiers died.", "89", "killed"),
    ("About 1,000 troops have been captured.", "1,000", "captured"),
)

claim_specs = st.lists(
    st.tuples(
        st.integers(0, len(SENTENCES) - 1),
        st.sampled_from(["a.txt", "b.txt", "c.txt"]),
        st.integers(0, 60),  # days after 1 Jan 2023
        st.sampled_from([None, "ukrainian_military", "russian_government", "un"]),
        st.sampled_from(["russian_forces", "civilians"]),
    ),
    min_size=1,
    max_size=14,
)


def _build(specs: list[tuple[int, str, int, str | None, str]]) -> list[GroupableClaim]:
    built = []
    for n, (which, document, day, source, party) in enumerate(specs):
        sentence, quote, category = SENTENCES[which]
        as_of = (datetime.date(2023, 1, 1) + datetime.timedelta(days=day)).isoformat()
        built.append(
            claim(
                sentence,
                quote,
                10 + which,
                source=source,
                party=party,
                category=category,
                document=document,
                as_of=as_of,
                at=n * 200,
            )
        )
    return built


def _reference(
    claims: list[GroupableClaim],
) -> set[tuple[MeasureKey, frozenset[object]]]:
    """Groups as connected components, computed naively: the spec to meet."""
    owner = {c.key: c.key for c in claims}

    def root(key: object) -> object:
        while owner[key] != key:
            key = owner[key]
        return key

    for a in claims:
        for b in claims:
            limit = LINK_DAYS[measure_of(a).period.split(":")[0]]
            if (
                measure_of(a) == measure_of(b)
                and abs((a.as_of - b.as_of).days) <= limit
            ):
                owner[root(a.key)] = root(b.key)
    members: dict[object, list[GroupableClaim]] = {}
    for c in claims:
        members.setdefault(root(c.key), []).append(c)
    return {(measure_of(m[0]), frozenset(c.key for c in m)) for m in members.values()}


@settings(max_examples=150, deadline=None)
@given(specs=claim_specs, data=st.data())
def test_claims_added_one_at_a_time_in_any_order_give_the_full_builds_groups(
    specs: list[tuple[int, str, int, str | None, str]], data: st.DataObject
) -> None:
    claims = _build(specs)
    full = group_claims(claims)
    resolved = resolve_all(claims)
    shuffled = data.draw(st.permutations(resolved))
    groups: list[Group] = []
    for one in shuffled:
        groups = assign(groups, one)
    assert _partition(groups) == _partition(full) == _reference(resolved)
    assert sorted(len(g.claims) for g in full) == sorted(len(g.claims) for g in groups)
    assert sum(len(g.claims) for g in full) == len(claims)


@settings(max_examples=200, deadline=None)
@given(
    old=st.lists(st.integers(0, 200), max_size=40),
    new=st.lists(st.integers(0, 200), min_size=1, max_size=10),
    limit=st.sampled_from([1, 10, 31]),
)
def test_chaining_whole_groups_as_spans_equals_chaining_their_claims(
    old: list[int], new: list[int], limit: int
) -> None:
    day = datetime.date(2023, 1, 1)

    def date(n: int) -> datetime.date:
        return day + datetime.timedelta(days=n)

    claims = [(date(n), ("old", i)) for i, n in enumerate(old)]
    groups = chain(claims, limit)
    dated = dict((item, as_of) for as_of, item in claims)
    spans = [
        (min(dated[c] for c in g), max(dated[c] for c in g), ("group", tuple(g)))
        for g in groups
    ]
    spans += [(date(n), date(n), ("new", i)) for i, n in enumerate(new)]

    def flat(run: list) -> frozenset:
        return frozenset(
            c for kind, x in run for c in (x if kind == "group" else [(kind, x)])
        )

    everything = claims + [(date(n), ("new", i)) for i, n in enumerate(new)]
    assert {flat(r) for r in chain_spans(spans, limit)} == {
        frozenset(r) for r in chain(everything, limit)
    }
