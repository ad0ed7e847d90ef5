"""Whose loss: captors, owners of equipment and sides named with tolls."""

from claims.extraction import extract_claims
from claims.extraction.sides import _captive_side


def parties(text: str) -> list[tuple[str, str]]:
    return [(c.quote, c.party) for c in extract_claims(text)]


def test_captives_belong_to_the_side_opposite_their_captors() -> None:
    assert (
        _captive_side("returned 60 people from Russian captivity") == "ukrainian_forces"
    )
    assert _captive_side("Kyiv handed over 40 servicemen") == "russian_forces"
    assert _captive_side("Ukraine, for its part, brought home 30") == "ukrainian_forces"


def test_equipment_belongs_to_its_launcher_or_the_opponent_of_who_downed_it() -> None:
    assert parties("Kyiv said its air defences shot down 17 of 20 drones.") == [
        ("17", "russian_forces")
    ]
    assert parties("Moscow said it had destroyed nine Ukrainian tanks.") == [
        ("nine", "ukrainian_forces")
    ]


def test_a_toll_named_for_a_people_is_civilian() -> None:
    assert parties("The Lebanese death toll has passed 3,000, officials said.") == [
        ("passed 3,000", "civilians")
    ]


def test_a_figure_of_their_own_men_is_the_speakers_side() -> None:
    text = (
        "Kyiv says 70 Russian troops died, while Moscow says 12 of its soldiers died."
    )
    assert parties(text) == [("70", "russian_forces"), ("12", "russian_forces")]
