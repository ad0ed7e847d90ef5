"""One figure in a sentence: the noun it counts, what was lost, and whose loss."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from claims.extraction import categories as cat
from claims.extraction.attribution_words import is_hedged
from claims.extraction.numbers import NumberExpr
from claims.extraction.sentences import Sentence
from claims.extraction.sides import last_match, party_of

_CLAUSE_BREAK = re.compile(
    r";|\s[-\u2013\u2014]\s|,\s*(?:while|whereas|but)\b|\bwhile\b"
)
# The head window after a figure stops at punctuation or a word that starts a new
# phrase.
_WINDOW_STOP = re.compile(
    r",(?!\d{3})|[;:!?()\"\u201c\u201d\u2014\u2013]|(?<!\b[A-Z])\.(?=\s|$)|\s(?:from|in|at|on|by|with|for|to|into"
    r"|over|since|during|after|before|who|which|that|were|was|are|is|have|has|had|will|would"
    r"|could|and\s+(?:\d|an?\s|the\s)|as|than|while|when|out|across|near|inside|under)\b",
    re.I,
)
_OF_ANTECEDENT = re.compile(
    r"^\s*(?:more\s+|of\s+)?(?:of\s+)?(?:them|those|these|whom|which)\b", re.I
)
_BRIDGE = re.compile(
    r"^(?:\s+(?:a|an|the|another|some|further|additional|total|of|estimated|only|just|more|still"
    r"|already|nearly|almost|roughly|about|at|least|most|up|to|over|more|than|around|some))*\s*$",
    re.I,
)
_LABEL = re.compile(
    r"(?:^|[,(]\s*)([A-Za-z][\w '\u2019-]{0,50}?)\s*[:\u2014\u2013]\s*"
    r"(?:a\s+further\s+|another\s+)?$"
)
_HEADLESS_OK = frozenset(
    """were was are is have has had more further additional other others people
    of in over from to at and on who that already so now reported
    confirmed killed dead died wounded injured missing captured arrested
    detained fled remain remained had been being as by the among
    including with were, were. or including, a according since during
    last this more, also still in. included include includes does did do
    not""".split()
)
CONTINUATION = re.compile(
    r"^\W*(?:(?:of|among)\s+(?:these|those|them|whom|the\s+\w+)\b|[^.;:]{0,40}?\b(?:of|among)\s+(?:them|these|those)\b)",
    re.I,
)
_PERSON_LOSS_CATEGORY = {
    "lost": "killed",
    "losing": "killed",
    "loses": "killed",
    "lose": "killed",
    "toll": "killed",
    "losses": "casualties",
}


@dataclass
class Figure:
    """A figure under analysis in one sentence (offsets relative to the sentence)."""

    expr: NumberExpr
    head: cat.Head | None = None
    category: str | None = None
    equipment_type: str | None = None
    party: str | None = None
    qualifier: str = "exact"
    source: tuple[str | None, str | None] = (None, None)  # slug, phrase


# Between two figures that share one verb: "230 Ukrainians and 248 Russians freed".
_COORDINATED = re.compile(
    r"\s*(?:[\w'\u2019-]+\s+){0,2}?[\w'\u2019-]*\s*(?:,|and|,\s*and)\s*"
)
_TOPIC = re.compile(r"\b(?:prisoner\s+)?(?:swap|exchange)\b", re.I)
_PREDICATE = re.compile(r"\b(?:been|\w{3,}ed)\b", re.I)
_FIGURE_OF = re.compile(
    r"\b(?:count|figure|toll|tally|number|total|estimate|estimates|death toll)\s+"
    r"(?:of|at|to|was|is|stood at|"
    r"stands at|rose to|climbed to|reached|risen to|has risen to|now at)\s*$",
    re.I,
)
_NOT_ONE = re.compile(r"\b(?:every|each|no|any|which|the|this|that|only|of)\s*$", re.I)
_OF_WHOLE = re.compile(r"\s+of\s+(?:the\s+)?\d[\d,.]*\s+")
_COPULA = re.compile(r"\s*(?:were|was|are|is)\s+", re.I)
_OF_NEXT = re.compile(r"\s+of\b")
_SPEAKS_NEXT = re.compile(
    r"^[\w\s-]{0,40}?\b(?:said|says|told|added|recalled|explained|spoke)\b"
)
_AND_END = re.compile(r"\band\s*$")
_ALSO = re.compile(r"\balso\b")
_NEXT_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b"
)
_WORDS = re.compile(r"[\w']+")
_SPACE_LETTER = re.compile(r" [^\W\d]")
_PARTICLE_VERB = re.compile(
    r"\b(?:handed|hand|hands|handing|taken|took|turned|gave|given|brought|carried)\s*$",
    re.I,
)


def drop_particle(text: str, expr: NumberExpr) -> NumberExpr:
    """ "handed over 248": "over" belongs to the verb, not to the figure."""
    if expr.start != expr.number_start and _PARTICLE_VERB.search(
        text, max(0, expr.start - 30), expr.start
    ):
        from dataclasses import replace

        qualifier = "exact" if expr.qualifier != "range" else "range"
        return replace(expr, start=expr.number_start, qualifier=qualifier)
    return expr


def counts_people_or_things(text: str, expr: NumberExpr) -> bool:
    """False for a figure followed by a noun of something else ("two sides", "48
    swaps").
    """
    if expr.is_word and expr.value == 1:
        if _NOT_ONE.search(text, max(0, expr.start - 20), expr.start) or _OF_NEXT.match(
            text[expr.end : expr.end + 80]
        ):
            return False
    words = text[expr.end : expr.end + 60].split()
    words = [w for w in words if not w.lower().endswith("ly")]
    if not words or not words[0][:1].isalpha():
        return True
    if _FIGURE_OF.search(text, max(0, expr.start - 60), expr.start):
        return True
    first = words[0].lower().strip(".,;:!?\"'\u201d\u2019")
    if (
        first in _HEADLESS_OK
        or first in cat.CUES
        or _COPULA.match(" " + " ".join(words[:2]))
    ):
        return True
    window = text[expr.end : _window_end(text, expr.end, len(text))]
    return bool(cat.NOUN_RE.search(window)) or bool(_OF_ANTECEDENT.match(window))


# Every look around a figure is bounded, so a sentence of a megabyte costs linear time.
REACH = 250


def analyse(
    doc, sentence, expr, prev_end, next_start, earlier, prev_sentence, last
) -> Figure | None:
    text = sentence.text
    clause_start, clause_end = _clause(sentence, expr.start)
    clause_start = max(clause_start, expr.start - REACH)
    clause_end = min(clause_end, expr.end + REACH)
    before_start = max(prev_end, clause_start)
    after_end = min(next_start, clause_end)
    figure = Figure(expr, qualifier=expr.qualifier)
    head, inherited = _head(text, expr, before_start, after_end, earlier, prev_sentence)
    if (
        inherited is None
        and head is None
        and _FIGURE_OF.search(text, _back(expr), expr.start)
        and last is not None
    ):
        inherited = last  # "an earlier count of 210": the figure of the claim before
        head = last.head
    if expr.is_word and expr.value == 1 and head is None:
        return None  # "one" without a noun is a pronoun
    if (
        expr.unit == "percent"
        and (head is None or head.kind == "equipment")
        and inherited is None
    ):
        return (
            None  # "a fifth of its territory": a share of something other than people
        )
    if (
        head is not None
        and expr.is_word
        and _SPEAKS_NEXT.match(text[expr.end : expr.end + 80])
        and not _AND_END.search(text[_back(expr) : expr.start])
    ):
        return None  # "one captured soldier said": a person, not a figure
    figure.head = head
    category = _category(text, expr, head, before_start, after_end, clause_end)
    if category is None and inherited is not None:
        category = inherited.category
    if category is None and prev_sentence and CONTINUATION.match(text):
        category = prev_sentence[-1].category  # "Of these, 280 were civilians"
    if category is None and prev_sentence and head is not None and _has_also(sentence):
        category = prev_sentence[
            -1
        ].category  # "six civilians were also part of the group"
    if category is None and earlier and _compatible(head, earlier[-1]):
        category = earlier[-1].category  # a list: "14 airplanes, eight helicopters"
    if (
        category is None
        and head is not None
        and head.kind == "equipment"
        and _label_line(sentence, expr)
    ):
        category = "equipment"
    if category is None:
        return None
    if head is not None and head.kind == "equipment":
        figure.category, figure.equipment_type = "equipment", head.equipment_type
    elif head is None and inherited is not None and inherited.category == "equipment":
        figure.category, figure.equipment_type = "equipment", inherited.equipment_type
    elif (
        head is None
        and category == "equipment"
        and earlier
        and earlier[-1].category == "equipment"
    ):
        figure.category, figure.equipment_type = "equipment", earlier[-1].equipment_type
    elif category in ("equipment", "loss"):
        return None
    else:
        figure.category = category
        if (
            category == "detained"
            and head is not None
            and head.kind in ("forces", "nationality", "enemy")
        ):
            figure.category = "captured"
    earlier_party = earlier[-1].party if earlier else None
    figure.party = party_of(
        doc,
        sentence,
        expr,
        head,
        inherited,
        figure.category,
        clause_start,
        clause_end,
        earlier_party,
    )
    if figure.qualifier == "exact" and is_hedged(text[clause_start : expr.start]):
        figure.qualifier = "approximate"
    return figure


def _compatible(head: cat.Head | None, previous: Figure) -> bool:
    if head is None:
        return False
    return (head.kind == "equipment") == (previous.category == "equipment")


def _label_line(sentence: Sentence, expr: NumberExpr) -> bool:
    return sentence.line_start and bool(
        _LABEL.search(sentence.text, _back(expr), expr.start)
    )


def _back(expr: NumberExpr) -> int:
    return max(0, expr.start - REACH)


@lru_cache(maxsize=64)
def _clause_breaks(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    found = list(_CLAUSE_BREAK.finditer(text))
    return tuple(m.start() for m in found), tuple(m.end() for m in found)


@lru_cache(maxsize=64)
def _has_also_text(text: str) -> bool:
    return bool(_ALSO.search(text))


def _has_also(sentence: Sentence) -> bool:
    return _has_also_text(sentence.text)


def _clause(sentence: Sentence, pos: int) -> tuple[int, int]:
    """The clause around `pos`: between semicolons, dashes and "while"."""
    starts, ends = _clause_breaks(sentence.text)
    i = bisect_right(ends, pos)
    start = ends[i - 1] if i else 0
    j = bisect_left(starts, pos)
    end = starts[j] if j < len(starts) else len(sentence.text)
    return start, end


def _head(text, expr, before_start, after_end, earlier, prev_sentence):
    """The noun a figure counts, and the figure it stands in for ("22 of them")."""
    window_end = _window_end(text, expr.end, after_end)
    window = text[expr.end : window_end]
    antecedent = _OF_ANTECEDENT.match(window)
    if antecedent:
        target = (
            earlier[-1] if earlier else (prev_sentence[-1] if prev_sentence else None)
        )
        rest = window[antecedent.end() :]
        m = cat.NOUN_RE.search(rest)
        if m:  # "four of them children"
            s = expr.end + antecedent.end() + m.start()
            return cat.classify_noun(m.group(), s, s + len(m.group())), target
        if target is not None:
            return target.head, target
        return _last_noun(text, _back(expr), expr.start), None
    label = _LABEL.search(text, max(0, expr.start - 80), expr.start)
    if label and label.end() == expr.start:
        m = last_match(cat.NOUN_RE, label.group(1))
        if m:
            s = label.start(1) + m.start()
            return cat.classify_noun(m.group(), s, s + len(m.group())), None
    copula = _COPULA.match(text, expr.end)
    if (
        copula and not window.strip()
    ):  # "425 were civilians", "22 were Ukrainian servicemen"
        m = cat.NOUN_RE.search(
            text, copula.end(), _window_end(text, copula.end(), after_end)
        )
        if m and cat.classify_noun(m.group(), 0, 0).kind in (
            "civilian",
            "forces",
            "nationality",
            "people",
        ):
            return cat.classify_noun(m.group(), m.start(), m.end()), None
    share = _OF_WHOLE.match(text, expr.end)
    if share:  # "21 of 28 drones": the noun after the whole
        window = text[share.end() : _window_end(text, share.end(), after_end)]
        m = cat.NOUN_RE.search(window)
        if m:
            return cat.classify_noun(
                m.group(), share.end() + m.start(), share.end() + m.end()
            ), None
    m = cat.NOUN_RE.search(window)
    if m:
        head = cat.classify_noun(m.group(), expr.end + m.start(), expr.end + m.end())
        if head.kind == "category":
            # "60 wounded people": the noun says who, the adjective what happened
            nxt = cat.NOUN_RE.match(text, expr.end + m.end() + 1)
            if nxt and _SPACE_LETTER.match(text[expr.end + m.end() : nxt.start() + 1]):
                who = cat.classify_noun(nxt.group(), nxt.start(), nxt.end())
                if who.kind != "equipment":
                    return cat.Head(
                        who.text, who.kind, head.category, None, who.start, who.end
                    ), None
        if head.kind == "equipment":
            phrase_end = _window_end(text, expr.end, after_end)
            kind = (
                cat.equipment_type(text[expr.end : phrase_end]) or head.equipment_type
            )
            head = cat.Head(
                head.text, "equipment", "equipment", kind, head.start, head.end
            )
        return head, None
    if earlier and _bare(window):
        return earlier[-1].head, earlier[-1]
    noun = _last_noun(text, before_start, expr.start)
    if noun is not None and noun.kind in ("equipment", "category") and _bare(window):
        if not _governed(text, noun.end, expr):  # "Drone attack kills 9": the agent
            return noun, None
    return None, None


def _governed(text: str, start: int, expr: NumberExpr) -> bool:
    """A loss verb right before the figure takes it as its object ("... kills 9")."""
    last = None
    for m in cat.CUE_RE.finditer(text, start, expr.start):
        last = m
    return bool(
        last
        and "f" in _directions(last.group())
        and _BRIDGE.match(text[last.end() : expr.start])
    )


def _bare(window: str) -> bool:
    """No noun of its own right after a figure: "a further three over the region"."""
    words = [w for w in window.split() if not w.lower().endswith("ly")]
    return (
        not words
        or words[0].lower().strip(".,") in _HEADLESS_OK
        or not words[0][:1].isalpha()
    )


def _window_end(text: str, start: int, limit: int) -> int:
    end = min(limit, start + 70)
    stop = _WINDOW_STOP.search(text, start, end)
    return stop.start() if stop else end


def _last_noun(text: str, start: int, end: int) -> cat.Head | None:
    found = None
    for m in cat.NOUN_RE.finditer(text, start, end):
        found = m
    if found is None:
        return None
    head = cat.classify_noun(found.group(), found.start(), found.end())
    if head.kind == "equipment":
        phrase_start = max(start, found.start() - 30)
        kind = (
            cat.equipment_type(text[phrase_start : found.end()]) or head.equipment_type
        )
        head = cat.Head(head.text, "equipment", "equipment", kind, head.start, head.end)
    return head


def _category(text, expr, head, before_start, after_end, clause_end) -> str | None:
    """What was lost, from the noun ("deaths") and the loss words around the figure.

    In order: a loss verb right before the figure ("killed at least 40"), the noun
    ("40 deaths"), a loss word after it up to a comma ("40 were killed"), the nearest
    before it, then after the comma, then later in the clause ("eight people, four of
    them children, were shot dead").
    """
    noun_category = (
        head.category if head is not None and head.kind != "equipment" else None
    )
    person = head is None or head.kind != "equipment"
    blocked = _blocked(text, before_start, expr.start)
    before = [
        (m.start(), m.end(), m.group())
        for m in cat.CUE_RE.finditer(text, before_start, expr.start)
    ]
    if before and not blocked:
        s, e, word = before[-1]
        if "f" in _directions(word) and _BRIDGE.match(text[e : expr.start]):
            found = _as_category(word, person)
            if found:
                return _combine(noun_category, found)
    if noun_category:
        return noun_category
    comma = text.find(",", expr.end, after_end)
    first_part = after_end if comma == -1 else comma
    found = _first_after(text, expr.end, first_part, person)
    if found:
        return found
    if blocked:
        return None
    for _s, _e, word in reversed(before):
        if _directions(word) == "f":
            # "lost contact with 3 units": "lost" takes only the figure right after it
            continue
        found = _as_category(word, person)
        if found:
            return found
    found = _first_after(text, first_part, after_end, person)
    if found or _PREDICATE.search(text, expr.end, after_end):
        return found
    if not _COORDINATED.fullmatch(text, expr.end, after_end):
        # only a topic word covers the whole sentence: "... home, Kyiv welcomes back 230
        # in swap"
        topic = _TOPIC.search(text, after_end, min(clause_end, after_end + REACH))
        return "captured" if topic and person else None
    # no verb of its own: "eight people, four of them children, were shot dead"
    return _first_after(text, after_end, min(clause_end, after_end + REACH), person)


def _first_after(text: str, start: int, end: int, person: bool) -> str | None:
    for m in cat.CUE_RE.finditer(text, start, end):
        word = m.group()
        if "b" in _directions(word) or "a" in _directions(word):
            # a loss verb that governs the next figure is not this one's
            if "f" in _directions(word) and _governs_next(text, m.end()):
                continue
            found = _as_category(word, person)
            if found:
                return found
    return None


def _governs_next(text: str, end: int) -> bool:
    """A loss verb directly before another figure ("and injured 3,182") is that
    figure's.
    """
    digit = _NEXT_NUMBER.search(text[end : end + 40])
    return bool(digit) and bool(_BRIDGE.match(text[end : end + digit.start()]))


def _blocked(text: str, start: int, end: int) -> bool:
    """A verb that takes a figure without a loss: "launched 40 drones", "has 500,000
    troops".
    """
    words = _WORDS.findall(text[start:end])
    for word in reversed(words):
        low = word.lower()
        if low in cat.BRIDGE_WORDS:
            continue
        return low in cat.NON_LOSS_VERBS
    return False


def _directions(word: str) -> str:
    return cat.CUES.get(" ".join(word.lower().split()), ("", ""))[1]


def _as_category(word: str, person: bool) -> str | None:
    key = " ".join(word.lower().split())
    category = cat.CUES.get(key, (None, ""))[0]
    if category == "loss":
        if not person:
            return "equipment"
        return _PERSON_LOSS_CATEGORY.get(key)
    if not person:
        return "equipment" if category in ("killed", "captured") else None
    return category


def _combine(noun_category: str | None, cue_category: str) -> str:
    # "freed 200 prisoners" and "arrested 40 detainees" agree; otherwise the verb says
    # what happened
    return cue_category
