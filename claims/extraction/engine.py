"""Orchestration: sentences, then figures, then what was lost, by whom, and who says
so.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from claims.extraction import attribution as attr
from claims.extraction import categories as cat
from claims.extraction.catalog import SourceCatalog
from claims.extraction.figures import (
    CONTINUATION,
    REACH,
    Figure,
    analyse,
    counts_people_or_things,
    drop_particle,
)
from claims.extraction.numbers import excluded, find_numbers
from claims.extraction.sentences import Sentence, split_sentences
from claims.extraction.sides import SPEAKER, context_party

# Only sentences with a digit or a number word reach the expensive stages.
_HAS_FIGURE = re.compile(
    r"\d|(?<![^\W\d_])(?=[a-z])\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|dozen|half|third|quarter|fifth|tenth)\b",
    re.I,
)
_COMMA = re.compile(r"[,;]")
_LABEL_LINE = re.compile(r"^[^:\u2014\u2013]{1,60}[:\u2014\u2013]\s*\S")
_LOSS_WORD = re.compile(r"\b(?:losses|casualties|toll|death toll)\b", re.I)
_CRACKDOWN = re.compile(
    r"\b(?:junta|coup|crackdown|protest\w*|demonstrat\w+|dissent)\b", re.I
)


@dataclass(frozen=True)
class ExtractedClaim:
    """One casualty figure, with its quote and sentence offsets in the text."""

    start: int
    end: int
    quote: str
    sentence_start: int
    sentence_end: int
    sentence: str
    value: int | Decimal | None
    low: int | Decimal | None
    high: int | Decimal | None
    qualifier: str
    unit: str
    category: str
    equipment_type: str | None
    party: str
    source_slug: str | None
    attribution: str | None


@dataclass
class _Document:
    text: str
    catalog: SourceCatalog
    sentences: list[Sentence] = field(default_factory=list)
    state: attr.AttributionState = field(default_factory=attr.AttributionState)
    crackdown: bool = False
    _context: list[tuple[int, str]] | None = None

    @property
    def context(self) -> list[tuple[int, str]]:
        """Where the article names a side's soldiers; computed on first need."""
        if self._context is None:
            self._context = [
                (m.start(), cat.context_party(m))
                for m in cat.CONTEXT_RE.finditer(self.text)
            ]
        return self._context


def extract_claims(
    text: str, catalog: SourceCatalog | None = None
) -> list[ExtractedClaim]:
    """Every casualty figure in `text`, in order.

    >>> [c.quote for c in extract_claims("More than 3,500 soldiers were killed.")]
    ['More than 3,500']
    """
    if catalog is None:
        from claims.extraction.catalog import load_default_catalog

        catalog = load_default_catalog()
    doc = _Document(text, catalog, split_sentences(text))
    doc.crackdown = len(_CRACKDOWN.findall(text)) >= 3

    mentions = [attr.find_mentions(s.text) for s in doc.sentences]

    def ahead() -> list[tuple[str, str]]:
        named = ((m.text, catalog.resolve(m.text)) for found in mentions for m in found)
        return [(text, slug) for text, slug in named if slug]

    doc.state.ahead = ahead
    return _Run(doc, mentions).claims()


class _Run:
    """Walks the sentences in order, carrying sources and sides from one to the next."""

    def __init__(self, doc: _Document, mentions: list[list[attr.Mention]]) -> None:
        self.doc = doc
        self.mentions = mentions
        self.out: list[ExtractedClaim] = []
        self.prev_figures: list[Figure] = []
        self.prev_source: tuple[str | None, str | None] = (None, None)
        # the source named in the last two sentences, for "Among the dead were ..."
        self.recent_source: tuple[str | None, str | None] = (None, None)
        self.recent_age = 0
        self.list_source: tuple[str | None, str | None] = (None, None)
        self.run_source: tuple[str | None, str | None] = (None, None)
        self.run_paragraphs = 0
        self.last_figure: Figure | None = None
        # a line ending "...:" with a source opens a list; the lines after it are items
        self._list_intro_pending = False

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

    # --- attribution -----------------------------------------------------------
    def _resolve_mentions(
        self, mentions: list[attr.Mention]
    ) -> list[tuple[attr.Mention, str]]:
        out = []
        for m in mentions:
            if m.direction == "colon":
                slug = self.doc.catalog.resolve(m.text)
                m = attr.Mention(m.start, m.end, m.text, m.cue_start, "fwd", "colon")
            else:
                slug = attr.resolve(m.text, self.doc.catalog, self.doc.state)
            if slug is None:
                continue
            person = (
                attr.is_person_like(m.text, slug, self.doc.catalog)
                and m.text.lower() not in attr.PRONOUNS
            )
            if m.text.lower() not in attr.PRONOUNS:
                self.doc.state.history.append((m.text, slug, person))
            out.append((m, slug))
        return out

    def _source_for(
        self, sentence: Sentence, figure: Figure, resolved, starts: list[int]
    ) -> tuple[str | None, str | None]:
        """The figure's source: the nearest "X says" before it, else "..., X said"
        after it, else any in the sentence, else one carried from earlier."""
        pos = figure.expr.start
        # mentions are sorted; look at those within reach of the figure only
        lo, hi = (
            bisect_left(starts, pos - 4 * REACH),
            bisect_right(starts, figure.expr.end + 4 * REACH),
        )
        near = resolved[lo:hi]
        for m, s in reversed(near):
            if (
                m.direction == "fwd"
                and m.end <= pos
                and not (m.weak and _COMMA.search(sentence.text, m.cue_start, pos))
            ):
                return s, m.text
        for m, s in near:
            if m.direction != "fwd" and m.start >= figure.expr.end:
                return s, m.text
        nearby = [(m, s) for m, s in near if not m.weak]
        if nearby:
            m, s = min(nearby, key=lambda ms: abs(ms[0].start - pos))
            return s, m.text
        return self._carried(sentence)

    def _speaker_party(self, figure: Figure, sentence: Sentence) -> str:
        side = self.doc.catalog.side(figure.source[0])
        party = cat.FORCES_OF.get(cat.SIDE_OF_SOURCE.get(side or "", ""), "")
        return (
            party
            or context_party(self.doc, sentence.start + figure.expr.start)
            or "other"
        )

    def _carried(self, sentence: Sentence) -> tuple[str | None, str | None]:
        if self._is_label_line(sentence) and self.list_source[0]:
            return self.list_source
        if (
            CONTINUATION.match(sentence.text)
            and self.prev_figures
            and self.prev_source[0]
        ):
            return self.prev_source
        if CONTINUATION.match(sentence.text) and self.recent_source[0]:
            # "Among the dead were four children" right after "He added that ..."
            return self.recent_source
        if self.run_source[0]:
            return self.run_source
        return None, None

    def _new_line(self, sentence: Sentence) -> None:
        if not self._is_label_line(sentence):
            self.list_source = (
                (None, None) if not self._list_intro_pending else self.list_source
            )
            self._list_intro_pending = False
        if self.run_source[0]:
            self.run_paragraphs += 1
            if self.run_paragraphs > 1:
                self.run_source = (None, None)

    def _is_label_line(self, sentence: Sentence) -> bool:
        return sentence.line_start and bool(_LABEL_LINE.match(sentence.text))

    def _after(self, sentence: Sentence, figures: list[Figure], resolved) -> None:
        own = [f.source for f in figures if f.source[0]]
        self.recent_age += 1
        if own or resolved:
            self.recent_source = (
                own[-1] if own else (resolved[-1][1], resolved[-1][0].text)
            )
            self.recent_age = 0
        elif self.recent_age > 1:
            self.recent_source = (None, None)
        if figures:
            self.prev_figures = figures
            self.prev_source = own[-1] if own else (None, None)
        elif sentence.text.strip():
            self.prev_figures = []
        if resolved and sentence.text.rstrip().endswith(":"):
            m, s = resolved[-1]
            self.list_source = (s, m.text)
            self._list_intro_pending = True
        elif self._is_label_line(sentence) and own:
            self.list_source = own[-1]
        if resolved and figures:
            self.run_source = (None, None)
        elif (
            resolved
            and not figures
            and _LOSS_WORD.search(sentence.text)
            and sentence.start > 0
        ):
            # "... heavy losses, according to the military." heads a run of its figures
            heading = [(m, s) for m, s in resolved if m.kind == "preposition"]
            if heading and not sentence.text.rstrip().endswith("?"):
                m, s = heading[-1]
                self.run_source = (s, m.text)
                self.run_paragraphs = 0
        if sentence.text.rstrip().endswith("?"):
            self.run_source = (None, None)

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
