"""Agree, supersede and conflict decisions; echoes, sides, low/best/high and grades."""

from __future__ import annotations

from claims.grouping.records import GroupableClaim
from claims.grouping.rules import assess, decide, origins, stake
from tests.grouping.builders import claim


def _killed(
    value: int,
    source: str | None,
    as_of: str,
    qualifier: str = "exact",
    document: str = "a.txt",
    **fields: object,
) -> GroupableClaim:
    words = {
        "exact": f"{value:,}",
        "approximate": f"about {value:,}",
        "lower_bound": f"more than {value:,}",
        "upper_bound": f"fewer than {value:,}",
    }
    quote = words[qualifier]
    return claim(
        f"Officials say {quote} Russian soldiers were killed.",
        quote,
        value,
        qualifier=qualifier,
        source=source,
        as_of=as_of,
        document=document,
        **fields,
    )


def test_two_sources_far_apart_in_the_same_week_conflict_with_a_readable_reason() -> (
    None
):
    us = _killed(7000, "us_government", "2022-03-17", "approximate")
    ukraine = _killed(14000, "ukrainian_military", "2022-03-18")
    name, why = decide(us, ukraine)
    assert name == "conflict"
    assert why == (
        "us government 'about 7,000' (2022-03-17) vs ukrainian military '14,000' "
        "(2022-03-18), 1 day apart, no overlap (6,300–7,700 and 13,930–14,070)"
    )
    verdict = assess([us, ukraine])
    assert verdict.conflicting and verdict.grade == "contested"
    assert verdict.reason.startswith("Conflicting: us government 'about 7,000'")


def test_a_floor_and_a_figure_above_it_agree() -> None:
    floor = _killed(3500, "ukrainian_military", "2022-02-27", "lower_bound")
    figure = _killed(7000, "us_government", "2022-03-01", "approximate")
    assert decide(floor, figure)[0] == "agree"
    assert not assess([floor, figure]).conflicting


def test_a_later_larger_count_of_the_same_side_supersedes_the_earlier() -> None:
    first = _killed(63, "russian_government", "2023-01-02")
    later = _killed(89, "russian_military", "2023-01-04")
    assert decide(first, later)[0] == "revised"
    verdict = assess([first, later])
    assert not verdict.conflicting
    assert verdict.superseded == (first,)
    assert (verdict.low, verdict.best, verdict.high) == (89, 89, 89)


def test_a_later_larger_count_from_an_unnamed_bucket_supersedes_the_earlier() -> None:
    first = _killed(20, "other", "2023-09-27")
    later = _killed(170, None, "2023-09-29", "lower_bound")
    assert decide(first, later)[0] == "superseded"
    assert not assess([first, later]).conflicting


def test_a_later_larger_count_from_a_different_source_still_conflicts() -> None:
    uk = _killed(15000, "uk_government", "2022-04-25", "approximate")
    ukraine = _killed(23200, "ukrainian_military", "2022-04-30", "approximate")
    assert decide(uk, ukraine)[0] == "conflict"


def test_figures_more_than_a_week_apart_are_not_compared() -> None:
    early = _killed(3500, "ukrainian_military", "2022-02-27")
    late = _killed(2000, "us_government", "2022-03-17")
    assert decide(early, late)[0] == "apart"
    assert not assess([early, late]).conflicting


def test_an_older_smaller_count_weeks_before_is_superseded() -> None:
    early = _killed(3500, "ukrainian_military", "2022-02-27")
    late = _killed(14000, "ukrainian_government", "2022-03-20")
    verdict = assess([early, late])
    assert decide(early, late)[0] == "superseded"
    assert verdict.superseded == (early,)


def test_a_count_the_article_calls_earlier_is_set_aside() -> None:
    current = _killed(274, "other", "2024-06-09")
    stale = _killed(210, "other", "2024-06-09", stale=True)
    verdict = assess([current, stale])
    assert not verdict.conflicting
    assert stale in verdict.superseded
    assert "is given as an earlier count" in verdict.reason


def test_echoes_of_one_source_count_once() -> None:
    headline = _killed(15000, "uk_government", "2022-04-25", document="a.txt")
    body = _killed(
        15000, "uk_government", "2022-04-25", "approximate", document="a.txt"
    )
    copy = _killed(15000, "uk_government", "2022-04-25", document="b.txt")
    relay = _killed(15000, None, "2022-04-25", document="c.txt")
    found = origins([headline, body, copy, relay])
    assert len(found) == 1
    assert found[0].claim == body  # the hedged wording stands for the source's figure
    assert set(found[0].echoes) == {headline, copy, relay}
    assert assess([headline, body, copy, relay]).grade == "weak"


def test_the_same_figure_from_one_source_on_two_dates_is_two_origins() -> None:
    monday = _killed(400, "ukrainian_military", "2023-01-01")
    tuesday = _killed(400, "ukrainian_military", "2023-01-02")
    assert len(origins([monday, tuesday])) == 2


def test_each_figure_is_tagged_own_adversary_or_third_party() -> None:
    assert stake(_killed(89, "russian_military", "2023-01-04")) == "own"
    assert stake(_killed(400, "ukrainian_military", "2023-01-01")) == "adversary"
    assert stake(_killed(15000, "uk_government", "2022-04-25")) == "third_party"
    assert (
        stake(_killed(3000, "ukrainian_government", "2022-05-01", party="civilians"))
        == "third_party"
    )


def test_low_best_high_take_the_floor_the_conservative_third_party_and_the_top() -> (
    None
):
    claims = [
        _killed(5000, "ukrainian_military", "2022-04-01", "lower_bound"),
        _killed(6000, "uk_government", "2022-04-02", "approximate"),
        _killed(7000, "us_government", "2022-04-02", "approximate"),
        _killed(6200, "russian_military", "2022-04-03", "approximate"),
    ]
    verdict = assess(claims)
    assert not verdict.conflicting
    assert (verdict.low, verdict.best, verdict.high) == (5000, 6000, 7000)
    assert "third parties" in verdict.synthesis_rule


def test_best_falls_back_to_the_conservative_figure_of_all_sources() -> None:
    claims = [
        _killed(400, "ukrainian_military", "2023-01-01"),
        _killed(89, "russian_military", "2023-01-04"),
    ]
    verdict = assess(claims)
    assert (verdict.low, verdict.best, verdict.high) == (89, 89, 400)


def test_three_independent_agreeing_sources_are_confirmed() -> None:
    claims = [
        _killed(1500, "un", "2022-02-01", "lower_bound"),
        _killed(1503, "ngo", "2022-02-01", "lower_bound"),
        _killed(1510, "us_government", "2022-02-02"),
    ]
    assert assess(claims).grade == "confirmed"


def test_two_independent_agreeing_sources_are_fair() -> None:
    claims = [
        _killed(1500, "un", "2022-02-01", "lower_bound"),
        _killed(1503, "ngo", "2022-02-01", "lower_bound"),
    ]
    assert assess(claims).grade == "fair"


def test_one_side_speaking_twice_is_one_source() -> None:
    claims = [
        _killed(248, "russian_government", "2024-01-04", category="captured"),
        _killed(
            248, "russian_military", "2024-01-04", category="captured", document="b.txt"
        ),
    ]
    assert assess(claims).grade == "weak"


def test_only_the_adversarys_figures_are_discounted() -> None:
    claims = [
        _killed(1008, "ukrainian_military", "2022-04-30"),
        _killed(1008, "ukrainian_government", "2022-04-30", document="b.txt"),
    ]
    assert assess(claims).grade == "discounted"
