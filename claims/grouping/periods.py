"""Reads a claim's period (cumulative, event, window) and subset from its wording."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from claims.grouping.records import GroupableClaim

CUMULATIVE = "cumulative"
EVENT = "event"

_NUMBER_WORDS = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


@dataclass(frozen=True)
class Marker:
    """A wording that sets a period; `keep_words` adds the matched words to it."""

    pattern: re.Pattern[str]
    period: str
    why: str
    keep_words: bool = False


def _marker(pattern: str, period: str, why: str, keep_words: bool = False) -> Marker:
    return Marker(re.compile(pattern, re.IGNORECASE), period, why, keep_words)


# The marker nearest the figure wins, so "a strike killed 5, bringing the total since
# February to 500" gives each figure its own period.
PERIOD_MARKERS: tuple[Marker, ...] = (
    _marker(
        r"\bsince\b",
        CUMULATIVE,
        "counted since a start ('since Feb. 24', 'since then')",
    ),
    _marker(
        r"\b(?:so far|to date|in total|all told|up to now)\b",
        CUMULATIVE,
        "a running total",
    ),
    _marker(
        r"\bcounting from\b|\bfrom the (?:start|beginning|outset) of\b",
        CUMULATIVE,
        "counted from a stated start",
    ),
    _marker(
        r"\b(?:in|during|over) the (?:course of the )?"
        r"(?:war|invasion|conflict|offensive"
        r"|fighting|aggression|occupation)\b",
        CUMULATIVE,
        "the whole conflict so far",
    ),
    _marker(
        r"\b(?:in|during) the (?:first )?year (?:since|after|following)\b",
        CUMULATIVE,
        "a year-long total since a start",
    ),
    # Reporters write "over the past three weeks" for "since the invasion": a look-back
    # of weeks or more is the running total, a day or a week is a window.
    _marker(
        rf"\b(?:over|in|during) the (?:past|last) {_NUMBER_WORDS}"
        r" (?:weeks|months|years)\b",
        CUMULATIVE,
        "a long look-back, read as the total so far",
    ),
    _marker(
        rf"\b(?:in|during|over|within) the first {_NUMBER_WORDS}"
        r" (?:hours|days|weeks)\b",
        "opening",
        "a stated opening window",
        keep_words=True,
    ),
    _marker(
        rf"\b(?:over|in|during|within) the (?:past|last) (?:{_NUMBER_WORDS} )?"
        r"(?:hours|days|24 hours|day|night)\b|\bovernight\b",
        "window:day",
        "a daily window",
    ),
    _marker(r"\b(?:last|past|this) week\b", "window:week", "a weekly window"),
    _marker(r"\b(?:last|past|this) month\b", "window:month", "a monthly window"),
    _marker(
        rf"\b(?:killed|died|wounded|injured|captured|destroyed|shot down|lost)\b"
        rf"[^.,;]{{0,40}}\bon {_WEEKDAYS}\b",
        "window:day",
        "losses of one stated day",
    ),
    # Events by kind, so a prisoner exchange and a strike in one week stay apart while
    # "the strike" and "the attack" on one target meet. Singular nouns only: "48
    # earlier swaps" is a total over many events, not one.
    _marker(
        r"\b(?:strike|airstrike|attack|raid|blast|explosion|bombing|shelling|ambush"
        r"|massacre|crash|sinking|shootdown|stampede|raided|blew up|exploded|struck"
        r"|shot down|bombed|shelled)\b",
        f"{EVENT}:attack",
        "one stated attack, blast or crash",
    ),
    _marker(
        r"\b(?:swap|exchange)\b",
        f"{EVENT}:exchange",
        "one stated exchange or release",
    ),
    _marker(
        r"\b(?:grave|burial site|exhumation|exhumed)\b",
        f"{EVENT}:grave",
        "one stated burial site",
    ),
    _marker(
        r"\b(?:battle|siege|assault|offensive on)\b",
        f"{EVENT}:battle",
        "one stated battle",
    ),
)

# A marker across one of these words belongs to another clause: "290 injured ...
# because a blockade in place since December" does not make the 290 a running total.
BARRIER = re.compile(
    r"\b(?:because|although|though|whereas|while|unlike)\b", re.IGNORECASE
)

# Nouns after a figure that name a part of a larger count: compared only with like
# parts.
SUBSET_NOUNS: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(p, re.IGNORECASE), label, equipment)
    for p, label, equipment in (
        (r"\bgenerals?\b", "generals", False),
        (
            r"\b(?:commanders?|officers?|colonels?|sergeants?|majors?)\b",
            "officers",
            False,
        ),
        (r"\bpilots?\b", "pilots", False),
        (r"\b(?:children|minors|kids|boys|girls|babies)\b", "children", False),
        (r"\bwomen\b", "women", False),
        (
            r"\b(?:journalists|medics|doctors|aid workers|teachers)\b",
            "professions",
            False,
        ),
        (
            r"\b(?:abroad|out of the country|other countries|left the country"
            r"|fled the country|neighbouring countries|neighboring countries)\b",
            "abroad",
            False,
        ),
        (
            r"\b(?:inside the country|internally|within the country|inside ukraine)\b",
            "internal",
            False,
        ),
        (r"\b(?:on|for) each side\b|\bper side\b", "per_side", False),
        (r"\binfantry fighting vehicles?\b", "infantry_fighting_vehicles", True),
        (r"\bpersonnel carriers?\b", "personnel_carriers", True),
        (r"\brocket launchers?\b|\bmlrs\b", "rocket_launchers", True),
        (r"\bfuel (?:tanks?|tankers?|trucks?)\b", "fuel_tanks", True),
    )
)
# Civilians counted inside a soldiers' or mixed total are a part of it.
CIVILIAN_SUBSET = re.compile(r"\bcivilians?\b", re.IGNORECASE)

# Words just before a figure that make it a part of a whole named before it.
PART_BEFORE = re.compile(
    r"\b(?:of (?:these|them|whom|which|those)|among them|among those|including|included"
    r"|includes|of the total)[,:]?\s*$",
    re.IGNORECASE,
)
# "9,000 of them", "another 530 of the losses": a part of a whole named elsewhere.
PART_AFTER = re.compile(r"^\s+of (?:them|these|those|whom|the)\b", re.IGNORECASE)

# Words before a figure that present it as an outdated count.
STALE_BEFORE = re.compile(
    r"(?:\b(?:earlier|previous|initial|original|prior|old|first) (?:\w+ )?"
    r"(?:count|estimate|figure|toll|tally|number|report)s? (?:of|was|at)\s*"
    r"|\b(?:up|rose|risen|revised|down) from\s*"
    r"|\bhad (?:reported|said|put|given|announced)\b[^.;]{0,30})$",
    re.IGNORECASE,
)
# Words in a sentence that say its figures are successive counts, not parts.
UPDATE_WORDS = re.compile(
    r"\b(?:earlier|previous|up from|rose|risen|climbed|revised|replaced|updated)\b",
    re.IGNORECASE,
)

# Killed, wounded and missing counted side by side describe one event ("the strike
# killed
# 400 ... and 300 more were wounded"); flight and arrests pile up on their own clock.
HARM = frozenset({"killed", "wounded", "casualties", "missing"})

_CLAUSE_END = re.compile(
    r"[,;:.!?()\u2014\u2013\"]|\d|\band\b|\bwhile\b", re.IGNORECASE
)
_LIST_LABEL = re.compile(r"^\s*([^.,;:]{3,60}?)\s*[\u2014\u2013:-]\s*$")
_FILLER = {
    "were",
    "was",
    "are",
    "is",
    "have",
    "has",
    "had",
    "been",
    "of",
    "them",
    "these",
    "those",
    "the",
    "a",
    "an",
    "more",
    "other",
    "also",
    "whom",
    "which",
}


def _clause_after(claim: GroupableClaim) -> str:
    """The words following the figure up to the next punctuation, number or 'and'."""
    rest = claim.sentence[claim.sentence_offset + len(claim.quote) :]
    stop = _CLAUSE_END.search(rest)
    return rest[: stop.start()] if stop else rest


def _clause_before(claim: GroupableClaim) -> str:
    return claim.sentence[: claim.sentence_offset]


def _label(claim: GroupableClaim) -> str:
    """What the figure counts in the article's words: the noun after it, or a label."""
    after = _clause_after(claim).strip()
    listed = _LIST_LABEL.match(_clause_before(claim))
    if not after and listed:
        return listed.group(1)
    return after


def period_of(claim: GroupableClaim) -> tuple[str, str] | None:
    """The period the claim's own sentence states, with why; None if it states none."""
    nearest: tuple[int, str, str] | None = None
    lo, hi = claim.sentence_offset, claim.sentence_offset + len(claim.quote)
    for marker in PERIOD_MARKERS:
        for found in marker.pattern.finditer(claim.sentence):
            between = claim.sentence[min(hi, found.end()) : max(lo, found.start())]
            if BARRIER.search(between):
                continue
            distance = max(found.start() - hi, lo - found.end(), 0)
            period = marker.period
            if marker.keep_words:
                period = f"{period}:{' '.join(found.group(0).lower().split()[-3:])}"
            if nearest is None or distance < nearest[0]:
                nearest = (distance, period, f"{marker.why}: '{found.group(0)}'")
    return None if nearest is None else (nearest[1], nearest[2])


def subset_of(claim: GroupableClaim) -> str | None:
    """A part-of-a-larger-count marker from the words around the figure, or None."""
    label = _label(claim)
    equipment = claim.category == "equipment"
    for pattern, name, for_equipment in SUBSET_NOUNS:
        if for_equipment == equipment and pattern.search(label):
            return name
    if claim.party != "civilians" and CIVILIAN_SUBSET.search(label):
        return "civilians"
    if _is_explicit_part(claim):
        return "part:" + _content_words(label)
    return None


def _content_words(label: str) -> str:
    words = [w for w in re.findall(r"[a-z]+", label.lower()) if w not in _FILLER]
    return " ".join(words[:3])


def is_stale(claim: GroupableClaim) -> bool:
    """True when the sentence presents the figure as an earlier, replaced count."""
    return bool(STALE_BEFORE.search(_clause_before(claim)[-60:]))


def resolve_document(claims: Sequence[GroupableClaim]) -> list[GroupableClaim]:
    """Fill period, subset and stale on one article's claims, using their neighbours.

    A figure whose sentence states no period takes the period of the nearest figure of
    the same measure in the article ("400 were killed" after "the strike killed 400"),
    else it is cumulative. Several different figures of one measure and source in one
    sentence, not worded as updates, are a breakdown ("213 soldiers, 11 officers"): each
    is a part, kept apart from the total.

    >>> [c.period for c in resolve_document(article_claims)]  # doctest: +SKIP
    ['event', 'event', 'cumulative']
    """
    ordered = sorted(claims, key=lambda c: c.start)
    stated = {c.key: period_of(c) for c in ordered}
    resolved = []
    for claim in ordered:
        period = claim.period or _inherit(claim, ordered, stated)
        stale = claim.stale if claim.stale is not None else is_stale(claim)
        subset = claim.subset if claim.subset is not None else subset_of(claim)
        resolved.append(replace(claim, period=period, stale=stale, subset=subset))
    return _mark_breakdowns(resolved)


def _same_measure(a: GroupableClaim, b: GroupableClaim) -> bool:
    return (a.category, a.equipment_type, a.party, a.unit) == (
        b.category,
        b.equipment_type,
        b.party,
        b.unit,
    )


def _inherit(
    claim: GroupableClaim,
    ordered: Sequence[GroupableClaim],
    stated: dict[object, tuple[str, str] | None],
) -> str:
    own = stated[claim.key]
    if own is not None:
        return own[0]
    neighbours = [
        c for c in ordered if stated[c.key] is not None and _same_measure(c, claim)
    ]
    if not neighbours and claim.category in HARM:
        neighbours = [
            c
            for c in ordered
            if stated[c.key] is not None
            and c.category in HARM
            and c.party == claim.party
        ]
    if not neighbours:
        return CUMULATIVE  # news figures with no period are running totals by default
    nearest = min(neighbours, key=lambda c: (abs(c.start - claim.start), c.start))
    return stated[nearest.key][0]  # type: ignore[index]


def _is_explicit_part(claim: GroupableClaim) -> bool:
    rest = claim.sentence[claim.sentence_offset + len(claim.quote) :]
    return bool(PART_BEFORE.search(_clause_before(claim))) or (
        claim.unit != "percent" and bool(PART_AFTER.match(rest))
    )


def _speaker(claim: GroupableClaim) -> str | None:
    """One speaker's key, or None where two claims cannot be known to share one."""
    key = claim.source_slug or claim.source_root
    if key in ("other", "media", "ngo"):
        return None  # buckets: "other" and "other" may be two different bodies
    return key or "unattributed"


def _mark_breakdowns(claims: list[GroupableClaim]) -> list[GroupableClaim]:
    by_sentence: dict[tuple[object, ...], list[GroupableClaim]] = {}
    for c in claims:
        if not c.stale and not _is_explicit_part(c) and _speaker(c) is not None:
            key = (
                c.document,
                c.sentence,
                c.category,
                c.equipment_type,
                c.party,
                c.unit,
                _speaker(c),
                c.period,
            )
            by_sentence.setdefault(key, []).append(c)
    parts: dict[object, str] = {}
    for members in by_sentence.values():
        values = {(c.value, c.low, c.high) for c in members}
        if len(values) > 1 and not UPDATE_WORDS.search(members[0].sentence):
            parts.update(
                {
                    c.key: c.subset or "part:" + _content_words(_label(c))
                    for c in members
                }
            )
    return [replace(c, subset=parts[c.key]) if c.key in parts else c for c in claims]


def describe_period(claims: Iterable[GroupableClaim]) -> str:
    """The reasons the claims' own sentences give for their period, for a record."""
    reasons = sorted({p[1] for c in claims if (p := period_of(c)) is not None})
    return (
        "; ".join(reasons) if reasons else "no period stated: read as a running total"
    )
