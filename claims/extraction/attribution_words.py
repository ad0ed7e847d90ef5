"""The words of attribution: speech verbs, prepositions and figure words that cue a
source, the heads and groups a source can be, hedges, and whether a phrase can speak.
"""

from __future__ import annotations

import re

SPEECH_VERBS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "tell",
    "reported",
    "reports",
    "report",
    "estimated",
    "estimates",
    "estimate",
    "claimed",
    "claims",
    "claim",
    "believe",
    "believes",
    "believed",
    "stated",
    "states",
    "added",
    "adds",
    "announced",
    "announces",
    "confirmed",
    "confirms",
    "wrote",
    "writes",
    "noted",
    "notes",
    "highlighted",
    "highlights",
    "put",
    "puts",
    "cited",
    "cites",
    "counted",
    "counts",
    "recorded",
    "records",
    "documented",
    "documents",
    "verified",
    "verifies",
    "acknowledged",
    "acknowledges",
    "insisted",
    "insists",
    "tallied",
    "found",
    "find",
    "finds",
    "discovered",
    "discover",
    "welcomed",
    "welcomes",
    "marked",
    "marks",
    "stressed",
    "set out",
    "posted",
    "posts",
    "published",
    "publishes",
    "released",
    "releases",
    "issued",
    "issues",
    "gave",
    "gives",
    "put out",
    "revealed",
    "reveals",
    "assessed",
    "assesses",
    "calculated",
    "calculates",
    "updated",
    "explained",
    "testified",
    "recounted",
    "admitted",
    "admits",
    "alleged",
    "alleges",
    "shows",
    "show",
    "showed",
    "indicated",
    "indicate",
    "indicates",
    "suggests",
    "suggest",
    "suggested",
    "warned",
    "warns",
    "declared",
    "declares",
    "informed",
)
# Verbs that name a source only for the figure in their own phrase: "Kyiv welcomes
# back 230", "he put the number at 2,000", not "they marked a year, ...: 1,500 killed".
WEAK_VERBS = frozenset(
    """found find finds discovered discover welcomed welcomes marked marks put
    puts set out posted posts published publishes released releases
    issued issues gave gives put out shows show showed indicated
    indicate indicates suggests suggest suggested highlighted highlights
    cited cites""".split()
) | {"set out", "put out"}
# Prepositions that put the source after them: "according to X", "figures from X".
SOURCE_AFTER = (
    "according to",
    "citing",
    "cited by",
    "figures from",
    "data from",
    "estimates from",
    "estimates by",
    "figures by",
    "data by",
    "as reported by",
    "reported by",
    "issued by",
    "released by",
    "published by",
    "compiled by",
    "provided by",
    "a report by",
    "a tally by",
    "a count by",
    "per",
)
# "X's figures show", "by the group's count": a possessive of a figure word.
FIGURE_WORDS = (
    "figures",
    "figure",
    "data",
    "estimate",
    "estimates",
    "count",
    "tally",
    "assessment",
    "report",
    "statement",
    "numbers",
    "statistics",
    "records",
    "calculations",
    "update",
)
PRONOUNS = {
    "he": "person",
    "she": "person",
    "they": "any",
    "it": "any",
    "we": "any",
    "i": "person",
}
# Definite descriptions that refer back to a named source ("the ministry said").
ANAPHORIC_HEADS = (
    "force",
    "forces",
    "defences",
    "defenses",
    "navy",
    "guard",
    "ministry",
    "department",
    "directorate",
    "group",
    "officials",
    "official",
    "office",
    "agency",
    "minister",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "military",
    "army",
    "report",
    "organisation",
    "organization",
    "monitor",
    "monitors",
    "mission",
    "service",
    "prosecutor",
    "prosecutors",
    "governor",
    "mayor",
    "secretary",
    "administration",
    "authorities",
    "government",
    "command",
    "staff",
    "committee",
    "council",
    "agency",
    "outlet",
    "commission",
    "investigators",
    "police",
    "leader",
    "chief",
    "head",
    "body",
    "union",
    "institute",
)
# Unnamed groups that are still a source: GUIDELINES map them to `other`.
GENERIC_GROUPS = (
    "junta",
    "regime",
    "rebels",
    "insurgents",
    "militants",
    "army",
    "navy",
    "militia",
    "police",
    "military",
    "ministry",
    "committee",
    "council",
    "campaigners",
    "monitors",
    "experts",
    "analysts",
    "officials",
    "observers",
    "diplomats",
    "sources",
    "witnesses",
    "researchers",
    "investigators",
    "monitors",
    "residents",
    "medics",
    "doctors",
    "rescuers",
    "activists",
    "authorities",
    "commanders",
    "volunteers",
    "historians",
    "estimates",
)
TITLE_WORDS = frozenset(
    """president mr mrs ms dr mayor secretary minister spokesperson spokesman
    spokeswoman chief head governor commander general gen. colonel
    prosecutor lieutenant senator adviser advisor envoy ambassador
    director leader representative sergeant captain major rapporteur""".split()
)
ORG_WORDS = frozenset(
    """ministry office department agency forces army military government nations
    council staff committee association service services directorate
    administration union organisation organization group institute
    command commission bureau authorities""".split()
)
# A passive verb has no agent to name ("it is estimated", "are said to", "have been
# recorded").
PASSIVE_BEFORE = frozenset("is are was were be been being reportedly".split())
HEDGE_RE = re.compile(
    r"\b(?:it\s+is|it\s+was|it's)\s+(?:estimated|thought|believed|understood|feared)\b"
    r"|\b(?:is|are|was|were)\s+(?:thought|believed|estimated|feared|said)\s+(?:to|at)\b"
    r"|\breportedly\b|\ban\s+estimated\b",
    re.I,
)


def looks_like_source(text: str) -> bool:
    """A subject that can speak: a name, a pronoun, or an (unnamed) group or body."""
    words = text.split()
    if not words or len(words) > 14:
        return False
    low = [w.lower().strip(",.'\u2019") for w in words]
    if len(words) == 1 and low[0] in PRONOUNS:
        return True
    if any(w[:1].isupper() for w in words[1:]) or (
        words[0][:1].isupper()
        and low[0]
        not in ("the", "a", "an", "it", "this", "that", "there", "some", "many", "most")
    ):
        return True
    return any(
        w in ANAPHORIC_HEADS or w in GENERIC_GROUPS or w in TITLE_WORDS for w in low
    )


def is_hedged(clause: str) -> bool:
    """A hedge over the clause ("It is estimated that ...") makes it approximate."""
    return bool(HEDGE_RE.search(clause))
