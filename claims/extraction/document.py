"""What the engine knows about a whole document: its sentences, the sources named so
far, whether it reports a crackdown, and where it names a side's soldiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.extraction import categories as cat
from claims.extraction.catalog import SourceCatalog
from claims.extraction.sentences import Sentence
from claims.extraction.source_resolution import AttributionState

# (the lookahead of the words' first letters only lets the scan skip ahead faster)
_CRACKDOWN = re.compile(
    r"(?=[cdjp])\b(?:junta|coup|crackdown|protest\w*|demonstrat\w+|dissent)\b", re.I
)


def is_crackdown(text: str) -> bool:
    """An article about a junta or protests: unnamed people are not civilians."""
    return len(_CRACKDOWN.findall(text)) >= 3


@dataclass
class Document:
    text: str
    catalog: SourceCatalog
    sentences: list[Sentence] = field(default_factory=list)
    state: AttributionState = field(default_factory=AttributionState)
    crackdown: bool = False
    _context: list[tuple[int, str]] | None = None
    _context_starts: list[int] | None = None

    @property
    def context(self) -> list[tuple[int, str]]:
        """Where the article names a side's soldiers; computed on first need."""
        if self._context is None:
            self._context = [
                (m.start(), cat.context_party(m))
                for m in cat.CONTEXT_RE.finditer(self.text)
            ]
        return self._context

    @property
    def context_starts(self) -> list[int]:
        """The offsets of `context`, for a binary search."""
        if self._context_starts is None:
            self._context_starts = [start for start, _ in self.context]
        return self._context_starts
