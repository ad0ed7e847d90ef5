"""The engine end to end: fields, carried sources, robustness and linear cost."""

import time
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import EXTRACTOR_VERSION, ExtractedClaim, extract_claims


def only(text: str) -> ExtractedClaim:
    claims = extract_claims(text)
    assert len(claims) == 1, claims
    return claims[0]


def test_version_is_semantic() -> None:
    assert EXTRACTOR_VERSION.count(".") == 2


def test_a_plain_figure_with_its_qualifier_category_and_side() -> None:
    c = only(
        "Officials said at least 45 Ukrainian soldiers were wounded in the attack."
    )
    assert (c.quote, c.value, c.qualifier, c.category, c.party) == (
        "at least 45",
        45,
        "lower_bound",
        "wounded",
        "ukrainian_forces",
    )
    assert (c.source_slug, c.attribution) == ("other", "Officials")


def test_percentages_are_decimals() -> None:
    c = only("Analysts say roughly 30% of Russia's 90,000 troops are out of action.")
    assert c.value == Decimal(30) and c.unit == "percent" and c.category == "casualties"


def test_killed_and_injured_after_one_verb_each() -> None:
    claims = extract_claims("The shelling killed 14 civilians and injured 52 others.")
    assert [(c.quote, c.category, c.party) for c in claims] == [
        ("14", "killed", "civilians"),
        ("52", "wounded", "civilians"),
    ]


def test_a_source_heading_a_list_covers_its_lines() -> None:
    text = (
        "According to Ukraine's General Staff, the totals are:\n\n"
        "tanks \u2014 12\nhelicopters \u2014 two\n"
    )
    claims = extract_claims(text)
    assert [(c.quote, c.equipment_type, c.source_slug) for c in claims] == [
        ("12", "tank", "ukraine-general-staff"),
        ("two", "helicopter", "ukraine-general-staff"),
    ]


def test_a_declarative_sentence_after_a_sourced_one_is_unattributed() -> None:
    text = "Kyiv said 300 Russian troops were captured. Six generals have also died."
    first, second = extract_claims(text)
    assert first.source_slug == "ukrainian-government" and second.source_slug is None


def test_he_said_resolves_to_the_last_named_person() -> None:
    text = (
        "Police chief Ivan Tkachenko said the strike hit a school. "
        "Three people were killed and 20 were hurt, he said."
    )
    assert [c.source_slug for c in extract_claims(text)] == ["other", "other"]
    text2 = (
        "Volodymyr Zelensky said on Sunday the front was holding. "
        "Ten soldiers were captured, he said."
    )
    assert only(text2).source_slug == "volodymyr-zelensky"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_it_never_raises_and_offsets_are_always_valid(text: str) -> None:
    for c in extract_claims(text):
        assert text[c.start : c.end] == c.quote
        assert text[c.sentence_start : c.sentence_end] == c.sentence
        assert c.sentence_start <= c.start < c.end <= c.sentence_end


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "12",
                "1,000",
                " ",
                "killed",
                "said",
                "\n",
                ",",
                ".",
                "Russian",
                "soldiers",
                "according to",
                "between",
                "and",
                "to",
                "-",
                "%",
                "one",
                "of them",
                "tanks \u2014 ",
                ":",
                "\u201c",
                "UN",
                "he",
            ]
        ),
        max_size=60,
    )
)
def test_claim_like_noise_never_breaks_offsets(parts: list[str]) -> None:
    text = " ".join(parts)
    for c in extract_claims(text):
        assert text[c.start : c.end] == c.quote and c.quote in c.sentence


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        extract_claims(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_pathological_input_runs_in_linear_time() -> None:
    units = [
        "1" * 1000 + " ",
        "1," * 500 + "\n",
        "\u201c" * 500 + '"' * 500 + " ",
        "12 killed, " * 100,
        "The ministry said 12 soldiers were killed, he said. " * 20,
    ]
    for unit in units:
        small = unit * (50_000 // len(unit) + 1)  # about 50 KB
        large = small * 4  # about 200 KB
        t_small, t_large = _seconds(small), _seconds(large)
        assert t_large < 10 * max(t_small, 0.005), (unit[:10], t_small, t_large)
