"""The walk over a document's sentences, in order: the figures of each sentence,
their sources and sides, and the claims they become.
"""

from __future__ import annotations

import re

from claims.extraction.claim import ExtractedClaim
from claims.extraction.document import Document
from claims.extraction.figures import (
    Figure,
    analyse,
    counts_people_or_things,
    drop_particle,
)
from claims.extraction.mentions import Mention
from claims.extraction.numbers import excluded, find_numbers
from claims.extraction.sentences import Sentence
from claims.extraction.sides import SPEAKER
from claims.extraction.source_carrying import SourceCarrying

# Only sentences with a digit or a number word reach the expensive stages.
_HAS_FIGURE = re.compile(
    r"\d|(?<![^\W\d_])(?=[a-z])\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|dozen|half|third|quarter|fifth|tenth)\b",
    re.I,
)


class SentenceWalk(SourceCarrying):
    """Walks the sentences in order, carrying sources and sides from one to the next."""

    def __init__(self, doc: Document, mentions: list[list[Mention]]) -> None:
        super().__init__()
        self.doc = doc
        self.mentions = mentions
        self.out: list[ExtractedClaim] = []
        self.prev_figures: list[Figure] = []
        self.last_figure: Figure | None = None

    def claims(self) -> list[ExtractedClaim]:
        for index, sentence in enumerate(self.doc.sentences):
            self._sentence(index, sentence)
        return self.out

    def _sentence(self, index: int, sentence: Sentence) -> None:
        resolved = self._resolve_mentions(self.mentions[index])
        if sentence.line_start:
            self._new_line(sentence)
        figures = self._figures(sentence) if _HAS_FIGURE.search(sentence.text) else []
        starts = [m.start for m, _ in resolved]
        for figure in figures:
            figure.source = self._source_for(sentence, figure, resolved, starts)
            if figure.party == SPEAKER:
                figure.party = self._speaker_party(figure, sentence)
        self._emit(sentence, figures)
        self._after(sentence, figures, resolved)

    # --- figures ---------------------------------------------------------------
    def _figures(self, sentence: Sentence) -> list[Figure]:
        text = sentence.text
        exprs, seen_percent = [], False
        for expr in find_numbers(text):
            expr = drop_particle(text, expr)
            if not excluded(text, expr, seen_percent) and counts_people_or_things(
                text, expr
            ):
                exprs.append(expr)
            seen_percent = seen_percent or expr.unit == "percent"
        figures: list[Figure] = []
        for i, expr in enumerate(exprs):
            prev_end = exprs[i - 1].end if i else 0
            next_start = exprs[i + 1].start if i + 1 < len(exprs) else len(text)
            figure = analyse(
                self.doc,
                sentence,
                expr,
                prev_end,
                next_start,
                figures,
                self.prev_figures,
                self.last_figure,
            )
            if figure is not None:
                figures.append(figure)
                self.last_figure = figure
        return figures

    def _emit(self, sentence: Sentence, figures: list[Figure]) -> None:
        base = sentence.start
        for f in figures:
            e = f.expr
            slug, phrase = f.source
            self.out.append(
                ExtractedClaim(
                    start=base + e.start,
                    end=base + e.end,
                    quote=sentence.text[e.start : e.end],
                    sentence_start=sentence.start,
                    sentence_end=sentence.end,
                    sentence=sentence.text,
                    value=e.value,
                    low=e.low,
                    high=e.high,
                    qualifier=f.qualifier,
                    unit=e.unit,
                    category=f.category,
                    equipment_type=f.equipment_type,
                    party=f.party,
                    source_slug=slug,
                    attribution=phrase if slug else None,
                )
            )
