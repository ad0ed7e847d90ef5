"""A group's figures over time as inline SVG, drawn server-side (no JS, no CDN).

Every piece of text (source names) goes through format_html, so it is escaped.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PALETTE = (
    "#1f5fbf",
    "#b42318",
    "#067647",
    "#b54708",
    "#6941c6",
    "#0e7090",
    "#c11574",
    "#4d5761",
)
WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 44
BAND = 8  # width of an interval's band, in pixels


def _figures(claim: Any) -> tuple[Decimal, Decimal] | None:
    if claim.value is not None:
        return claim.value, claim.value
    if claim.low is not None and claim.high is not None:
        return claim.low, claim.high
    return None


def _source_name(claim: Any) -> str:
    return claim.source.name if claim.source else "Unattributed"


def timeline_svg(claims: Sequence[Any]) -> SafeString:
    """Points for exact figures and vertical bands for intervals, one colour per source.

    >>> timeline_svg(group_claims)  # '<svg ...>...</svg>', safe to insert as is
    """
    plotted = [(c, f) for c in claims if c.as_of and (f := _figures(c))]
    if not plotted:
        return SafeString("")
    names = sorted({_source_name(c) for c, _ in plotted})
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    first = min(c.as_of for c, _ in plotted)
    last = max(c.as_of for c, _ in plotted)
    days = max((last - first).days, 1)
    top = max(high for _, (_, high) in plotted) * Decimal("1.1") or Decimal(1)

    # Coordinates go into format_html as strings: it escapes its arguments first.
    def x(day: datetime.date, shift: float = 0) -> str:
        span = WIDTH - LEFT - RIGHT
        at = (
            LEFT + span / 2
            if first == last
            else LEFT + span * (day - first).days / days
        )
        return f"{at + shift:.1f}"

    def y(figure: Decimal) -> float:
        return TOP + float((HEIGHT - TOP - BOTTOM) * (1 - figure / top))

    marks = []
    for claim, (low, high) in plotted:
        title = f"{_source_name(claim)}: {claim.quote} (as of {claim.as_of:%d %b %Y})"
        fill = colour[_source_name(claim)]
        if low == high:
            marks.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="5" fill="{}">'
                    "<title>{}</title></circle>",
                    x(claim.as_of),
                    f"{y(low):.1f}",
                    fill,
                    title,
                )
            )
        else:
            marks.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" '
                    'fill-opacity="0.45" stroke="{}"><title>{}</title></rect>',
                    x(claim.as_of, -BAND / 2),
                    f"{y(high):.1f}",
                    BAND,
                    f"{max(y(low) - y(high), 1):.1f}",
                    fill,
                    fill,
                    title,
                )
            )
    axis_y = HEIGHT - BOTTOM
    # One legend row per source: names are long ("General Staff of the Armed...").
    legend = format_html_join(
        "",
        (
            '<g transform="translate({},{})"><rect width="10" height="10" fill="{}"/>'
            '<text x="14" y="9">{}</text></g>'
        ),
        ((LEFT, axis_y + 28 + 16 * i, colour[n], n) for i, n in enumerate(names)),
    )
    height = HEIGHT + 16 * len(names)
    labels = format_html(
        '<text x="{}" y="{}" text-anchor="start">{}</text>'
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" text-anchor="end">0</text>',
        LEFT,
        axis_y + 16,
        f"{first:%d %b %Y}",
        WIDTH - RIGHT,
        axis_y + 16,
        f"{last:%d %b %Y}",
        LEFT - 6,
        TOP + 10,
        f"{top:,.0f}",
        LEFT - 6,
        axis_y,
    )
    return format_html(
        '<svg class="timeline" role="img" aria-label="Figures by source over time" '
        'viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>{}{}{}</svg>',
        WIDTH,
        height,
        LEFT,
        axis_y,
        WIDTH - RIGHT,
        axis_y,
        LEFT,
        TOP,
        LEFT,
        axis_y,
        labels,
        mark_safe("".join(marks)),
        legend,  # marks are format_html output
    )
