"""Which source gives each figure: the nearest attribution in its sentence, else one
carried from earlier sentences (a list's intro, "Of these ...", a run of paragraphs).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from claims.extraction import categories as cat
from claims.extraction.attribution_words import PRONOUNS
from claims.extraction.document import Document
from claims.extraction.figures import CONTINUATION, REACH, Figure
from claims.extraction.mentions import Mention
from claims.extraction.sentences import Sentence
from claims.extraction.sides import context_party
from claims.extraction.source_resolution import is_person_like, resolve

_COMMA = re.compile(r"[,;]")
_LABEL_LINE = re.compile(r"^[^:\u2014\u2013]{1,60}[:\u2014\u2013]\s*\S")
_LOSS_WORD = re.compile(r"\b(?:losses|casualties|toll|death toll)\b", re.I)


class SourceCarrying:
    """The attribution half of a walk over a document's sentences: what earlier
    sentences said about sources, and the source of each figure.
    """

    doc: Document
    prev_figures: list[Figure]

    def __init__(self) -> None:
        self.prev_source: tuple[str | None, str | None] = (None, None)
        # the source named in the last two sentences, for "Among the dead were ..."
        self.recent_source: tuple[str | None, str | None] = (None, None)
        self.recent_age = 0
        self.list_source: tuple[str | None, str | None] = (None, None)
        self.run_source: tuple[str | None, str | None] = (None, None)
        self.run_paragraphs = 0
        # a line ending "...:" with a source opens a list; the lines after it are items
        self._list_intro_pending = False

    # --- attribution -----------------------------------------------------------
    def _resolve_mentions(self, mentions: list[Mention]) -> list[tuple[Mention, str]]:
        out = []
        for m in mentions:
            if m.direction == "colon":
                slug = self.doc.catalog.resolve(m.text)
                m = Mention(m.start, m.end, m.text, m.cue_start, "fwd", "colon")
            else:
                slug = resolve(m.text, self.doc.catalog, self.doc.state)
            if slug is None:
                continue
            person = (
                is_person_like(m.text, slug, self.doc.catalog)
                and m.text.lower() not in PRONOUNS
            )
            if m.text.lower() not in PRONOUNS:
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
