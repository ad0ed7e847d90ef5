"""Claim intervals by qualifier: tolerances, bounds, ranges, round figures."""

from __future__ import annotations

from decimal import Decimal

from claims.grouping.intervals import band_of, describe, interval_of
from claims.grouping.records import Interval
from tests.grouping.builders import claim


def test_an_about_figure_spans_ten_percent_each_way() -> None:
    about = claim(
        "Russia lost about 7,000 soldiers.",
        "about 7,000",
        7000,
        qualifier="approximate",
    )
    assert interval_of(about) == Interval(Decimal(6300), Decimal(7700))


def test_an_exact_figure_spans_half_a_percent() -> None:
    exact = claim("Russia lost 1,000 soldiers.", "1,000", 1000)
    assert interval_of(exact) == Interval(Decimal(995), Decimal(1005))


def test_more_than_is_a_floor_without_a_ceiling() -> None:
    floor = claim(
        "More than 3,500 were killed.", "More than 3,500", 3500, qualifier="lower_bound"
    )
    assert interval_of(floor) == Interval(Decimal(3500), None)
    assert describe(interval_of(floor)) == "3,500 or more"


def test_nearly_reaches_only_a_little_below_the_figure() -> None:
    nearly = claim(
        "Nearly 200 were captured.", "Nearly 200", 200, qualifier="upper_bound"
    )
    assert interval_of(nearly) == Interval(Decimal(180), Decimal(200))


def test_fewer_than_reaches_down_to_zero() -> None:
    fewer = claim(
        "Fewer than 100 died.", "Fewer than 100", 100, qualifier="upper_bound"
    )
    assert interval_of(fewer) == Interval(Decimal(0), Decimal(100))


def test_a_range_is_its_own_bounds() -> None:
    span = claim(
        "Anywhere from 7,000 to 15,000 died.",
        "from 7,000 to 15,000",
        None,
        qualifier="range",
        low=7000,
        high=15000,
    )
    assert interval_of(span) == Interval(Decimal(7000), Decimal(15000))


def test_a_percentage_keeps_decimal_precision() -> None:
    share = claim(
        "Nearly 19.5% of the force is out.",
        "19.5%",
        Decimal("19.5"),
        unit="percent",
        category="casualties",
    )
    result = interval_of(share)
    assert isinstance(result.low, Decimal)
    assert result.low == Decimal("19.4025") and result.high == Decimal("19.5975")


def test_a_round_figure_widens_to_5_percent_against_another_sources_precise() -> None:
    round_ = claim("The UN documented 1,500 deaths.", "1,500", 1500, source="un")
    precise = claim("AAPP verified 1,530 deaths.", "1,530", 1530, source="ngo")
    assert interval_of(round_) == Interval(Decimal("1492.5"), Decimal("1507.5"))
    assert interval_of(round_, against=precise) == Interval(
        Decimal(1425), Decimal(1575)
    )
    assert interval_of(round_, against=precise).overlaps(interval_of(precise, round_))


def test_a_round_figure_stays_exact_against_the_same_sources_precise_one() -> None:
    round_ = claim("The UN documented 1,500 deaths.", "1,500", 1500, source="un")
    precise = claim("The UN later documented 1,530.", "1,530", 1530, source="un")
    assert interval_of(round_, against=precise) == interval_of(round_)


def test_others_beside_someone_named_are_a_floor_on_the_whole() -> None:
    others = claim("Maxim, along with two other pilots, spoke.", "two", 2)
    assert band_of(others).above is None
    assert interval_of(others).overlaps(
        interval_of(claim("Three pilots spoke.", "Three", 3))
    )


def test_intervals_that_touch_overlap_and_apart_ones_do_not() -> None:
    assert Interval(Decimal(1), Decimal(5)).overlaps(Interval(Decimal(5), None))
    assert not Interval(Decimal(1), Decimal(5)).overlaps(
        Interval(Decimal(6), Decimal(9))
    )
    assert not Interval(Decimal(6), None).overlaps(Interval(Decimal(1), Decimal(5)))
