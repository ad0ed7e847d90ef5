"""Turns a claim's figure and qualifier into the interval of values it allows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from claims.grouping.records import GroupableClaim, Interval


@dataclass(frozen=True)
class Band:
    """How far below and above the figure a qualifier reaches (None: no limit)."""

    below: Decimal | None
    above: Decimal | None
    why: str


# Tolerances from the guidelines: exact within 0.5%, about/some/around ±10%.
BANDS: dict[str, Band] = {
    "exact": Band(Decimal("0.005"), Decimal("0.005"), "an exact figure, within 0.5%"),
    "approximate": Band(
        Decimal("0.10"), Decimal("0.10"), "an approximate figure, ±10%"
    ),
    "lower_bound": Band(Decimal("0"), None, "a floor: that many or more"),
    "upper_bound": Band(None, Decimal("0"), "a ceiling: that many or fewer"),
}
# "nearly 200" means a little under 200, not anything from zero: about 10% below.
NEAR_CEILING = Band(
    Decimal("0.10"), Decimal("0"), "just under the figure, up to 10% below"
)
NEAR_WORDS = re.compile(
    r"^\W*(?:nearly|almost|close to|approaching|just under|just shy of|not quite)\b",
    re.IGNORECASE,
)
# "Maxim, along with two other pilots": the figure leaves out someone named beside it,
# so the whole is at least the figure.
OTHERS_AFTER = re.compile(r"^\s+others?\b", re.IGNORECASE)
OTHERS_BEFORE = re.compile(r"\balong with\s*$", re.IGNORECASE)
BESIDES_NAMED = Band(
    Decimal("0"), None, "others besides someone named: at least the figure"
)
# A round figure (a multiple of 100) set against a precise one from another source is
# itself a rounding, so it stands for about ±5%.
ROUND_MULTIPLE = 100
ROUND_BAND = Band(
    Decimal("0.05"), Decimal("0.05"), "a round figure, ±5% against a precise one"
)


def band_of(claim: GroupableClaim) -> Band:
    """The tolerance band of a claim's qualifier (ranges carry their own bounds)."""
    if claim.qualifier == "upper_bound" and NEAR_WORDS.match(claim.quote):
        return NEAR_CEILING
    after = claim.sentence[claim.sentence_offset + len(claim.quote) :]
    if claim.qualifier == "exact" and (
        OTHERS_AFTER.match(after)
        or OTHERS_BEFORE.search(claim.sentence[: claim.sentence_offset])
    ):
        return BESIDES_NAMED
    return BANDS.get(claim.qualifier, BANDS["exact"])


def point(claim: GroupableClaim) -> Decimal:
    """The single figure a claim states: its value, or the low end of a range."""
    figure = claim.value if claim.value is not None else claim.low
    if figure is None:
        figure = claim.high
    return Decimal(figure if figure is not None else 0)


def is_round(claim: GroupableClaim) -> bool:
    return claim.value is not None and Decimal(claim.value) % ROUND_MULTIPLE == 0


def is_precise(claim: GroupableClaim) -> bool:
    return (
        claim.qualifier == "exact" and claim.value is not None and not is_round(claim)
    )


def interval_of(
    claim: GroupableClaim, against: GroupableClaim | None = None
) -> Interval:
    """The values a claim allows; `against` widens a round figure facing a precise one.

    >>> interval_of(claim(value=7000, qualifier="approximate"))  # doctest: +SKIP
    Interval(low=Decimal('6300.00'), high=Decimal('7700.00'))
    """
    if claim.qualifier == "range" and claim.low is not None and claim.high is not None:
        return Interval(Decimal(claim.low), Decimal(claim.high))
    band = band_of(claim)
    if (
        against is not None
        and claim.qualifier == "exact"
        and is_round(claim)
        and is_precise(against)
        and (claim.source_slug or claim.source_root)
        != (against.source_slug or against.source_root)
    ):
        band = ROUND_BAND
    figure = point(claim)
    low = Decimal(0) if band.below is None else figure * (1 - band.below)
    high = None if band.above is None else figure * (1 + band.above)
    return Interval(low, high)


def describe(interval: Interval) -> str:
    """An interval as a reader would write it: '6,300–7,700' or '3,500 or more'."""
    low = _figure(interval.low)
    if interval.high is None:
        return f"{low} or more"
    return f"{low}–{_figure(interval.high)}"


def _figure(number: Decimal) -> str:
    whole = number.to_integral_value()
    return f"{int(whole):,}" if whole == number else f"{number.normalize():,f}"
