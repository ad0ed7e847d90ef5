"""Sentence splitting for news text: lines first, then full stops not after an
abbreviation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end with a full stop without ending the sentence ("Feb. 24",
# "U.S. officials", "Gen. Milley"). Compared lowercased, without the final dot.
ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms dr prof gen lt col maj capt cpt sgt cpl pvt adm brig cmdr cdr gov sen rep
    pres st ste mt ft jr sr rev hon sec dept est approx vs etc inc corp co ltd no nos
    fig al ave blvd gov't u.s u.k u.n e.u u.s.a a.m p.m i.e e.g
    """.split()
)

# A line that starts with a bullet: the bullet is not part of the sentence.
_BULLET = re.compile(r"[ \t]*(?:[-*\u2022\u25aa\u25cf\u2013\u2014>]+[ \t]+)?")
# A candidate end: terminal punctuation, closing quotes/brackets, whitespace,
# then something that can open a sentence.
_END = re.compile(
    r"[.!?]+[\"'\u2019\u201d)\]]*(?=[ \t]+[\"'\u2018\u201c(\[]?[A-Z0-9#@])"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    line_start: bool  # the sentence opens its line (a headline, list item or paragraph)
    line_end: bool  # the sentence closes its line


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    m = _WORD_BEFORE.search(text, max(line_start, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    if _DOTTED.fullmatch(word):  # "U.S.", "a.m."
        return True
    # An initial ("John F. Kennedy", "J. Smith"), not "a post on X."
    if len(word) == 1 and word.isalpha():
        before = text[max(line_start, m.start() - 30) : m.start()].split()
        return not before or before[-1][:1].isupper()
    return False


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with their offsets; every line break ends a sentence.

    >>> [s.text for s in split_sentences("Gen. Ivanov spoke. It ended.\\n- Next")]
    ['Gen. Ivanov spoke.', 'It ended.', 'Next']
    """
    sentences: list[Sentence] = []
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl == -1 else nl
        start = _BULLET.match(text, pos, line_end).end()
        first = True
        for m in _END.finditer(text, start, line_end):
            if (
                m.group()[0] == "."
                and len(m.group()) == 1
                and _is_abbreviation(text, m.start(), pos)
            ):
                continue
            _add(sentences, text, start, m.end(), first, False)
            first = False
            start = m.end()
        _add(sentences, text, start, line_end, first, True)
        if nl == -1:
            break
        pos = nl + 1
    return sentences


def _add(
    out: list[Sentence], text: str, start: int, end: int, first: bool, last: bool
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], first, last))
