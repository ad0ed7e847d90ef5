"""Periods and subsets read from a claim's wording and its article."""

from __future__ import annotations

import pytest

from claims.grouping.periods import is_stale, period_of, resolve_document, subset_of
from tests.grouping.builders import claim


@pytest.mark.parametrize(
    ("sentence", "quote", "period"),
    [
        (
            "3,500 soldiers have been killed since the invasion started.",
            "3,500",
            "cumulative",
        ),
        (
            "Ukraine says 23,200 Russian troops were killed in the war so far.",
            "23,200",
            "cumulative",
        ),
        (
            "Russia lost about 7,000 soldiers over the past three weeks.",
            "about 7,000",
            "cumulative",
        ),
        ("A missile strike killed 400 Russian troops.", "400", "event:attack"),
        ("Israeli forces raided the camp and 274 people died.", "274", "event:attack"),
        (
            "Over the past day, Ukrainian forces killed 760 occupiers.",
            "760",
            "window:day",
        ),
        (
            "About 100 soldiers died in the first 72 hours of the offensive.",
            "About 100",
            "opening:first 72 hours",
        ),
        ("Last month Ukraine said it had freed 2,598 people.", "2,598", "window:month"),
    ],
)
def test_the_sentence_states_the_period(sentence: str, quote: str, period: str) -> None:
    stated = period_of(claim(sentence, quote, 1))
    assert stated is not None and stated[0] == period


def test_a_sentence_without_period_words_states_none() -> None:
    assert period_of(claim("Russia has lost 102 tanks.", "102", 102)) is None


def test_the_marker_nearest_the_figure_wins() -> None:
    sentence = "The strike killed 40, bringing the toll since February to 1,200."
    assert period_of(claim(sentence, "40", 40))[0] == "event:attack"  # type: ignore[index]
    assert period_of(claim(sentence, "1,200", 1200))[0] == "cumulative"  # type: ignore[index]


def test_a_marker_in_another_clause_does_not_count() -> None:
    sentence = "Hospitals treat 290 injured people, because a blockade since December."
    assert period_of(claim(sentence, "290", 290)) is None


def test_many_past_events_are_not_one_event() -> None:
    assert (
        period_of(claim("Ukraine freed 2,598 people in 48 swaps.", "2,598", 2598))
        is None
    )


@pytest.mark.parametrize(
    ("sentence", "quote", "subset"),
    [
        ("Four top-ranking Russian generals have been killed.", "Four", "generals"),
        ("More than 5.4 million were out of the country.", "5.4 million", "abroad"),
        (
            "Some 7.7 million people were displaced inside the country.",
            "7.7 million",
            "internal",
        ),
        (
            "More than 100,000 troops on each side were killed or wounded.",
            "100,000",
            "per_side",
        ),
        ("The raid killed 30 civilians.", "30", "civilians"),
        ("Of these, 425 were identified.", "425", "part:identified"),
        (
            "Nearly 9,000 of them remain in prison.",
            "Nearly 9,000",
            "part:remain in prison",
        ),
    ],
)
def test_the_words_around_a_figure_mark_a_subset(
    sentence: str, quote: str, subset: str
) -> None:
    assert subset_of(claim(sentence, quote, 1)) == subset


def test_a_whole_count_has_no_subset() -> None:
    sentence = "The ministry says 274 people, children among them, died."
    assert subset_of(claim(sentence, "274", 274, party="civilians")) is None


def test_civilians_are_no_subset_of_a_civilian_count() -> None:
    assert (
        subset_of(
            claim("The war killed 2,829 civilians.", "2,829", 2829, party="civilians")
        )
        is None
    )


def test_equipment_subtypes_stay_apart_from_their_type() -> None:
    ifv = claim(
        "He listed 560 infantry fighting vehicles.",
        "560",
        560,
        category="equipment",
        equipment_type="armored_vehicle",
    )
    listed = claim(
        "multiple rocket launcher systems — 151",
        "151",
        151,
        category="equipment",
        equipment_type="artillery",
    )
    assert subset_of(ifv) == "infantry_fighting_vehicles"
    assert subset_of(listed) == "rocket_launchers"


def test_a_figure_given_as_an_earlier_count_is_stale() -> None:
    assert is_stale(claim("It replaced an earlier count of 210.", "210", 210))
    assert is_stale(claim("The toll is now 170, up from 68.", "68", 68))
    assert not is_stale(claim("The toll is now 170, up from 68.", "170", 170))
    assert not is_stale(claim("As reported earlier, eight people died.", "eight", 8))


def test_a_figure_without_period_takes_its_articles_same_measure_period() -> None:
    strike = claim("A missile strike killed 400 Russian troops.", "400", 400, at=0)
    plain = claim("According to the military, 400 were killed.", "400", 400, at=100)
    other = claim(
        "Russia has lost 102 tanks.",
        "102",
        102,
        at=200,
        category="equipment",
        equipment_type="tank",
    )
    periods = {c.key: c.period for c in resolve_document([strike, plain, other])}
    assert periods == {
        strike.key: "event:attack",
        plain.key: "event:attack",
        other.key: "cumulative",
    }


def test_a_wounded_figure_shares_the_period_of_killed_figures_beside_it() -> None:
    strike = claim("A missile strike killed 400 Russian troops.", "400", 400, at=0)
    wounded = claim(
        "About 300 more were wounded.",
        "About 300",
        300,
        at=80,
        category="wounded",
        qualifier="approximate",
    )
    fled = claim(
        "Some 19,000 people have fled.", "19,000", 19000, at=160, category="displaced"
    )
    periods = {c.key: c.period for c in resolve_document([strike, wounded, fled])}
    assert periods[wounded.key] == "event:attack"
    assert periods[fled.key] == "cumulative"


def test_a_breakdown_of_one_measure_is_a_set_of_parts() -> None:
    sentence = "Today, he wrote, 213 soldiers and sergeants, 11 officers had come home."
    parts = resolve_document(
        [
            claim(
                sentence, "213", 213, category="captured", source="ukrainian_government"
            ),
            claim(
                sentence, "11", 11, category="captured", source="ukrainian_government"
            ),
        ]
    )
    assert [c.subset for c in parts] == ["part:soldiers", "officers"]


def test_an_update_in_one_sentence_is_not_a_breakdown() -> None:
    sentence = (
        "The blast killed at least 170, far more than the earlier estimate of 68."
    )
    resolved = resolve_document(
        [
            claim(sentence, "at least 170", 170, qualifier="lower_bound"),
            claim(sentence, "68", 68),
        ]
    )
    assert [(c.subset, c.stale) for c in resolved] == [(None, False), (None, True)]


def test_two_speakers_in_one_sentence_are_not_a_breakdown() -> None:
    sentence = "Kyiv says 400 Russian troops died in the strike; Moscow says 63."
    resolved = resolve_document(
        [
            claim(sentence, "400", 400, source="ukrainian_government"),
            claim(sentence, "63", 63, source="russian_government"),
        ]
    )
    assert [c.subset for c in resolved] == [None, None]
