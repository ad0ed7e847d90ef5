"""Finding the phrases of a word table in text with one dictionary lookup per word.

A regular expression alternation of a few hundred phrases tries every branch at
every word; this looks the word up first and runs a small pattern only on a hit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_WORD = re.compile(r"(?<![\w-])[^\W\d_]+")
_KEY = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class PhraseMatch:
    start: int
    end: int
    text: str
    label: str


class PhraseTable:
    """Phrases (case-blind, any whitespace between words) mapped to labels.

    >>> table = PhraseTable({"killed": "k", "killed or wounded": "c"})
    >>> [(m.text, m.label) for m in table.finditer("40 killed or  wounded, 3 killed")]
    [('killed or  wounded', 'c'), ('killed', 'k')]
    """

    def __init__(self, phrases: dict[str, str] | Iterable[tuple[str, str]]) -> None:
        items = phrases.items() if isinstance(phrases, dict) else phrases
        by_key: dict[str, list[str]] = defaultdict(list)
        self._labels: dict[str, str] = {}
        for phrase, label in items:
            norm = " ".join(phrase.lower().split())
            key = _KEY.match(norm)
            if not key or norm in self._labels:
                continue
            self._labels[norm] = label
            by_key[key.group()].append(norm)
        self._patterns = {
            key: re.compile(
                "|".join(
                    re.escape(p).replace(r"\ ", r"\s+")
                    for p in sorted(ps, key=len, reverse=True)
                )
                + r"(?![\w-])",
                re.IGNORECASE,
            )
            for key, ps in by_key.items()
        }

    def label(self, text: str) -> str | None:
        return self._labels.get(" ".join(text.lower().split()))

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[PhraseMatch]:
        end = len(text) if end is None else end
        patterns, taken = self._patterns, start
        for word in _WORD.finditer(text, start, end):
            if word.start() < taken:
                continue  # inside the phrase found last
            pattern = patterns.get(word.group().lower())
            if pattern is None:
                continue
            m = pattern.match(text, word.start(), end)
            if m:
                yield PhraseMatch(
                    m.start(), m.end(), m.group(), self.label(m.group()) or ""
                )
                taken = m.end()

    def search(
        self, text: str, start: int = 0, end: int | None = None
    ) -> PhraseMatch | None:
        return next(self.finditer(text, start, end), None)
