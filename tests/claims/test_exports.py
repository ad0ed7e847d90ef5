"""Exports: figure cards (text, JSON, HTML), ClaimReview JSON-LD against Google's
fact-check fields, and streamed, formula-safe CSV with the dashboard's filters."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import exports, services
from claims.models import Claim, ComparisonGroup
from sources.models import Source
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, ingest

pytestmark = pytest.mark.django_db

KYIV = (
    "Ukraine's General Staff said more than 14,000 Russian soldiers had been killed "
    "since the invasion began."
)
US = (
    "US intelligence estimates that about 7,000 Russian soldiers have been killed "
    "since the invasion began."
)


@pytest.fixture
def reviewed(django_capture_on_commit_callbacks, reviewer) -> ComparisonGroup:
    ingest(
        KYIV,
        datetime.date(2022, 4, 4),
        django_capture_on_commit_callbacks,
        title="Kyiv figure",
        outlet_name="Kyiv Independent",
        article_url="https://kyivindependent.example/news/1",
    )
    ingest(US, datetime.date(2022, 4, 6), django_capture_on_commit_callbacks)
    group = ComparisonGroup.objects.conflicting().get()
    services.review_submit(group=group, reviewer=reviewer, verdict="confirmed_conflict")
    group.refresh_from_db()
    return group


def card_url(group, fmt):
    return reverse("claims:group-export-card", args=[group.pk, fmt])


# ---- sentences ----------------------------------------------------------------


def claim(**kwargs) -> Claim:
    defaults = dict(
        value=Decimal(14000),
        qualifier="exact",
        category="killed",
        party="russian_forces",
        as_of=datetime.date(2022, 3, 2),
        quote="14,000",
    )
    return ClaimFactory.build(**(defaults | kwargs))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (dict(qualifier="lower_bound", quote="more than 14,000"), "more than 14,000"),
        (dict(qualifier="lower_bound", quote="at least 14,000"), "at least 14,000"),
        (dict(qualifier="approximate"), "about 14,000"),
        (dict(qualifier="upper_bound"), "up to 14,000"),
        (
            dict(qualifier="range", value=None, low=Decimal(5), high=Decimal(7)),
            "between 5 and 7",
        ),
        (dict(value=Decimal("12.5"), unit="percent"), "12.5%"),
        (dict(qualifier="exact"), "14,000"),
    ],
)
def test_the_figure_keeps_its_qualifier(fields, expected):
    assert exports.figure_phrase(claim(**fields)) == expected


def test_a_sentence_attributes_the_figure_to_its_source_and_date():
    military = Source(pk=1, name="Ukrainian military", slug="ukrainian-military")
    text = exports.attributed_sentence(
        claim(source=military, qualifier="lower_bound", quote="more than 14,000")
    )
    assert text == (
        "Ukrainian military says more than 14,000 Russian soldiers were killed, "
        "as of 2 March 2022."
    )


def test_a_sentence_names_a_person_with_the_body_they_speak_for():
    government = Source(pk=1, name="Ukrainian government", slug="ua-gov")
    zelensky = Source(
        pk=2,
        name="Volodymyr Zelensky",
        slug="zelensky",
        kind="person",
        parent=government,
    )
    text = exports.attributed_sentence(
        claim(source=zelensky, party="ukrainian_forces", value=Decimal(31000))
    )
    assert text.startswith(
        "Volodymyr Zelensky (Ukrainian government) says 31,000 Ukrainian soldiers"
    )


def test_intelligence_estimates_and_unnamed_officials_say():
    agency = Source(pk=3, name="US intelligence", slug="us", kind="intelligence")
    assert exports.attributed_sentence(
        claim(source=agency, qualifier="approximate")
    ).startswith("US intelligence estimates about 14,000")
    assert exports.attributed_sentence(
        claim(attribution="US officials", category="casualties")
    ).startswith("US officials say there were 14,000 Russian casualties")
    assert exports.attributed_sentence(claim()).startswith("Unattributed reports say")


# ---- figure cards -------------------------------------------------------------


def test_the_text_card_has_one_sentence_per_source_range_and_links(
    client, reviewer, reviewed
):
    client.force_login(reviewer)
    response = client.get(card_url(reviewed, "txt"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "says more than 14,000 Russian soldiers were killed, as of 4 April 2022" in (
        text
    )
    assert "estimates about 7,000 Russian soldiers were killed, as of 6 April 2022" in (
        text
    )
    assert "Confirmed conflict" in text
    assert reviewed.low is not None
    assert f"low {exports.number(reviewed.low)}" in text
    assert f"high {exports.number(reviewed.high)}" in text
    kyiv = Claim.objects.get(quote__contains="14,000")
    assert f"http://testserver/articles/{kyiv.article_id}/#claim-{kyiv.pk}" in text
    assert f"http://testserver/groups/{reviewed.pk}/" in text


def test_the_json_card_gives_figures_as_numbers_and_links(client, reviewer, reviewed):
    client.force_login(reviewer)
    card = client.get(card_url(reviewed, "json")).json()
    assert card["verdict"] == "confirmed_conflict"
    assert card["low"] == exports.json_number(reviewed.low)
    assert card["high"] == 14000
    assert card["as_of_from"] == "2022-04-04" and card["as_of_to"] == "2022-04-06"
    assert len(card["sentences"]) == 2
    assert all("#claim-" in s["link"] for s in card["sentences"])


def test_the_html_snippet_is_escaped_and_self_contained(client, reviewer, reviewed):
    nasty = SourceFactory(name='<script>alert("x")</script> Agency')
    Claim.objects.filter(group=reviewed, quote__contains="7,000").update(source=nasty)
    client.force_login(reviewer)
    response = client.get(card_url(reviewed, "html"))
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Agency" in html
    assert html.startswith('<figure class="tally-figure-card" style="')
    assert "<link" not in html and 'class="tally' in html


def test_unreviewed_groups_have_no_card(
    client, reviewer, django_capture_on_commit_callbacks
):
    ingest(KYIV, datetime.date(2022, 4, 4), django_capture_on_commit_callbacks)
    group = ComparisonGroup.objects.get()
    client.force_login(reviewer)
    assert client.get(card_url(group, "txt")).status_code == 404
    url = reverse("claims:group-export-claimreview", args=[group.pk])
    assert client.get(url).status_code == 404


def test_exports_need_a_login(client, reviewed):
    response = client.get(card_url(reviewed, "json"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_compare_page_links_the_exports_of_a_reviewed_group(
    client, reviewer, reviewed
):
    client.force_login(reviewer)
    page = client.get(reverse("claims:group-detail", args=[reviewed.pk]))
    assert card_url(reviewed, "html").encode() in page.content
    assert reverse("claims:group-export-claimreview", args=[reviewed.pk]).encode() in (
        page.content
    )


# ---- ClaimReview --------------------------------------------------------------


def test_claimreview_has_the_fields_google_fact_check_markup_needs(
    client, reviewer, reviewed, settings
):
    settings.NEWSROOM_NAME = "The Daily Ledger"
    settings.NEWSROOM_URL = "https://ledger.example.org"
    client.force_login(reviewer)
    response = client.get(
        reverse("claims:group-export-claimreview", args=[reviewed.pk])
    )
    assert response["Content-Type"] == "application/ld+json"
    markup = json.loads(response.content)

    # Required by Google: claimReviewed, reviewRating.alternateName, url, author.
    assert markup["@context"] == "https://schema.org"
    assert markup["@type"] == "ClaimReview"
    assert "more than 14,000" in markup["claimReviewed"]
    assert "about 7,000" in markup["claimReviewed"]
    assert markup["url"] == f"http://testserver/groups/{reviewed.pk}/"
    assert markup["author"] == {
        "@type": "Organization",
        "name": "The Daily Ledger",
        "url": "https://ledger.example.org",
    }
    rating = markup["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == "Conflicting figures"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    datetime.date.fromisoformat(markup["datePublished"])
    # Recommended: itemReviewed as a Claim with its author and appearances.
    item = markup["itemReviewed"]
    assert item["@type"] == "Claim"
    assert {a["@type"] for a in item["author"]} <= {"Organization", "Person"}
    assert len(item["author"]) == 2
    assert item["datePublished"] == "2022-04-04"
    kyiv = next(a for a in item["appearance"] if "url" in a)
    assert kyiv["url"] == "https://kyivindependent.example/news/1"
    assert kyiv["publisher"] == {"@type": "Organization", "name": "Kyiv Independent"}


@pytest.mark.parametrize(
    ("verdict", "label"),
    [
        ("consistent", "Consistent"),
        ("confirmed_conflict", "Conflicting figures"),
        ("superseded", "Superseded by a later figure"),
        ("different_measures", "Different measures, not a conflict"),
    ],
)
def test_every_publishable_verdict_has_a_rating(verdict, label):
    assert exports.RATINGS[verdict][1] == label
    assert set(exports.RATINGS) == set(exports.PUBLISHABLE_VERDICTS)


# ---- CSV ----------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=x", "'\t=x"),
        ("14,000 killed", "14,000 killed"),
        (None, ""),
        (7, "7"),
    ],
)
def test_csv_cells_cannot_start_a_formula(cell, safe):
    assert exports.csv_safe(cell) == safe


def test_the_claims_csv_streams_claims_with_the_dashboards_filters(client, reviewer):
    source = SourceFactory(name='=HYPERLINK("http://evil")')
    russian = ClaimFactory(source=source, as_of=datetime.date(2022, 3, 1))
    ClaimFactory(party="civilians", as_of=datetime.date(2022, 3, 1))
    client.force_login(reviewer)
    response = client.get(
        reverse("claims:claims-export-csv"), {"party": "russian_forces"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [r["claim_id"] for r in rows] == [str(russian.pk)]
    assert rows[0]["source"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["value"] == "300"
    assert list(rows[0]) == list(exports.CLAIM_COLUMNS)


def test_the_claims_csv_reads_with_an_iterator(client, reviewer, monkeypatch):
    ClaimFactory.create_batch(3)
    calls = []
    original = Claim.objects.none().__class__.iterator

    def spy(self, *args, **kwargs):
        calls.append(kwargs.get("chunk_size"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(Claim.objects.all()), "iterator", spy)
    client.force_login(reviewer)
    rows = read_csv(client.get(reverse("claims:claims-export-csv")))
    assert len(rows) == 3
    assert calls and calls[0] > 1


def test_the_groups_csv_follows_the_status_filter(client, reviewer, reviewed):
    ClaimFactory(article=ArticleFactory(), party="civilians")
    client.force_login(reviewer)
    rows = read_csv(
        client.get(reverse("claims:groups-export-csv"), {"status": "reviewed"})
    )
    assert [r["group_id"] for r in rows] == [str(reviewed.pk)]
    row = rows[0]
    assert row["verdict"] == "confirmed_conflict"
    assert row["low"] == exports.number_plain(reviewed.low)
    assert row["high"] == "14000"
    assert row["claims"] == "2"
    assert row["sources"].count(";") == 1


def test_the_csv_exports_need_a_login(client):
    for name in ("claims:claims-export-csv", "claims:groups-export-csv"):
        assert client.get(reverse(name)).status_code == 302


def count_export_queries(client, name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        read_csv(client.get(reverse(name)))
    return len(queries)


@pytest.mark.parametrize(
    "name", ["claims:claims-export-csv", "claims:groups-export-csv"]
)
def test_the_csv_exports_make_as_many_queries_for_many_rows_as_for_few(
    client, reviewer, name
):
    client.force_login(reviewer)

    def add_grouped_claims(n: int) -> None:
        for _ in range(n):
            source = SourceFactory(parent=SourceFactory())
            group = ComparisonGroup.objects.create(
                measure_key="k",
                category="killed",
                party="russian_forces",
                period="cumulative",
                as_of_from=datetime.date(2022, 3, 1),
                as_of_to=datetime.date(2022, 3, 1),
                verdict="consistent",
            )
            ClaimFactory(source=source, group=group, as_of=datetime.date(2022, 3, 1))

    add_grouped_claims(2)
    few = count_export_queries(client, name)
    add_grouped_claims(5)
    assert count_export_queries(client, name) == few
