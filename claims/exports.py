"""Exports of reviewed groups and claims: figure cards, ClaimReview JSON-LD, CSV rows.

Pure formatting over rows already loaded: no queries, no requests. Links are
built by the caller's `link` function (the views make them absolute).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join

from claims.models import Category, Claim, ComparisonGroup, Party, Qualifier, Verdict
from sources.models import Source

# An extraction error is our mistake, not a finding: nothing to publish.
PUBLISHABLE_VERDICTS = tuple(v for v in Verdict.values if v != "extraction_error")

# schema.org Rating for each verdict: 5 the figures agree, 1 they cannot be squared.
RATINGS: dict[str, tuple[int, str]] = {
    Verdict.CONSISTENT: (5, "Consistent"),
    Verdict.DIFFERENT_MEASURES: (4, "Different measures, not a conflict"),
    Verdict.SUPERSEDED: (3, "Superseded by a later figure"),
    Verdict.CONFIRMED_CONFLICT: (2, "Conflicting figures"),
}

_PEOPLE = {
    Party.RUSSIAN_FORCES: ("Russian soldiers", "Russian"),
    Party.UKRAINIAN_FORCES: ("Ukrainian soldiers", "Ukrainian"),
    Party.CIVILIANS: ("civilians", "civilian"),
    Party.OTHER: ("people", ""),
}
_PARTICIPLE = {
    Category.KILLED: "killed",
    Category.WOUNDED: "wounded",
    Category.CAPTURED: "captured",
    Category.MISSING: "missing",
    Category.DETAINED: "detained",
    Category.DISPLACED: "displaced",
}
_PLURAL_EQUIPMENT = {
    "aircraft": "aircraft",
    "artillery": "artillery systems",
    "air_defense": "air defence systems",
    "armored_vehicle": "armoured vehicles",
    "other": "pieces of equipment",
}
_PLURAL_SUBJECTS = ("officials", "forces", "authorities", "services", "sources")

Link = Callable[[str, Claim | None], str]


def number(value: Decimal | int | None, unit: str = "count") -> str:
    """A figure as readers write it: "14,000", "12.5%".

    >>> number(Decimal("14000.000"))
    '14,000'
    """
    if value is None:
        return ""
    value = Decimal(value)
    text = (
        f"{value.normalize():,f}" if value != value.to_integral() else f"{value:,.0f}"
    )
    return text + ("%" if unit == "percent" else "")


def json_number(value: Decimal | int | None) -> int | str | None:
    """Counts as JSON integers, other figures as exact decimal strings (no floats)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else str(value.normalize())


def long_date(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


# ---- one sentence per source --------------------------------------------------


def figure_phrase(claim: Claim) -> str:
    """The figure with its qualifier: "more than 14,000", "between 5 and 7%"."""
    if claim.value is None and claim.low != claim.high:
        low, high = number(claim.low, claim.unit), number(claim.high, claim.unit)
        return f"between {low} and {high}"
    figure = number(claim.value if claim.value is not None else claim.low, claim.unit)
    if claim.qualifier == Qualifier.LOWER_BOUND:
        said = claim.quote.lower()
        return ("at least " if "at least" in said else "more than ") + figure
    prefix = {Qualifier.APPROXIMATE: "about ", Qualifier.UPPER_BOUND: "up to "}
    return prefix.get(claim.qualifier, "") + figure


def what_phrase(claim: Claim, figure: str) -> str:
    """The figure in words: "more than 14,000 Russian soldiers were killed"."""
    people, adjective = _PEOPLE.get(claim.party, ("people", ""))
    one = figure in ("1", "one")
    if claim.category == Category.CASUALTIES:
        noun = "casualty" if one else "casualties"
        return f"there {'was' if one else 'were'} {figure} {adjective} {noun}".replace(
            "  ", " "
        )
    if claim.category == Category.EQUIPMENT:
        kind = claim.equipment_type or "other"
        things = _PLURAL_EQUIPMENT.get(kind, kind.replace("_", " ") + "s")
        return f"{figure} {adjective} {things} {'was' if one else 'were'} lost".replace(
            "  ", " "
        )
    participle = _PARTICIPLE.get(claim.category, claim.category)
    return f"{figure} {people} {'was' if one else 'were'} {participle}"


def speaker(claim: Claim) -> str:
    """Who says it: the source (with its root when it has one), else the phrase as
    written, else an honest "unattributed reports"."""
    source = claim.source
    if source is not None:
        root = source.root
        return source.name if root.pk == source.pk else f"{source.name} ({root.name})"
    if claim.attribution:
        return claim.attribution[0].upper() + claim.attribution[1:]
    return "Unattributed reports"


def attributed_sentence(claim: Claim) -> str:
    """One attribution-safe sentence: the figure is always what someone says.

    "Ukrainian military says more than 14,000 Russian soldiers were killed, as of
    2 March 2022."
    """
    who, kind = speaker(claim), claim.source.kind if claim.source else ""
    plural = who == "Unattributed reports" or (
        kind != Source.Kind.PERSON
        and who.split(" (")[0].lower().endswith(_PLURAL_SUBJECTS)
    )
    estimates = kind == Source.Kind.INTELLIGENCE
    verb = ("estimate" if estimates else "say") + ("" if plural else "s")
    sentence = f"{who} {verb} {what_phrase(claim, figure_phrase(claim))}"
    if claim.as_of:
        sentence += f", as of {long_date(claim.as_of)}"
    return sentence + "."


def latest_per_source(claims: Iterable[Claim]) -> list[Claim]:
    """Each source's latest claim (echoes and older figures fold into it), by date."""
    latest: dict[tuple, Claim] = {}
    for claim in claims:
        key = (
            ("source", claim.source_id)
            if claim.source_id
            else ("phrase", claim.attribution.lower())
        )
        current = latest.get(key)
        if current is None or (claim.as_of, claim.pk) > (current.as_of, current.pk):
            latest[key] = claim
    return sorted(latest.values(), key=lambda c: (c.as_of, c.pk))


# ---- figure card --------------------------------------------------------------


@dataclass(frozen=True)
class CardLine:
    claim: Claim
    text: str
    link: str


@dataclass(frozen=True)
class FigureCard:
    group: ComparisonGroup
    lines: list[CardLine]
    compare_url: str

    @property
    def heading(self) -> str:
        return str(self.group)[0].upper() + str(self.group)[1:]

    @property
    def dates(self) -> str:
        start, end = self.group.as_of_from, self.group.as_of_to
        if start == end:
            return long_date(start)
        return f"{long_date(start)} to {long_date(end)}"

    @property
    def range_text(self) -> str:
        unit = self.group.unit
        parts = [
            f"{label} {number(value, unit)}"
            for label, value in (
                ("low", self.group.low),
                ("best", self.group.best),
                ("high", self.group.high),
            )
            if value is not None
        ]
        return ", ".join(parts)


def figure_card(
    group: ComparisonGroup, claims: Iterable[Claim], link: Link
) -> FigureCard:
    """The card of a reviewed group: `link("claim", claim)` and `link("group", None)`
    give the absolute URLs of a claim's sentence and of the compare page."""
    lines = [
        CardLine(claim=c, text=attributed_sentence(c), link=link("claim", c))
        for c in latest_per_source(claims)
    ]
    return FigureCard(group=group, lines=lines, compare_url=link("group", None))


def card_text(card: FigureCard) -> str:
    group = card.group
    out = [
        f"{card.heading} — {group.get_verdict_display()}",
        *(f"{line.text} [{i}]" for i, line in enumerate(card.lines, 1)),
        f"Range ({card.dates}): {card.range_text or 'not computed'}.",
        "",
        *(f"[{i}] {line.link}" for i, line in enumerate(card.lines, 1)),
        f"Compare: {card.compare_url}",
    ]
    return "\n".join(out) + "\n"


def card_json(card: FigureCard) -> dict:
    group = card.group
    return {
        "group": group.pk,
        "title": card.heading,
        "verdict": group.verdict,
        "verdict_label": group.get_verdict_display(),
        "grade": group.effective_grade,
        "unit": group.unit,
        "low": json_number(group.low),
        "best": json_number(group.best),
        "high": json_number(group.high),
        "synthesis_rule": group.synthesis_rule,
        "as_of_from": group.as_of_from.isoformat(),
        "as_of_to": group.as_of_to.isoformat(),
        "sentences": [
            {
                "text": line.text,
                "claim": line.claim.pk,
                "source": line.claim.source.name if line.claim.source else None,
                "as_of": line.claim.as_of.isoformat() if line.claim.as_of else None,
                "link": line.link,
            }
            for line in card.lines
        ],
        "url": card.compare_url,
    }


_BOX = (
    "font-family:Georgia,serif;border:1px solid #ccc;border-radius:6px;"
    "padding:12px 16px;max-width:36em;background:#fff;color:#222"
)


def card_html(card: FigureCard) -> str:
    """A self-contained snippet (inline styles) to paste into a story; all escaped."""
    items = format_html_join(
        "",
        '<li style="margin:0 0 6px">{} <a href="{}" style="color:#0b5394">'
        "source</a></li>",
        ((line.text, line.link) for line in card.lines),
    )
    return str(
        format_html(
            '<figure class="tally-figure-card" style="{}">'
            '<figcaption style="font-weight:bold;margin-bottom:8px">{}</figcaption>'
            '<ul style="padding-left:18px;margin:0 0 8px">{}</ul>'
            '<p style="margin:0;font-size:90%">Range ({}): {}. '
            'Verdict: {}. <a href="{}" style="color:#0b5394">How we compared</a></p>'
            "</figure>",
            _BOX,
            card.heading,
            items,
            card.dates,
            card.range_text or "not computed",
            card.group.get_verdict_display(),
            card.compare_url,
        )
    )


# ---- ClaimReview --------------------------------------------------------------


def claim_review(
    card: FigureCard, *, newsroom: str, newsroom_url: str, published: datetime.date
) -> dict:
    """schema.org ClaimReview (Google fact-check markup) for a reviewed group."""
    group = card.group
    value, label = RATINGS[group.verdict]
    claims = [line.claim for line in card.lines]
    author = {"@type": "Organization", "name": newsroom}
    if newsroom_url:
        author["url"] = newsroom_url
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": card.compare_url,
        "datePublished": published.isoformat(),
        "author": author,
        "claimReviewed": f"{card.heading}: "
        + " ".join(line.text for line in card.lines),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
        "itemReviewed": _item_reviewed(claims),
    }


def _item_reviewed(claims: list[Claim]) -> dict:
    authors, seen = [], set()
    for claim in claims:
        name = speaker(claim)
        if name in seen:
            continue
        seen.add(name)
        person = claim.source is not None and claim.source.kind == Source.Kind.PERSON
        authors.append({"@type": "Person" if person else "Organization", "name": name})
    appearances = [_appearance(c) for c in claims]
    dates = [
        c.article.published or c.as_of for c in claims if c.article.published or c.as_of
    ]
    item = {"@type": "Claim", "author": authors, "appearance": appearances}
    if dates:
        item["datePublished"] = min(dates).isoformat()
    return item


def _appearance(claim: Claim) -> dict:
    article = claim.article
    work: dict = {"@type": "NewsArticle", "headline": str(article)}
    if article.url:
        work["url"] = article.url
    if article.published:
        work["datePublished"] = article.published.isoformat()
    if article.outlet_id:
        work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    return work


# ---- CSV ----------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a quote.

    >>> csv_safe("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


CLAIM_COLUMNS = (
    "claim_id",
    "article_id",
    "article_title",
    "article_url",
    "outlet",
    "published",
    "as_of",
    "category",
    "equipment_type",
    "party",
    "qualifier",
    "unit",
    "value",
    "low",
    "high",
    "quote",
    "sentence",
    "attribution",
    "source",
    "source_root",
    "group_id",
    "group_verdict",
    "stale",
    "corrected",
)


def claim_row(claim: Claim) -> list[str]:
    article, source, group = claim.article, claim.source, claim.group
    cells = (
        claim.pk,
        article.pk,
        str(article),
        article.url,
        article.outlet.name if article.outlet_id else "",
        article.published.isoformat() if article.published else "",
        claim.as_of.isoformat() if claim.as_of else "",
        claim.category,
        claim.equipment_type,
        claim.party,
        claim.qualifier,
        claim.unit,
        number_plain(claim.value),
        number_plain(claim.low),
        number_plain(claim.high),
        claim.quote,
        claim.sentence,
        claim.attribution,
        source.name if source else "",
        source.root.name if source else "",
        claim.group_id or "",
        group.verdict if group else "",
        claim.stale,
        claim.corrected,
    )
    return [csv_safe(c) for c in cells]


GROUP_COLUMNS = (
    "group_id",
    "title",
    "category",
    "equipment_type",
    "party",
    "unit",
    "period",
    "subset",
    "as_of_from",
    "as_of_to",
    "conflicting",
    "verdict",
    "grade",
    "low",
    "best",
    "high",
    "synthesis_rule",
    "reason",
    "claims",
    "sources",
)


def group_row(group: ComparisonGroup, sources: list[str | None]) -> list[str]:
    """A dashboard group, with its sources' names (`group_source_names`)."""
    sources = [name for name in sources if name is not None]
    cells = (
        group.pk,
        str(group),
        group.category,
        group.equipment_type,
        group.party,
        group.unit,
        group.period,
        group.subset,
        group.as_of_from.isoformat(),
        group.as_of_to.isoformat(),
        group.conflicting,
        group.verdict,
        group.effective_grade,
        number_plain(group.low),
        number_plain(group.best),
        number_plain(group.high),
        group.synthesis_rule,
        group.reason,
        getattr(group, "claim_count", ""),
        "; ".join(sources),
    )
    return [csv_safe(c) for c in cells]


def number_plain(value: Decimal | int | None) -> str:
    """A figure for spreadsheets: no thousands separator, no trailing zeros."""
    if value is None:
        return ""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral() else f"{value.normalize():f}"


def csv_lines(header: Iterable[str], rows: Iterator[list[str]], writer) -> Iterator:
    """Each CSV line as the writer returns it (the writer writes to an echo buffer)."""
    yield writer.writerow(list(header))
    for row in rows:
        yield writer.writerow(row)
