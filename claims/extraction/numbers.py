"""Number expressions: digits, scale words, number words, ranges, percentages,
qualifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from claims.extraction.patterns import alternation

UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "mln": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
    "k": 1_000,
}
# "a fifth of", "half of": shares of a whole, as percentages.
FRACTIONS = {
    "half": 50,
    "a half": 50,
    "a third": Decimal("33.3"),
    "one third": Decimal("33.3"),
    "two thirds": Decimal("66.7"),
    "two-thirds": Decimal("66.7"),
    "a quarter": 25,
    "one quarter": 25,
    "three quarters": 75,
    "three-quarters": 75,
    "a fifth": 20,
    "one fifth": 20,
    "a tenth": 10,
    "one tenth": 10,
}
QUALIFIERS = {
    "approximate": (
        "about",
        "around",
        "approximately",
        "some",
        "roughly",
        "an estimated",
        "estimated",
        "circa",
        "approx.",
        "an approximate",
        "about some",
        "give or take",
    ),
    "lower_bound": (
        "more than",
        "over",
        "at least",
        "upwards of",
        "upward of",
        "well over",
        "well above",
        "tops",
        "passed",
        "surpassed",
        "exceeded",
        "topped",
        "in excess of",
        "no fewer than",
        "no less than",
        "not less than",
        "a minimum of",
        "above",
        "exceeding",
        "more then",
        "at minimum",
        "just over",
        "surpassing",
        "topping",
        "beyond",
        "over than",
    ),
    "upper_bound": (
        "fewer than",
        "less than",
        "under",
        "up to",
        "as many as",
        "as high as",
        "close to",
        "approaching",
        "nearly",
        "almost",
        "just under",
        "no more than",
        "a maximum of",
        "at most",
        "not more than",
        "just shy of",
        "shy of",
        "below",
        "as much as",
    ),
}
QUALIFIER_OF = {w: q for q, words in QUALIFIERS.items() for w in words}
RANGE_OPENERS = ("between", "anywhere from", "anywhere between", "somewhere between")


def _words(words) -> str:
    """Plain words, in the order given, for the case-blind NUMBER_RE."""
    return alternation(words, lambda w: w, ignorecase=True)


_WORD_NUMBER = (
    r"(?:(?:"
    + _words(TENS)
    + r")(?:[- ](?:"
    + _words(k for k, v in UNITS.items() if v < 10)
    + r"))?|"
    + _words(sorted(UNITS, key=len, reverse=True))
    + r")"
)
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d{1,6})?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])"
    r"|\d{1,15}(?:\.\d{1,6})?"
)
_SCALE = (
    r"(?:[ \u00a0](?:hundred thousand|hundred|thousand|million|billion)\b"
    r"|(?:m|mn|mln|bn|k)\b)"
)
_WORDS = (
    r"\b(?:a|one|two|three|four|five|six|half\s+a)\s+dozen\b"
    rf"|\b{_WORD_NUMBER}(?:\s+(?:hundred|thousand|million)\b)?(?![\w-])"
)
# Not inside a word, a model name ("Su-25"), an amount ("$5") or a tag ("#3").
_NUMBER = rf"(?:(?<![\w.,#@/$£€-])(?:{_DIGITS}){_SCALE}?(?![\w]|[.,]\d)|{_WORDS})"
_NUMBER_HIGH = rf"(?:(?:{_DIGITS}){_SCALE}?(?![\w]|[.,]\d)|{_WORDS})"
_PERCENT = r"(?:\s?%|\s(?:percent|per\s+cent)\b)"
_QUAL = alternation(sorted(QUALIFIER_OF, key=len, reverse=True), ignorecase=True)
_FRACTION = alternation(sorted(FRACTIONS, key=len, reverse=True), ignorecase=True)

# A figure, a range, or a fraction; the qualifier in front is kept in the quote.
NUMBER_RE = re.compile(
    # starts only where no letter precedes: twice as fast, same matches
    rf"(?<![^\W\d_])(?=[\w])(?:(?P<qual>\b(?:{_QUAL}))\s+)?"
    rf"(?:(?P<ropen>\b(?:{'|'.join(RANGE_OPENERS)}))\s+(?P<rlow>{_NUMBER})(?P<rpct1>{_PERCENT})?"
    rf"\s+(?:and|to)\s+(?P<rhigh>{_NUMBER})(?P<rpct2>{_PERCENT})?"
    rf"|(?P<low>{_NUMBER})(?P<pct1>{_PERCENT})?"
    rf"(?:(?P<sep>\s+to\s+|\s*[-\u2013]\s*|\s+or\s+)(?P<high>{_NUMBER_HIGH})(?P<pct2>{_PERCENT})?)?"
    rf"|\b(?P<frac>{_FRACTION})(?=\s+of\b))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberExpr:
    """One figure in a sentence; offsets are relative to the sentence."""

    start: int  # qualifier included
    end: int
    number_start: int  # the figure itself, without the qualifier
    value: int | Decimal | None
    low: int | Decimal | None
    high: int | Decimal | None
    qualifier: str
    unit: str
    is_word: bool  # written in words ("eight", "a dozen")

    @property
    def is_range(self) -> bool:
        return self.value is None


_DIGITS_AND_SCALE = re.compile(r"([\d, .]+?)\s?(hundred thousand|[a-z]+)?")
_WORD_SPLIT = re.compile(r"[\s-]+")


@lru_cache(maxsize=4096)
def parse_number(text: str) -> int | Decimal | None:
    """The value of one number expression as an int (or a Decimal if fractional).

    >>> parse_number("5.4 million"), parse_number("twenty-one"), parse_number("3 500")
    (5400000, 21, 3500)
    """
    t = text.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
    if "dozen" in t:
        count = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "half": 0.5}.get(
            t.split()[0], 1
        )
        return int(12 * count)
    m = _DIGITS_AND_SCALE.fullmatch(t)
    if m and m.group(1)[0].isdigit():
        digits = m.group(1).replace(",", "").replace(" ", "")
        try:
            value = Decimal(digits)
        except InvalidOperation:
            return None
        scale = m.group(2)
        if scale == "hundred thousand":
            value *= 100_000
        elif scale:
            if scale not in SCALES:
                return None
            value *= SCALES[scale]
        return _as_int(value)
    total, current = 0, 0
    for word in _WORD_SPLIT.split(t):
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in ("thousand", "million", "billion"):
            total += max(current, 1) * SCALES[word]
            current = 0
        elif word in ("and", "a"):
            continue
        else:
            return None
    return total + current


def _as_int(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


# A digit or a number word: where a number expression can be. The full pattern runs
# only from a little before each of these, not over the whole sentence.
ANCHOR_RE = re.compile(
    r"\d|(?<![^\W\d_])(?=[a-z])\b(?:"
    + alternation(
        [
            *sorted(set(UNITS) | set(TENS), key=len, reverse=True),
            *"dozen half third thirds quarter quarters fifth tenth".split(),
        ],
        ignorecase=True,
    )
    + r")\b",
    re.IGNORECASE,
)
_LEAD = 45  # the longest qualifier and range opener before a figure


_LEAD_WORD = re.compile(r"(?<![\w-])[^\W\d_]+")
# First words of qualifiers and range openers: only there can a figure start early.
_OPENERS = frozenset(w.split()[0] for w in (*QUALIFIER_OF, *RANGE_OPENERS, *FRACTIONS))


def _match_at(sentence: str, lead: int, anchor: re.Match[str]) -> re.Match[str] | None:
    """The number expression holding `anchor`, tried from each possible opening word."""
    starts = [
        w.start()
        for w in _LEAD_WORD.finditer(sentence, lead, anchor.start())
        if w.group().lower() in _OPENERS
    ]
    for start in (*starts, anchor.start()):
        m = NUMBER_RE.match(sentence, start)
        if m and m.end() > anchor.start():
            return m
    return None


def find_numbers(sentence: str) -> list[NumberExpr]:
    """Every number expression in `sentence`, left to right (no filtering by meaning).

    >>> [(e.value, e.qualifier) for e in find_numbers("about 40 dead, 2 to 3 hurt")]
    [(40, 'approximate'), (None, 'range')]
    """
    found, pos = [], 0
    for anchor in ANCHOR_RE.finditer(sentence):
        if anchor.start() < pos:
            continue
        m = _match_at(sentence, max(pos, anchor.start() - _LEAD), anchor)
        if m is None:
            continue  # this anchor is no figure ("Su-25"); a later one may be
        pos = m.end()
        expr = _build(m)
        if expr is not None:
            found.append(expr)
    return found


def _build(m: re.Match[str]) -> NumberExpr | None:
    qual_word = (m.group("qual") or "").lower()
    qualifier = QUALIFIER_OF.get(qual_word, "exact")
    start = m.start("qual") if m.group("qual") else None
    if m.group("frac"):
        value = Decimal(FRACTIONS[m.group("frac").lower()])
        s = start if start is not None else m.start("frac")
        return NumberExpr(
            s, m.end(), m.start("frac"), value, None, None, qualifier, "percent", True
        )
    if m.group("rlow"):
        low_text, high_text = m.group("rlow"), m.group("rhigh")
        pct = bool(m.group("rpct1") or m.group("rpct2"))
        number_start = m.start("ropen")
    else:
        low_text, high_text = m.group("low"), m.group("high")
        pct = bool(m.group("pct1") or m.group("pct2"))
        number_start = m.start("low")
        sep = (m.group("sep") or "").strip().lower()
        if high_text and sep == "or" and not _is_word(low_text):
            high_text = None  # "300 or more": only "three or four" reads as a range
    if len(low_text) > 40 or (high_text and len(high_text) > 40):
        return None
    low = parse_number(low_text)
    if low is None:
        return None
    is_word = _is_word(low_text)
    unit = "percent" if pct else "count"
    if pct:
        low = Decimal(low)
    s = start if start is not None else number_start
    if high_text:
        high = parse_number(high_text)
        if high is None or high <= low:
            return None
        if pct:
            high = Decimal(high)
        return NumberExpr(
            s, m.end(), number_start, None, low, high, "range", unit, is_word
        )
    end = m.end("pct1") if m.group("pct1") else m.end("low")
    return NumberExpr(s, end, number_start, low, None, None, qualifier, unit, is_word)


def _is_word(text: str) -> bool:
    return not text.strip()[:1].isdigit()


# --- figures that are not losses -------------------------------------------------
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# What follows a figure that counts time, distance, money, views or a rate.
_NOT_A_LOSS_AFTER = re.compile(
    r"^[\s-]*(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|decades?"
    r"|centuries|century|nights?|mornings?|evenings?|km|kilomet\w*|miles?|metres?|meters?|tonnes?"
    r"|tons?|kg|kilograms?|times|fold|a\.m\.|p\.m\.|am|pm|views?|likes?|followers?|shares?"
    r"|retweets?|subscribers?|dollars?|euros?|pounds?|rubles?|roubles?|hryvnias?|yuan|shekels?"
    r"|usd|eur|gbp|per\s+cent\s+of\s+gdp|sq|square|acres?|hectares?|storeys?|floors?|rounds?"
    r"|(?:" + MONTHS + r")\b\.?)\b",
    re.I,
)
# The word before a figure that makes it a unit number, a date or an amount.
UNIT_WORDS_BEFORE = (
    frozenset(
        """no. nos. no nos number brigade school article part page unit
        resolution route highway flight building aged ages chapter
        section paragraph item platform gate room block regiment
        battalion division corps army fleet km code category level phase
        grade class type model version season episode post checkpoint
        usd eur us$ rs rs. gbp""".split()
    )
    | frozenset(MONTHS.split("|"))
    | frozenset(m + "." for m in MONTHS.split("|"))
)
CURRENCY_SIGNS = frozenset("$£€₴₽¥")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
# "out of an estimated 120,000": the whole, not a loss
DENOMINATOR_ENDINGS = (
    "out of",
    "out of an estimated",
    "out of a total of",
    "out of some",
    "out of about",
    "from a total of",
    "of a total of",
    "of an estimated",
    "of a population of",
    "of a force of",
    "out of a population of",
    "out of a force of",
    "out of an approximate",
    "of a total",
)
_POSSESSIVE_OF_BEFORE = re.compile(
    r"\bof\s+(?:(?:the|its|their|his|her)\s+)?(?:[\w.-]+['\u2019]s?\s+)?$", re.I
)


def excluded(sentence: str, expr: NumberExpr, after_percent: bool) -> bool:
    """Whether a figure is a date, duration, age, amount, unit number or a share's base.

    `after_percent`: an earlier figure in the sentence is a percentage, so "of Russia's
    150,000 troops" is the whole it is a share of.
    """
    before = sentence[max(0, expr.number_start - 40) : expr.number_start]
    after = sentence[expr.end : expr.end + 40]
    number_text = sentence[expr.number_start : expr.end]
    if _NOT_A_LOSS_AFTER.match(after):
        return True
    words = before.lower().split()
    if expr.start == expr.number_start and words:
        if words[-1] in UNIT_WORDS_BEFORE or before.rstrip()[-1:] in CURRENCY_SIGNS:
            return True
        if " ".join(words[-2:]) in ("age of", "the year"):
            return True
    if _YEAR.match(number_text.strip()) and expr.unit == "count":
        return True
    stripped = before.rstrip()
    if (
        stripped.endswith(":")
        and stripped[-2:-1].isdigit()
        or after.lstrip().startswith(":")
        and after.lstrip()[1:2].isdigit()
    ):
        return True  # a time of day
    if stripped.endswith("(") and after.lstrip().startswith(")") and not expr.is_word:
        return True  # "(26)": an age beside a name
    if len(words) >= 2 and words[-1] == "of" and words[-2].replace(",", "").isdigit():
        return True  # "21 of 28 drones": the whole they are part of
    tail = " ".join(words[-5:])
    if tail.endswith(DENOMINATOR_ENDINGS):
        return True
    return after_percent and bool(_POSSESSIVE_OF_BEFORE.search(before))
