"""Source curation in the admin: hierarchy and claim counts, search by alias, merges
recorded through the intermediate page, aliases re-resolving claims; articles,
claims and webhook deliveries in the admin."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Article, Claim, Webhook, WebhookDelivery
from sources import services
from sources.models import Source, SourceAlias, SourceMerge
from sources.selectors import source_catalog
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:sources_source_changelist"


@pytest.fixture
def government():
    return SourceFactory(
        name="Testland government", slug="testland-gov", kind="government", country="TL"
    )


@pytest.fixture
def president(government):
    return SourceFactory(
        name="President Vee",
        slug="president-vee",
        kind="person",
        country="TL",
        parent=government,
    )


def test_the_list_shows_the_hierarchy_and_claims_attributed(admin_client, president):
    ClaimFactory.create_batch(2, source=president)
    response = admin_client.get(reverse(CHANGELIST), {"q": "President Vee"})
    html = response.content.decode()
    assert "Testland government → President Vee" in html
    assert '<td class="field-claims_attributed">2</td>' in html


def test_sources_sort_by_claims_attributed(admin_client, government, president):
    ClaimFactory.create_batch(3, source=president)
    # Column 6 is "claims attributed"; "-6" sorts descending.
    response = admin_client.get(reverse(CHANGELIST), {"o": "-6", "country": "TL"})
    names = [s.name for s in response.context["cl"].result_list]
    assert names == ["President Vee", "Testland government"]


def test_search_finds_a_source_by_alias_and_filters_by_kind(admin_client, president):
    SourceAlias.objects.create(source=president, alias="the Veeinator")
    response = admin_client.get(reverse(CHANGELIST), {"q": "veeinator"})
    assert [s.pk for s in response.context["cl"].result_list] == [president.pk]
    response = admin_client.get(
        reverse(CHANGELIST), {"kind__exact": "person", "q": "Testland"}
    )
    assert list(response.context["cl"].result_list) == []


# ---- merging ------------------------------------------------------------------


def test_merging_asks_which_source_to_keep_then_moves_everything_and_records_it(
    admin_client, admin_user, government, django_capture_on_commit_callbacks
):
    keep = SourceFactory(name="Testland army", slug="testland-army", parent=government)
    duplicate = SourceFactory(name="Army of Testland", slug="army-of-testland")
    SourceAlias.objects.create(source=duplicate, alias="TLA")
    child = SourceFactory(name="Testland army press office", parent=duplicate)
    claims = ClaimFactory.create_batch(2, source=duplicate)
    ClaimFactory.create_batch(3, source=keep)
    selected = {"action": "merge_sources", "_selected_action": [keep.pk, duplicate.pk]}

    page = admin_client.post(reverse(CHANGELIST), selected)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Merge duplicate sources" in html
    # The source with the most claims is offered as the keeper.
    assert f'value="{keep.pk}" id="keep-{keep.pk}" checked' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST), {**selected, "apply": "1", "keep": keep.pk}
        )
    assert response.status_code == 302
    assert not Source.objects.filter(pk=duplicate.pk).exists()
    assert {
        c.source_id for c in Claim.objects.filter(pk__in=[c.pk for c in claims])
    } == {keep.pk}
    assert set(keep.aliases.values_list("alias", flat=True)) >= {
        "TLA",
        "Army of Testland",
    }
    child.refresh_from_db()
    assert child.parent_id == keep.pk
    record = SourceMerge.objects.get()
    assert (record.keep, record.duplicate_name, record.duplicate_slug) == (
        keep,
        "Army of Testland",
        "army-of-testland",
    )
    assert (record.aliases_moved, record.claims_moved, record.children_moved) == (
        1,
        2,
        1,
    )
    assert record.merged_by == admin_user


def test_merge_records_are_read_only_in_the_admin(admin_client, government, admin_user):
    duplicate = SourceFactory()
    record = services.source_merge(
        keep=government, duplicate=duplicate, merged_by=admin_user
    )
    listing = admin_client.get(reverse("admin:sources_sourcemerge_changelist"))
    assert duplicate.name in listing.content.decode()
    assert admin_client.get(reverse("admin:sources_sourcemerge_add")).status_code == 403
    change = admin_client.get(
        reverse("admin:sources_sourcemerge_change", args=[record.pk])
    )
    assert change.status_code == 200
    assert b'name="_save"' not in change.content


def test_a_source_cannot_be_merged_into_its_own_descendant(government, president):
    with pytest.raises(ValidationError, match="other way round"):
        services.source_merge(keep=president, duplicate=government, merged_by=None)
    with pytest.raises(ValidationError):
        services.source_merge(keep=government, duplicate=government, merged_by=None)


# ---- alias re-resolution -------------------------------------------------------


def source_form(source: Source, *aliases: str) -> dict:
    data = {
        "name": source.name,
        "slug": source.slug,
        "kind": source.kind,
        "parent": source.parent_id or "",
        "side": source.side,
        "country": source.country,
        "notes": source.notes,
        "aliases-TOTAL_FORMS": len(aliases),
        "aliases-INITIAL_FORMS": 0,
        "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
    }
    for i, alias in enumerate(aliases):
        data[f"aliases-{i}-alias"] = alias
        data[f"aliases-{i}-source"] = source.pk
    return data


def test_adding_an_alias_in_the_admin_reattributes_matching_claims(
    admin_client, president, django_capture_on_commit_callbacks
):
    day = datetime.date(2023, 5, 1)
    matching = ClaimFactory(attribution="The  President’s office", as_of=day)
    corrected = ClaimFactory(
        attribution="the President's office", corrected=True, as_of=day
    )
    other = ClaimFactory(attribution="a presidential adviser", as_of=day)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:sources_source_change", args=[president.pk]),
            source_form(president, "President's office"),
        )
    assert response.status_code == 302, response.context["errors"]
    for claim in (matching, corrected, other):
        claim.refresh_from_db()
    assert matching.source_id == president.pk
    assert corrected.source_id is None  # a reviewer's correction stands
    assert other.source_id is None
    # The claim was regrouped with its new source.
    assert matching.measure_key and matching.group is not None


def test_the_catalog_sees_an_alias_as_soon_as_it_is_saved(
    admin_client, president, django_capture_on_commit_callbacks
):
    before = source_catalog()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:sources_source_change", args=[president.pk]),
            source_form(president, "Veeland leader"),
        )
    assert source_catalog() is not before


# ---- articles, claims, webhooks -----------------------------------------------


def test_requeue_failed_only_queues_the_failed_articles(
    admin_client, django_capture_on_commit_callbacks
):
    failed = ArticleFactory(
        status=Article.Status.FAILED, error="boom", parse_attempts=3
    )
    parsed = ArticleFactory(status=Article.Status.PARSED)
    with django_capture_on_commit_callbacks() as callbacks:
        admin_client.post(
            reverse("admin:claims_article_changelist"),
            {"action": "requeue_failed", "_selected_action": [failed.pk, parsed.pk]},
        )
    failed.refresh_from_db()
    parsed.refresh_from_db()
    assert (failed.status, failed.parse_attempts, failed.error) == ("pending", 0, "")
    assert parsed.status == "parsed"
    assert len(callbacks) == 1


def test_articles_filter_by_status(admin_client):
    failed = ArticleFactory(status=Article.Status.FAILED)
    ArticleFactory(status=Article.Status.PARSED)
    response = admin_client.get(
        reverse("admin:claims_article_changelist"), {"status__exact": "failed"}
    )
    assert [a.pk for a in response.context["cl"].result_list] == [failed.pk]


def test_claims_are_read_only_and_link_to_their_sentence(admin_client):
    claim = ClaimFactory()
    listing = admin_client.get(reverse("admin:claims_claim_changelist"))
    link = reverse("claims:article-detail", args=[claim.article_id])
    assert f'href="{link}#claim-{claim.pk}"' in listing.content.decode()
    change_url = reverse("admin:claims_claim_change", args=[claim.pk])
    assert b'name="_save"' not in admin_client.get(change_url).content
    assert admin_client.post(change_url, {"quote": "9"}).status_code == 403


def test_the_webhook_admin_refuses_private_urls(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:claims_webhook_add"),
        {
            "owner": admin_user.pk,
            "url": "http://169.254.169.254/latest",
            "events": ["article.parsed"],
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "link-local" in response.content.decode()
    assert not Webhook.objects.exists()


def test_deliveries_are_listed_read_only_with_a_status_filter(admin_client, admin_user):
    hook = Webhook.objects.create(
        owner=admin_user, url="https://93.184.215.14/h", events=["article.parsed"]
    )
    failed = WebhookDelivery.objects.create(
        webhook=hook, event="article.parsed", status="failed"
    )
    WebhookDelivery.objects.create(
        webhook=hook, event="article.parsed", status="succeeded"
    )
    response = admin_client.get(
        reverse("admin:claims_webhookdelivery_changelist"), {"status__exact": "failed"}
    )
    assert [d.pk for d in response.context["cl"].result_list] == [failed.pk]
    assert (
        admin_client.get(reverse("admin:claims_webhookdelivery_add")).status_code == 403
    )
