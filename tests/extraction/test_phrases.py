"""The word-table phrase finder used for attribution cues."""

from claims.extraction.phrases import PhraseTable


def test_longest_phrase_wins_and_matches_do_not_overlap() -> None:
    table = PhraseTable({"according to": "after", "said": "verb", "figures": "figure"})
    found = [
        (m.text, m.label) for m in table.finditer("According  to figures, he said")
    ]
    assert found == [
        ("According  to", "after"),
        ("figures", "figure"),
        ("said", "verb"),
    ]


def test_words_inside_other_words_are_not_found() -> None:
    table = PhraseTable({"said": "verb"})
    assert list(table.finditer("unsaid, presaid-things")) == []
