"""Sentence splitting keeps abbreviations, initials and lines."""

from claims.extraction.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_it_keeps_month_and_title_abbreviations_inside_a_sentence() -> None:
    text = "On Jan. 5 Gen. Petrov met U.S. envoys in St. Petersburg. Talks failed."
    assert texts(text) == [
        "On Jan. 5 Gen. Petrov met U.S. envoys in St. Petersburg.",
        "Talks failed.",
    ]


def test_it_keeps_an_initial_but_splits_after_a_single_letter_word() -> None:
    assert texts("John F. Smith spoke. She posted on X. Then she left.") == [
        "John F. Smith spoke.",
        "She posted on X.",
        "Then she left.",
    ]


def test_every_line_break_ends_a_sentence_and_bullets_are_dropped() -> None:
    text = "Headline without a stop\n\n  \u2022 First point\n- tanks \u2014 40\n"
    assert texts(text) == ["Headline without a stop", "First point", "tanks \u2014 40"]


def test_offsets_point_at_the_sentence_text() -> None:
    text = "A first one.  \u201cA quoted one!\u201d he said. Is it a question? Yes."
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
    assert len(split_sentences(text)) == 4


def test_line_flags_mark_headlines_and_paragraph_ends() -> None:
    first, second = split_sentences("Title line\nBody one. Body two.")[:2]
    assert first.line_start and first.line_end
    assert second.line_start and not second.line_end
