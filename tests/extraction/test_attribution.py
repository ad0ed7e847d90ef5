"""Attribution phrases: where they are, which way they point, what they resolve to."""

from claims.extraction.attribution_words import is_hedged
from claims.extraction.catalog import load_default_catalog
from claims.extraction.mentions import find_mentions
from claims.extraction.source_resolution import AttributionState, resolve


def mentions(sentence: str) -> list[tuple[str, str]]:
    return [(m.text, m.direction) for m in find_mentions(sentence)]


def test_a_closing_said_points_back_and_a_leading_says_forward() -> None:
    assert mentions("Some 40 tanks were lost, the army's spokesman said.") == [
        ("the army's spokesman", "back")
    ]
    assert mentions("The governor says 12 people died.") == [("The governor", "fwd")]


def test_according_to_and_inverted_said() -> None:
    assert mentions("According to the regional police, 5 died.") == [
        ("the regional police", "fwd")
    ]
    assert mentions("\u201cWe lost many,\u201d said the deputy minister.") == [
        ("the deputy minister", "back")
    ]


def test_relative_clauses_and_appositions_are_skipped_to_the_subject() -> None:
    s = "The Monitoring Group (TMG), which tracks deaths, said 90 died."
    assert mentions(s)[0][0] == "The Monitoring Group (TMG)"
    s = "Ivan Petrenko, head of the regional council, said 3 died."
    assert mentions(s)[0][0] == "Ivan Petrenko, head of the regional council"


def test_passives_and_nouns_are_not_attributions() -> None:
    assert mentions("It is estimated that 900 were wounded.") == []
    assert mentions("More than 50 arrests have been recorded.") == []
    assert mentions("Gunfire left 60 reported killed.") == []


def test_a_hedge_over_the_clause_is_detected() -> None:
    assert is_hedged("It is thought that ")
    assert not is_hedged("The army said that ")


def test_pronouns_and_definite_descriptions_resolve_to_earlier_sources() -> None:
    catalog = load_default_catalog()
    state = AttributionState(
        history=[
            ("Russia's defence ministry", "russia-ministry-of-defence", False),
            ("Mayor Vitali Klitschko", "ukrainian-government", True),
        ]
    )
    assert resolve("he", catalog, state) == "ukrainian-government"
    assert resolve("the ministry", catalog, state) == "russia-ministry-of-defence"


def test_unknown_named_speakers_and_unnamed_groups_are_other() -> None:
    catalog = load_default_catalog()
    state = AttributionState()
    assert resolve("Dr Maria Lopez", catalog, state) == "other"
    assert resolve("analysts", catalog, state) == "other"


def test_where_a_phrase_names_two_sources_the_first_counts() -> None:
    catalog = load_default_catalog()
    state = AttributionState()
    assert (
        resolve("Kyiv and the United States", catalog, state) == "ukrainian-government"
    )
    assert (
        resolve("the Armed Conflict Location and Event Data Project", catalog, state)
        == "acled"
    )
