"""Grouped alternations find exactly what the flat alternation finds."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import categories as cat
from claims.extraction.patterns import alternation

WORDS = ["killed", "kill", "Killed in action", "wounded", "k", "war dead", "dead"]


def _flat(words):
    return "|".join(re.escape(w) for w in words)


def _both(words, flags):
    grouped = re.compile(
        rf"(?<!\w)(?:{alternation(words, ignorecase=bool(flags & re.I))})", flags
    )
    return re.compile(rf"(?<!\w)(?:{_flat(words)})", flags), grouped


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="kKilLedwoun dDaA\u212a-", max_size=40))
def test_same_matches_as_the_flat_alternation(text: str) -> None:
    for flags in (re.I, 0):
        flat, grouped = _both(WORDS, flags)
        assert [m.span() for m in flat.finditer(text)] == [
            m.span() for m in grouped.finditer(text)
        ]


def test_order_within_a_first_letter_is_kept() -> None:
    # the first branch that matches wins, as in the flat alternation
    assert alternation(["kill", "killed"], ignorecase=True) == "k(?:ill|illed)"
    assert (
        re.match(alternation(["kill", "killed"], ignorecase=True), "killed").group()
        == "kill"
    )


def test_case_sensitive_groups_keep_case_apart() -> None:
    pattern = re.compile(alternation(["UN", "un"], ignorecase=False))
    assert pattern.fullmatch("UN") and pattern.fullmatch("un")
    assert not pattern.fullmatch("Un")


def test_a_word_outside_ascii_falls_back_to_the_flat_alternation() -> None:
    assert alternation(["\u00e9lu", "elu"], ignorecase=True) == "\u00e9lu|elu"


def test_noun_pattern_matches_its_own_words() -> None:
    for word in list(cat.PERSON_NOUNS)[:50] + list(cat.EQUIPMENT)[:50]:
        assert cat.NOUN_RE.fullmatch(word), word
