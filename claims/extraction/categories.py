"""What was lost and by whom: words for victims, equipment, losses and sides."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.patterns import alternation

# --- victims -------------------------------------------------------------------
# head noun -> (kind, category implied by the noun or None)
#   kind: forces | civilian | people | nationality:<party> | category
PERSON_NOUNS: dict[str, tuple[str, str | None]] = {}


def _nouns(kind: str, category: str | None, words: str) -> None:
    for w in words.split(","):
        w = " ".join(w.split())  # a phrase may wrap across lines
        if w:
            PERSON_NOUNS[w] = (kind, category)


_nouns(
    "forces",
    None,
    """soldiers, soldier, troops, troop, servicemen, serviceman, servicemembers,
    service members, service personnel, military personnel, personnel,
    fighters, militants, combatants, officers, officer, generals,
    general, pilots, pilot, sergeants, marines, conscripts, mercenaries,
    warriors, defenders, guardsmen, national guardsmen, policemen,
    police officers, police officer, police, sailors, paratroopers,
    commanders, colonels, reservists, recruits, mobilized, mobilised,
    servicewomen, border guards, militiamen, insurgents, rebels, gunmen,
    contractors, comrades, crew members, crew, saboteurs, commandos,
    snipers, partisans, guerrillas, fighter pilots, servicepeople,
    volunteers, peacekeepers, cadets, troopers, infantrymen, soldiers
    and officers, sappers, scouts""",
)
_nouns("forces", None, "battalion, brigade, regiment, garrison, battalions, brigades")
_nouns("enemy", None, "occupiers, invaders, orcs")
_nouns(
    "civilian",
    None,
    """civilians, civilian, children, child, women, residents, inhabitants,
    villagers, infants, babies, minors, journalists, medics, aid
    workers, families, family, teenagers, students, patients, elderly,
    pensioners""",
)
_nouns(
    "people",
    None,
    "members, people, persons, person, others, individuals, lives, victims, population",
)
_nouns(
    "protesters", None, "protesters, protestors, demonstrators, activists, dissidents"
)
_nouns("civilian", "killed", "bodies, body, corpses")
_nouns("category", "killed", "deaths, dead, fatalities, killings, death")
_nouns("category", "casualties", "casualties, casualty")
_nouns("category", "wounded", "injured, wounded, injuries")
_nouns(
    "category",
    "detained",
    "arrests, detentions, detainees, political prisoners, arrested",
)
_nouns("category", "captured", "prisoners of war, prisoners, prisoner, pows, captives")
_nouns("civilian", "captured", "hostages, hostage")
_nouns(
    "category",
    "displaced",
    """refugees, evacuees, displaced people, displaced persons, displaced, idps,
    asylum seekers""",
)
_nouns("category", "missing", "missing")
NATIONALITY_NOUNS = {
    "russians": "russian_forces",
    "ukrainians": "ukrainian_forces",
    "israelis": "civilians",
    "palestinians": "civilians",
    "gazans": "civilians",
    "armenians": "civilians",
    "azerbaijanis": "civilians",
    "americans": "other",
}
for _w in NATIONALITY_NOUNS:
    PERSON_NOUNS[_w] = ("nationality", None)

# equipment phrase -> type (longest phrase wins; air defence wins inside a phrase)
EQUIPMENT: dict[str, str] = {}


def _equipment(kind: str, words: str) -> None:
    for w in words.split(","):
        if w.strip():
            EQUIPMENT[" ".join(w.split())] = kind


_equipment(
    "aircraft",
    """aircraft, airplanes, aeroplanes, planes, plane, jets, fighter jets,
    warplanes, bombers, fighter planes, fixed-wing aircraft, airplane,
    jet""",
)
_equipment("helicopter", "helicopters, helicopter, choppers, gunships")
_equipment("tank", "tanks, tank, main battle tanks")
_equipment(
    "armored_vehicle",
    """armored vehicles, armoured vehicles, armed vehicles, armored personnel
    carriers, armoured personnel carriers, personnel carriers, infantry
    fighting vehicles, apcs, ifvs, bmps, combat vehicles, armored combat
    vehicles, armoured combat vehicles, armored personnel vehicles,
    armoured fighting vehicles, armored fighting vehicles, armored
    vehicle, armoured vehicle""",
)
_equipment(
    "artillery",
    """artillery, artillery systems, artillery pieces, guns, howitzers, mortars,
    multiple rocket launcher systems, multiple rocket launchers, rocket
    launchers, mlrs, mlr systems, cannons, artillery systems and mortars""",
)
_equipment(
    "air_defense",
    """anti-aircraft systems, anti-aircraft warfare systems, air defense
    systems, air defence systems, air defense, air defence,
    anti-aircraft, buk, s-300, s-400, pantsir, tor, sam, surface-to-air
    missile systems, air-defense systems, air-defence systems""",
)
_equipment(
    "ship", "boats, boat, ships, ship, warships, vessels, cutters, warship, submarines"
)
_equipment(
    "drone",
    """drones, drone, uavs, uav, unmanned aerial vehicles, unmanned aircraft,
    exploding drones, kamikaze drones, operational-tactical uavs,
    shaheds, shahed drones""",
)
_equipment(
    "vehicle",
    """vehicles, vehicle, trucks, cars, fuel tanks, motor vehicles, military
    vehicles, fuel trucks, vehicles and fuel tanks, tankers, lorries""",
)
_equipment(
    "weapon",
    "machine guns, heavy machine guns, rifles, small arms, weapons, grenade launchers",
)
_equipment(
    "other",
    """missiles, cruise missiles, rockets, special equipment, equipment units,
    pieces of equipment, hardware, missile launchers""",
)
AIR_DEFENSE_MARKERS = (
    "buk",
    "s-300",
    "s-400",
    "pantsir",
    "anti-aircraft",
    "air defense",
    "air defence",
)

# --- loss words ------------------------------------------------------------------
# phrase -> (category, directions): "f" governs a figure after it ("killed 40"),
# "b" one before it ("40 were killed"), "a" right after the figure ("40 dead").
# Category "loss" is a loss of anything: killed for people ("lost 40 soldiers"),
# casualties for "losses", equipment for hardware.
CUES: dict[str, tuple[str, str]] = {}


def _cues(category: str, directions: str, words: str) -> None:
    for w in words.split(","):
        if w.strip():
            CUES[" ".join(w.split())] = (category, directions)


_cues(
    "killed",
    "fba",
    """killed, kills, kill, killing, slain, executed, massacred, eliminated,
    eliminating, liquidated, liquidating, neutralised, neutralized,
    murdered, shot dead, gunned down""",
)
_cues(
    "killed",
    "ba",
    """died, die, dies, dead, perished, lost their lives, lost their life, lost
    his life, were killed, confirmed dead, death toll, toll, deaths,
    bodies, fatalities, lives, exhumed, buried, lost lives, killed in
    action""",
)
_cues("wounded", "fba", "wounded, injured, injuring, wounding, hurt, maimed")
_cues(
    "wounded",
    "b",
    """to hospital, hospitalised, hospitalized, in hospital, treated, took in,
    were hospitalized, injuries, receiving treatment""",
)
_cues(
    "casualties",
    "fba",
    """killed or wounded, killed and wounded, killed or injured, killed and
    injured, dead or wounded, dead and wounded, dead and injured, dead
    or injured, wounded or killed, injured or killed""",
)
_cues(
    "casualties",
    "ba",
    "out of commission, out of action, incapacitated, casualty, losses of personnel",
)
_cues(
    "captured",
    "fba",
    """captured, freed, released, exchanged, swapped, taken prisoner, took
    prisoner, taken captive, abducted, kidnapped, handed over, handed
    back, brought back, brought home, welcomes back, welcomed back,
    welcome back, came home, come home, returned home, surrendered,
    repatriated, returned, taken hostage, held hostage, seized""",
)
_cues(
    "captured",
    "b",
    "in captivity, from captivity, in custody, prisoner swap, swap, exchange, return",
)
_cues("missing", "ba", "missing, unaccounted for, missing in action")
_cues(
    "detained",
    "fba",
    """arrested, detained, jailed, imprisoned, rounded up, arresting, detaining,
    arrests, detentions""",
)
_cues(
    "detained",
    "b",
    "in prison, remain in prison, behind bars, remain in detention, held",
)
_cues(
    "displaced",
    "fba",
    """displaced, evacuated, uprooted, forced to flee, driven from their homes,
    driven out, deported, forced from their homes, from their homes,
    forced out""",
)
_cues(
    "displaced",
    "ba",
    """fled, have fled, had fled, left the country, have left, had left, left,
    left for, crossed into, out of the country, sought refuge, sought
    shelter, became refugees, flight, fleeing, refugees, abroad, crossed
    the border, arrived in""",
)
_cues("loss", "f", "lost, losing, loses, lose")
_cues(
    "loss",
    "fba",
    """destroyed, downed, shot down, wrecked, put out of action, written off,
    destroying, knocked out, disabled, losses, gone, toll, hit""",
)
_cues("casualties", "ba", "casualties")
_cues("loss", "ba", "toll")  # "death toll" stays killed: the longer phrase wins

# Verbs that take a figure that is not a loss ("launched 40 drones", "has 500,000
# troops").
NON_LOSS_VERBS = frozenset(
    """launched launch launches fired fire sent send sends deployed deploy
    deploys supplied supply delivered deliver received receive has have
    had having provided provide bought buy produced produce mobilised
    mobilized recruited recruit trained train pledged pledge donated
    gave give amassed amass gathered massed numbered employs employ
    fielded field build built owns own""".split()
)

# Words allowed between a forward cue and its figure ("killed at least 40", "lost
# another 40").
BRIDGE_WORDS = frozenset(
    """a an the another some at least more than over about nearly almost around
    approximately up to as many further additional total of estimated
    roughly well than fewer less some only just""".split()
)

# --- sides -------------------------------------------------------------------------
NATIONALITIES = {
    "russian": "russian",
    "russia's": "russian",
    "russia": "russian",
    "russians": "russian",
    "kremlin's": "russian",
    "moscow's": "russian",
    "putin's": "russian",
    "ukrainian": "ukrainian",
    "ukraine's": "ukrainian",
    "ukraine": "ukrainian",
    "ukrainians": "ukrainian",
    "kyiv's": "ukrainian",
    "kiev's": "ukrainian",
    "u.s.": "foreign",
    "us": "foreign",
    "american": "foreign",
    "america's": "foreign",
    "british": "foreign",
    "uk": "foreign",
    "israeli": "foreign",
    "israel's": "foreign",
    "palestinian": "foreign",
    "armenian": "foreign",
    "azerbaijani": "foreign",
    "ethnic": "foreign",
    "syrian": "foreign",
    "iraqi": "foreign",
    "afghan": "foreign",
    "myanmar": "foreign",
    "belarusian": "foreign",
    "chechen": "foreign",
    "nato": "foreign",
    "western": "foreign",
    "foreign": "foreign",
    "georgian": "foreign",
    "polish": "foreign",
    "french": "foreign",
    "german": "foreign",
    "iranian": "foreign",
    "north korean": "foreign",
    "sudanese": "foreign",
    "yemeni": "foreign",
    "lebanese": "foreign",
    "hamas": "foreign",
    "hezbollah": "foreign",
    "wagner": "russian",
    "separatist": "russian",
    "pro-russian": "russian",
    "invaders": "russian",
    "occupiers": "russian",
    "moscow": "russian",
    "kyiv": "ukrainian",
    "kiev": "ukrainian",
}
FORCES_OF = {
    "russian": "russian_forces",
    "ukrainian": "ukrainian_forces",
    "foreign": "other",
}
OPPOSITE = {"russian": "ukrainian", "ukrainian": "russian"}
SIDE_OF_SOURCE = {"russia": "russian", "ukraine": "ukrainian"}
BOTH_SIDES_RE = re.compile(
    r"\b(?:both sides|two sides|each side|either side|on all sides)\b", re.I
)
# Places that stand for a side when a captive comes home to or from them.
_SIDE_WORD = r"(russian|russia's|ukrainian|ukraine's|enemy)"
CAPTIVITY_RE = re.compile(
    rf"\b{_SIDE_WORD}\s+(?:captivity|custody|prisons?|detention)\b", re.I
)
HOMECOMING_RE = re.compile(
    r"\b(?:returned|home|back|came)\s+to\s+(russia|ukraine)\b", re.I
)
# "Ukraine, for its part, brought home 230": the subject, an optional aside, the verb
_SUBJECT_GAP = r"(?:,[^,;]{0,25},)?[^,;\d]{0,20}?"
HANDOVER_RE = re.compile(
    rf"\b(russia|ukraine|moscow|kyiv|kiev)\b{_SUBJECT_GAP}\b(?:handed|hands|handing|gave)\s+(?:over|back)\b",
    re.I,
)
BRINGBACK_RE = re.compile(
    rf"\b(russia|ukraine|moscow|kyiv|kiev)\b{_SUBJECT_GAP}\b(?:brought|brings|bringing|welcomes?|welcomed"
    rf"|got|gets|received|receives)\s+(?:back|home)\b",
    re.I,
)
OWN_PEOPLE_RE = re.compile(
    r"\b(?:our|its|their|its own|their own|our own)\s+"
    r"(?:people|soldiers|troops|citizens|defenders|men|servicemen|fighters)\b",
    re.I,
)
LOSER_RE = re.compile(
    r"\b(russian|russia's|ukrainian|ukraine's|enemy|russia|ukraine|russians|ukrainians|invaders|occupiers)\s+(?:\w+\s+)?(?:has|have|had)?\s*(?:also\s+)?(?:lost|suffered|loses)\b",
    re.I,
)
# Party context: a side named with its soldiers ("Russian troops", "Ukrainian
# servicemen"). The lookahead of the branches' first characters only lets the scan
# skip ahead faster.
CONTEXT_RE = re.compile(
    r"(?=[bekmrtu\s])(?:"
    r"(?<![^\W_])(?=\w)\b(russian|russia's|ukrainian|ukraine's|kremlin's|moscow's)\s+(?:[\w-]+\s+)?"
    r"(?:soldiers|troops|servicemen|personnel|losses|casualties|occupiers|invaders|prisoners|"
    r"pows|generals|hardware|equipment|military losses|forces'? losses|dead"
    r"|service members)\b"
    r"|^\s*(russia|ukraine)\s*$|\b(both sides|two sides|each side)\b)",
    re.I | re.M,
)


def context_party(match: re.Match[str]) -> str:
    word = (match.group(1) or match.group(2) or "").lower()
    if not word:
        return "other"
    return FORCES_OF[NATIONALITIES.get(word, "foreign")]


@dataclass(frozen=True)
class Head:
    """The noun a figure counts: people of some kind, or equipment of some type."""

    text: str
    # forces | enemy | civilian | people | protesters | category | nationality |
    # equipment
    kind: str
    category: str | None
    equipment_type: str | None
    start: int  # offsets in the sentence
    end: int


def _alternation(words) -> str:
    """Longest first, for the case-blind patterns below."""
    return alternation(sorted(words, key=len, reverse=True), ignorecase=True)


NOUN_RE = re.compile(
    rf"(?<![^\W_])(?<!-)(?=\w)(?:{_alternation(set(PERSON_NOUNS) | set(EQUIPMENT))})"
    r"(?![\w-])",
    re.I,
)
CUE_RE = re.compile(rf"(?<![^\W_])(?<!-)(?=\w)(?:{_alternation(CUES)})(?![\w-])", re.I)
NATIONALITY_RE = re.compile(
    rf"(?<![^\W_])(?<!-)(?=\w)(?:{_alternation(NATIONALITIES)})(?![\w-])", re.I
)


def classify_noun(text: str, start: int, end: int) -> Head:
    key = " ".join(text.lower().split())
    if key in EQUIPMENT:
        kind = EQUIPMENT[key]
        return Head(text, "equipment", "equipment", kind, start, end)
    kind, category = PERSON_NOUNS[key]
    return Head(text, kind, category, None, start, end)


def equipment_type(phrase: str) -> str | None:
    """The type of equipment named in `phrase`: air defence first, else the last noun.

    >>> equipment_type("helicopters and fighter jets"), equipment_type("BUK missile")
    ('aircraft', 'air_defense')
    """
    low = phrase.lower()
    if any(marker in low for marker in AIR_DEFENSE_MARKERS):
        return "air_defense"
    found = [
        EQUIPMENT[" ".join(m.group().lower().split())]
        for m in NOUN_RE.finditer(phrase)
        if " ".join(m.group().lower().split()) in EQUIPMENT
    ]
    return found[-1] if found else None


def nationality_side(text: str) -> str | None:
    """The side named last in `text` ("Russian", "Ukraine's", "U.S."), if any."""
    side = None
    for m in NATIONALITY_RE.finditer(text):
        word = m.group().lower()
        if word == "us" and m.group() != "US":
            continue
        side = NATIONALITIES[word]
    return side


# Who owned destroyed equipment: "Russia launched 40 drones" (Russia's), "Ukraine's air
# defences downed 21" (the other side's), "drones launched by Russia" (Russia's).
_NAT = r"(russian|russia's|russia|ukrainian|ukraine's|ukraine|moscow|kyiv|kiev)"
LAUNCHER_RE = re.compile(
    rf"\b{_NAT}\b[^,;\d]{{0,40}}?\b(?:launched|fired|sent|deployed|used)\b"
    rf"|\b(?:launched|fired|sent)\s+(?:\w+\s+)?by\s+{_NAT}\b",
    re.I,
)
DESTROYER_RE = re.compile(
    rf"\b{_NAT}\b[^,;\d]{{0,40}}?\b(?:downed|destroyed|shot\s+down|intercepted|hit|struck|"
    rf"captured|knocked\s+out|eliminated|neutrali[sz]ed)\b",
    re.I,
)
OWNER_RE = re.compile(
    rf"\b{_NAT}\s+(?:[\w-]+\s+){{0,2}}?(?:{_alternation(EQUIPMENT)})\b",
    re.I,
)
