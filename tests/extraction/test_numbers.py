"""Number expressions: separators, scales, words, ranges, shares and qualifiers."""

from decimal import Decimal

import pytest

from claims.extraction.numbers import excluded, find_numbers, parse_number


def one(text: str):
    found = find_numbers(text)
    assert len(found) == 1, found
    return text[found[0].start : found[0].end], found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7,000", 7000),
        ("3 500", 3500),
        ("5.4 million", 5_400_000),
        ("12m", 12_000_000),
        ("eight", 8),
        ("twenty-one", 21),
        ("a dozen", 12),
        ("two hundred", 200),
        ("1.5bn", 1_500_000_000),
    ],
)
def test_parse_number_reads_digits_scales_and_words(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_values_are_ints_or_decimals_never_floats() -> None:
    assert isinstance(parse_number("5.4 million"), int)
    assert parse_number("2.5") == Decimal("2.5")


@pytest.mark.parametrize(
    ("text", "quote", "qualifier"),
    [
        ("well over 900 dead", "well over 900", "lower_bound"),
        ("an estimated 4,000 fled", "an estimated 4,000", "approximate"),
        ("as many as 60 were hurt", "as many as 60", "upper_bound"),
        ("almost 300 troops", "almost 300", "upper_bound"),
        ("some 12 bodies", "some 12", "approximate"),
        ("exactly 17 soldiers", "17", "exact"),
    ],
)
def test_the_qualifier_is_part_of_the_quote(
    text: str, quote: str, qualifier: str
) -> None:
    got, expr = one(text)
    assert (got, expr.qualifier) == (quote, qualifier)


@pytest.mark.parametrize(
    ("text", "quote", "low", "high"),
    [
        ("between 2,000 and 4,000 dead", "between 2,000 and 4,000", 2000, 4000),
        ("6,000-9,000 wounded", "6,000-9,000", 6000, 9000),
        ("anywhere from 10 to 20 missing", "anywhere from 10 to 20", 10, 20),
        ("three or four tanks", "three or four", 3, 4),
    ],
)
def test_ranges_have_bounds_and_no_value(
    text: str, quote: str, low: int, high: int
) -> None:
    got, expr = one(text)
    assert (got, expr.value, expr.low, expr.high, expr.qualifier) == (
        quote,
        None,
        low,
        high,
        "range",
    )


def test_percentages_and_fractions_are_percent_units() -> None:
    got, expr = one("roughly 30% of the unit")
    assert (got, expr.value, expr.unit) == ("roughly 30%", Decimal(30), "percent")
    got, expr = one("a fifth of the force")
    assert (expr.value, expr.unit) == (Decimal(20), "percent")


def test_model_names_ordinals_and_words_inside_words_are_not_numbers() -> None:
    assert find_numbers("The Su-25 of the 34th brigade, COVID-19 and someone") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "It began on March 3 this year.",
        "A 45-year-old man died.",
        "He got 12 years in prison.",
        "The deal is worth $40 million.",
        "The clip has 900,000 views.",
        "It happened in 2014.",
        "At 11:40 the sirens began.",
        "They fled 30 km south.",
    ],
)
def test_dates_ages_terms_money_views_years_and_distances_are_excluded(
    sentence: str,
) -> None:
    assert all(excluded(sentence, e, False) for e in find_numbers(sentence))


def test_the_base_of_a_share_is_excluded() -> None:
    s = "nearly 20% of the army's 90,000 troops"
    share, base = find_numbers(s)
    assert not excluded(s, share, False) and excluded(s, base, True)
    s2 = "90 left out of an estimated 5,000 residents"
    assert excluded(s2, find_numbers(s2)[1], False)
