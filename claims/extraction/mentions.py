"""Attribution phrases in a sentence ("X said", "according to X", "X's figures"),
with the direction each one covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.attribution_words import (
    FIGURE_WORDS,
    PASSIVE_BEFORE,
    SOURCE_AFTER,
    SPEECH_VERBS,
    WEAK_VERBS,
    looks_like_source,
)
from claims.extraction.patterns import alternation
from claims.extraction.phrases import PhraseMatch, PhraseTable

# "400 reported killed": a reporting verb followed by the loss is not attribution.
_AFTER_VERB_PASSIVE = re.compile(
    r"\s+(?:killed|dead|wounded|injured|missing|captured|detained|died|arrested)\b(?!\s+(?:at\s+least\s+|more\s+than\s+)?\d)",
    re.I,
)


def _alternation(words) -> str:
    """Longest first, any whitespace between words; for a case-blind pattern."""
    return alternation(
        sorted(words, key=len, reverse=True),
        lambda w: re.escape(w).replace(r"\ ", r"\s+"),
        ignorecase=True,
    )


VERB_RE = re.compile(rf"(?<![\w-])(?:{_alternation(SPEECH_VERBS)})(?![\w-])", re.I)
# Looked for only in the few words before a figure word, so the scan stays cheap.
POSSESSIVE_RE = re.compile(
    r"(?<![\w-])((?:[\w.-]+\s+){0,5}?[\w.-]+)['\u2019]s?\s+(?:\w+\s+){0,3}?$", re.I
)
# One table for the three kinds of cue; a phrase in two kinds keeps the first:
# "reported by" is a preposition, "reported" a verb, "report" a figure word.
_ANY_CUE = PhraseTable(
    [(p, "after") for p in SOURCE_AFTER]
    + [(v, "verb") for v in SPEECH_VERBS]
    + [(w, "figure") for w in FIGURE_WORDS]
)
# "UN: at least 1,500 killed": a headline that opens with its source.
COLON_HEAD_RE = re.compile(r"^([^:]{2,40}):\s")
# Where a subject phrase stops, looking back from its verb.
_DIGIT = re.compile(r"\d")
_HARD_STOP = re.compile(r"[;:\"\u201c\u201d\u2014\u2013]|\s-\s|['\u2019](?=\s|$)")
_SOFT_STOP = re.compile(
    r"\b(?:that|and|but|while|whereas|as|if|when|because|so)\b", re.I
)
_TRAILING_RELATIVE = re.compile(r",\s*(?:which|who|whose|where)\b[^,]*,?\s*$", re.I)
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|\s)(he|she|they|it|we)\s+(?:(?:has|have|had|also|later|then|previously|had\s+also)\s+)*$",
    re.I,
)
_LEADING_PREP = re.compile(
    r"^\s*(?:in|on|at|by|from|since|after|before|over|under|during|with|for|of)\b", re.I
)
_NOUN_DETERMINERS = frozenset(
    """a an the new its their his her this that latest last recent earlier
    official public previous first final own whose""".split()
)
_AUXILIARIES = frozenset(
    """don't don\u2019t do did didn't didn\u2019t will would can could should
    must to not never may might won't won\u2019t cannot""".split()
)
_PHRASE_END = re.compile(
    r"[,;:.!?\"\u201c\u201d()\u2014\u2013]|\s(?:which|who|that|on|in|at|as|and|but|while|after|since|when|to|for|with|from)\s",
    re.I,
)
_POSSESSIVE_END = re.compile(r"['\u2019]s?$")
_TO_BE = re.compile(r"\s+to\s+be\b", re.I)
_REPORT_ON = re.compile(r"\s+on\b(?!\s+\w+day)", re.I)
_CLOSING = re.compile(r"\s*(?:on\s+\w+|in\s+a\s+\w+|late\s+\w+|\w+day)?\s*[.,;!?]?\s*$")
_PUNCTUATION_NEXT = re.compile(r"\s*[,.;]")
_ASIDE = re.compile(r"^\s*(?:citing|for its part|in a \w+|on \w+day)", re.I)
_RELATIVE = re.compile(r"^\s*(?:which|who|whose|where)\b", re.I)
_LEADING = re.compile(
    r"^(?:also|however|meanwhile|separately|then|later|now|on\s+\w+day|by|in|from|per|under|with"
    r"|last\s+(?:year|month|week|night)|earlier|yesterday|today|this\s+(?:year|month|week))\s+",
    re.I,
)
_TRAILING = re.compile(
    r"\s+(?:also|has|have|had|had\s+also|also\s+has|previously|earlier|later|then|on\s+\w+|now|already|itself|himself|herself|,)$",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    """An attribution phrase in a sentence: `text` at [start, end), with the cue's
    direction.
    """

    start: int
    end: int
    text: str
    cue_start: int
    # "fwd": covers what follows; "back": what precedes; "colon": a headline's "X:"
    direction: str
    kind: str = "verb"  # verb | preposition ("according to X") | possessive | colon
    # a verb that is not saying ("marked", "found"): covers its own phrase only
    weak: bool = False


def find_mentions(sentence: str) -> list[Mention]:
    """Attribution phrases in `sentence`, left to right.

    >>> [m.text for m in find_mentions("It lost 40 tanks, Ukraine's army said.")]
    ["Ukraine's army"]
    """
    found: list[Mention] = []
    afters, verbs, figure_words = [], [], []
    # one scan of the sentence for all three kinds of cue
    for m in _ANY_CUE.finditer(sentence):
        (
            afters
            if m.label == "after"
            else verbs
            if m.label == "verb"
            else figure_words
        ).append(m)
    for m in afters:
        source_start = (
            m.end
            + len(sentence[m.end : m.end + 5])
            - len(sentence[m.end : m.end + 5].lstrip())
        )
        end = _phrase_end(sentence, source_start)
        text = sentence[source_start:end].strip()
        if text and not text[0].isdigit():
            lead = sentence[max(0, m.start - 40) : m.start]
            at_start = (
                m.start <= 40 and not lead.strip(" ,")
            ) or lead.rstrip().endswith(":")
            direction = "fwd" if at_start else "back"
            found.append(
                Mention(
                    source_start,
                    source_start + len(text),
                    text,
                    m.start,
                    direction,
                    "preposition",
                )
            )
    for word in figure_words:
        lead = max(0, word.start - 90)
        m = POSSESSIVE_RE.search(sentence, lead, word.start)
        if m is None or "'" not in m.group() and "\u2019" not in m.group():
            continue
        subject = _trim_subject(sentence, m.start(1), m.end(1))
        if subject:
            text = sentence[subject[0] : subject[1]]
            found.append(
                Mention(subject[0], subject[1], text, word.start, "fwd", "possessive")
            )
    for m in verbs:
        mention = _verb_mention(sentence, m)
        if mention:
            found.append(mention)
    head = COLON_HEAD_RE.match(sentence)
    if head:
        found.append(
            Mention(
                head.start(1), head.end(1), head.group(1), head.end(1), "colon", "colon"
            )
        )
    found.sort(key=lambda x: x.start)
    return _dedupe(found)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end and m.end > out[-1].start:
            # a saying beats a weak verb ("Figures from X show"), then the longer phrase
            if (not m.weak, m.end - m.start) > (
                not out[-1].weak,
                out[-1].end - out[-1].start,
            ):
                out[-1] = m
            continue
        out.append(m)
    return out


def _phrase_end(sentence: str, start: int) -> int:
    """Where a source named after "according to" ends."""
    limit = min(len(sentence), start + 120)
    m = _PHRASE_END.search(sentence, start, limit)
    end = m.start() if m else limit
    # keep "the press service of the Kharkiv Regional Prosecutor's Office" whole
    while (
        m
        and _joins_name(sentence, m)
        and end - start < 80
        and sentence[start:end].strip()
    ):
        m = _PHRASE_END.search(sentence, m.end(), limit)
        end = m.start() if m else limit
    # "figures from the UN refugee agency show some 7.7 million": a verb or a figure
    # ends it
    verb = VERB_RE.search(sentence, start, end)
    digit = _DIGIT.search(sentence, start, end)
    return min(verb.start() if verb else end, digit.start() if digit else end)


def _joins_name(sentence: str, m: re.Match[str]) -> bool:
    """ "of"/"in" go on; "for"/"on" only in a name ("Organization for Migration")."""
    word = m.group().strip().lower()
    if word in ("in", "of"):
        return True
    if word == "and":  # "Armed Conflict Location and Event Data Project"
        before = sentence[max(0, m.start() - 20) : m.start()].split()
        return (
            bool(before)
            and before[-1][:1].isupper()
            and sentence[m.end() : m.end() + 1].isupper()
        )
    after = sentence[m.end() : m.end() + 20].removeprefix("the ")
    return word in ("for", "on") and after[:1].isupper()


def _verb_mention(sentence: str, m: PhraseMatch) -> Mention | None:
    before = sentence[max(0, m.start - 200) : m.start]
    words_before = before.rsplit(None, 1)[-1:]  # the last word only
    if words_before and words_before[-1].lower() in PASSIVE_BEFORE:
        return None
    if (
        words_before
        and _POSSESSIVE_END.sub("", words_before[-1].lower()) in _NOUN_DETERMINERS
    ):
        return None  # "a new report", "the latest count": a noun, not a verb
    after = sentence[m.end : m.end + 200]
    verb = " ".join(m.text.lower().split())
    if _AFTER_VERB_PASSIVE.match(after) or _TO_BE.match(after):
        return None  # "400 reported killed", "are said to be"
    if verb.startswith("report") and _REPORT_ON.match(after):
        return None  # "Newsweek has reported on the losses": coverage, not a figure
    closing = bool(_CLOSING.match(after)) or bool(_PUNCTUATION_NEXT.match(after))
    # "..., said the Ukrainian president": the subject follows the verb
    if before.rstrip()[-1:] in (",", '"', "\u201d"):
        end = _phrase_end(sentence, m.end)
        text = sentence[m.end : end].strip()
        if (
            text
            and len(text.split()) <= 8
            and not text[0].isdigit()
            and not VERB_RE.match(text)
        ):
            s = sentence.index(text, m.end)
            subject = _trim_subject(sentence, *_back_subject(sentence, m.start))
            if not subject or not looks_like_source(sentence[subject[0] : subject[1]]):
                return Mention(s, s + len(text), text, m.start, "back")
    span = _back_subject(sentence, m.start)
    subject = _trim_subject(sentence, *span)
    if not subject:
        return None
    text = sentence[subject[0] : subject[1]]
    if not looks_like_source(text):
        return None
    weak = verb in WEAK_VERBS
    return Mention(
        subject[0],
        subject[1],
        text,
        m.start,
        "back" if closing else "fwd",
        "verb",
        weak,
    )


def _back_subject(sentence: str, verb_start: int) -> tuple[int, int]:
    """The span before a verb that can hold its subject, skipping ", which ...,"
    clauses.
    """
    start = 0
    for stop in _HARD_STOP.finditer(sentence, max(0, verb_start - 200), verb_start):
        start = stop.end()
    region = sentence[start:verb_start]
    # "X, which has tracked ... since the coup, said": the relative clause goes
    rel = _TRAILING_RELATIVE.search(region)
    if rel:
        region = region[: rel.start()]
    # a pronoun right before the verb is the subject: "as of Monday it had verified"
    pron = _PRONOUN_SUBJECT.search(region)
    if pron:
        return start + pron.start(1), start + pron.end(1)
    soft = 0
    for stop in _SOFT_STOP.finditer(region):
        soft = stop.end()
    region_start = start + soft
    region = region[soft:]
    pieces = [p for p in region.split(",")]
    while len(pieces) > 1 and (
        not _TRAILING.sub("", " " + pieces[-1].strip()).strip()
        or _ASIDE.match(pieces[-1])
    ):
        pieces.pop()
    text = pieces[-1]
    # an appositive: "Oleh Syniehubov, head of the administration, said" keeps both
    if (
        len(pieces) >= 2
        and not _LEADING_PREP.match(pieces[-2])
        and (_looks_like_name(pieces[-2]) or _looks_like_name(pieces[-1]))
        and len(pieces[-2].split()) <= 8
        and not _DIGIT.search(pieces[-2])
        and pieces[-2].strip()[:1].isupper()
        and not VERB_RE.search(pieces[-2])
    ):
        text = pieces[-2] + "," + pieces[-1]
    offset = region.rfind(text) if text else len(region)
    return region_start + offset, region_start + offset + len(text)


def _trim_subject(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    text = sentence[start:end]
    stripped = text.strip()
    if not stripped:
        return None
    start += text.index(stripped)
    text = stripped
    while True:
        new = _LEADING.sub("", text)
        new = _TRAILING.sub("", new).strip()
        if new == text:
            break
        start += text.index(new) if new and new in text else 0
        text = new
    if not text or len(text.split()) > 14 or text[0].isdigit():
        return None
    if text.split()[-1].lower() in _AUXILIARIES:
        return None
    return start, start + len(text)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and all(
        w[:1].isupper() or w.lower() in ("of", "the", "de") for w in words
    )
