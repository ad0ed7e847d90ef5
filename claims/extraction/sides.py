"""Whose loss a figure is: the side named with its noun, captors, owners, the speaker,
context.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from claims.extraction import categories as cat
from claims.extraction.numbers import NumberExpr

# placeholder: the side of whoever gives the figure, set after attribution
SPEAKER = "speaker"
# "the Palestinian death toll has passed 39,000", "Russian losses reached 50,000"
_ATTACKER = re.compile(
    r"\b(russian|ukrainian|israeli)\s+(?:[\w-]+\s+)?(?:strikes?|attacks?|shelling|missiles?|drones?"
    r"|bombing|bombardment|raids?|air\s*strikes?|offensive)\b",
    re.I,
)
_SIDE_TOLL = re.compile(
    r"\b([A-Z][\w.'\u2019-]+)\s+(?:military\s+)?(?:death\s+toll|toll|losses|casualties|dead|deaths)\b"
    r"|\b(?:[Dd]eath\s+toll|[Tt]oll|[Ll]osses|[Cc]asualties|[Dd]eaths|[Dd]ead)\s+(?:among|of|in)\s+(?:the\s+)?"
    r"([A-Z][\w.'\u2019-]+)(\s+(?:forces|troops|soldiers|army|military|servicemen))?"
)

_OF_NEXT = re.compile(r"\s+of\s+")
_OF_TAIL = re.compile(r"\s+of\s+(?:the\s+)?([\w.'\u2019-]+(?:\s+[\w.'\u2019-]+)?)")


def party_of(
    doc,
    sentence,
    expr,
    head,
    inherited,
    category,
    clause_start,
    clause_end,
    earlier_party,
) -> str:
    """Whose loss: the side named with the noun, then captivity and the speaker, then
    context.
    """
    text = sentence.text
    clause = text[clause_start:clause_end]
    if category == "displaced":
        return "civilians"
    if head is not None and head.kind == "nationality":
        return cat.NATIONALITY_NOUNS[head.text.lower()]
    if head is not None and head.kind == "civilian" and head.category != "killed":
        return "civilians"
    if head is not None and head.kind == "protesters":
        return "other"
    if cat.BOTH_SIDES_RE.search(clause):
        return "other"
    side = _noun_side(text, expr, head)
    if side:
        return side
    if head is not None and head.kind == "enemy":
        return "russian_forces"
    if category == "captured":
        captive = _captive_side(text[clause_start : expr.start]) or _captive_side(
            text[expr.start : clause_end], places_only=True
        )
        if captive:
            return captive
    if (
        cat.OWN_PEOPLE_RE.match(text, expr.end)
        or _OF_NEXT.match(text[expr.end : expr.end + 80])
        and cat.OWN_PEOPLE_RE.search(text, expr.end, min(len(text), expr.end + 25))
    ):
        return SPEAKER  # "63 of their soldiers", "230 of our people"
    if (
        inherited is not None
        and inherited.party
        and (head is None or head is inherited.head)
    ):
        return inherited.party
    if head is not None and head.kind == "category" and earlier_party:
        return earlier_party  # "35 Palestinians were killed and 78 wounded"
    if category == "detained":
        return "civilians" if head is not None and head.kind == "civilian" else "other"
    loser = cat.LOSER_RE.search(text, clause_start, expr.start)
    if loser and loser.group(1).lower() != "enemy":
        return cat.FORCES_OF[cat.NATIONALITIES[loser.group(1).lower()]]
    if head is not None and head.kind == "civilian":
        return "civilians"
    if head is not None and head.kind == "people":
        return "other" if doc.crackdown else "civilians"
    if category == "captured" and (head is None or head.kind == "forces"):
        return SPEAKER
    if head is not None and head.kind == "equipment":
        side = _equipment_owner(text, clause_start, expr, clause_end)
        if side:
            return cat.FORCES_OF[side]
    if head is None or head.kind == "category":
        toll = _SIDE_TOLL.search(text, max(clause_start, expr.start - 60), expr.start)
        if toll:
            side = cat.NATIONALITIES.get(
                (toll.group(1) or toll.group(2)).lower(), "foreign"
            )
            if side != "foreign" or toll.group(3):
                return cat.FORCES_OF[side]
            return "civilians"
    context = context_party(doc, sentence.start + expr.start)
    if (head is None or head.kind == "people") and _ATTACKER.search(
        text, clause_start, clause_end
    ):
        return "civilians"  # "Russian strike on Odesa kills 18": no soldiers named
    if context:
        return context
    if head is not None and head.kind == "forces":
        return "other"
    return "other" if doc.crackdown else "civilians"


def _equipment_owner(
    text: str, clause_start: int, expr: NumberExpr, clause_end: int
) -> str | None:
    """The side that owned lost equipment: its launcher, or the opponent of who downed
    it.
    """
    owner = last_match(
        cat.OWNER_RE, text[clause_start : min(clause_end, expr.end + 60)]
    )
    if owner:  # "Russian armoured vehicles", "Ukrainian drones"
        return cat.NATIONALITIES.get(owner.group(1).lower())
    around = text[clause_start : min(clause_end, expr.end + 80)]
    launcher = last_match(cat.LAUNCHER_RE, around)
    if launcher:
        word = launcher.group(1) or launcher.group(2)
        return cat.NATIONALITIES.get(word.lower())
    destroyer = last_match(cat.DESTROYER_RE, text[clause_start : expr.start])
    if destroyer:
        side = cat.NATIONALITIES.get(destroyer.group(1).lower())
        return cat.OPPOSITE.get(side or "")
    side = cat.nationality_side(text[clause_start : expr.start])
    return side if side in ("russian", "ukrainian") else None


def _noun_side(text: str, expr: NumberExpr, head: cat.Head | None) -> str | None:
    """The side named between the figure and its noun, or just after ("members of the
    Russian military").
    """
    if head is None or head.start < expr.end:
        return None
    modifiers = text[expr.end : head.end]
    tail = _OF_TAIL.match(text[head.end : head.end + 40])
    if tail:
        modifiers += " " + tail.group(1)
    side = cat.nationality_side(modifiers)
    if side is None:
        return None
    if side == "foreign":
        if head.kind == "equipment":
            return None
        return "other" if head.kind in ("forces", "category") else "civilians"
    return cat.FORCES_OF[side]


def _captive_side(clause: str, places_only: bool = False) -> str | None:
    """The side of captives: held in "Russian captivity", "handed over" or "brought
    home" by a side.
    """
    m = last_match(cat.CAPTIVITY_RE, clause)
    if m and m.group(1).lower() != "enemy":
        return cat.FORCES_OF[cat.OPPOSITE[cat.NATIONALITIES[m.group(1).lower()]]]
    m = last_match(cat.HOMECOMING_RE, clause)
    if m:
        return cat.FORCES_OF[cat.NATIONALITIES[m.group(1).lower()]]
    if places_only:
        return None
    m = last_match(cat.HANDOVER_RE, clause)
    if m:
        return cat.FORCES_OF[cat.OPPOSITE[_side_word(m.group(1))]]
    m = last_match(cat.BRINGBACK_RE, clause)
    if m:
        return cat.FORCES_OF[_side_word(m.group(1))]
    return None


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of `pattern` in `text`, or None."""
    found = None
    for match in pattern.finditer(text):
        found = match
    return found


def _side_word(word: str) -> str:
    return {"moscow": "russian", "kyiv": "ukrainian", "kiev": "ukrainian"}.get(
        word.lower()
    ) or cat.NATIONALITIES[word.lower()]


def context_party(doc, pos: int) -> str | None:
    """The side whose soldiers the article last named before `pos`, else first after
    it.
    """
    context = doc.context
    if not context:
        return None
    # the places are in order: the last one at or before `pos`, else the first
    i = bisect_right(doc.context_starts, pos)
    return context[i - 1][1] if i else context[0][1]
