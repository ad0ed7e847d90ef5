"""Source pages: claims of a source and its descendants, its confirmed conflicts,
query counts."""

import datetime

import pytest
from django.urls import reverse

from claims import services
from claims.services.groups import groups_refresh_for_article
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry():
    return SourceFactory(name="Defence ministry", side="ukraine")


def claim_of(source, day: int, **kwargs):
    claim = ClaimFactory(source=source, as_of=datetime.date(2022, 3, day), **kwargs)
    groups_refresh_for_article(article_id=claim.article_id)
    claim.refresh_from_db()
    return claim


def test_anonymous_users_are_sent_to_login(client, ministry):
    response = client.get(reverse("claims:source-detail", args=[ministry.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_source_page_lists_its_claims_and_its_descendants(client, viewer, ministry):
    spokesman = SourceFactory(name="Spokesman", parent=ministry)
    own = claim_of(ministry, 1)
    child = claim_of(spokesman, 2, party="civilians")
    other = claim_of(SourceFactory(name="Elsewhere"), 3)
    client.force_login(viewer)
    response = client.get(reverse("claims:source-detail", args=[ministry.pk]))
    assert response.status_code == 200
    assert {c.pk for c in response.context["page"]} == {own.pk, child.pk}
    assert other.pk not in {c.pk for c in response.context["page"]}
    assert b"Spokesman" in response.content
    child_page = client.get(reverse("claims:source-detail", args=[spokesman.pk]))
    assert [c.pk for c in child_page.context["page"]] == [child.pk]


def test_a_source_page_counts_claims_that_ended_in_confirmed_conflicts(
    reviewer_client, ministry
):
    settled = claim_of(ministry, 1)
    claim_of(ministry, 2, party="civilians")
    services.review_submit(
        group=settled.group, reviewer=None, verdict="confirmed_conflict"
    )
    response = reviewer_client.get(reverse("claims:source-detail", args=[ministry.pk]))
    record = response.context["record"]
    assert (record.claim_count, record.confirmed_conflicts) == (2, 1)
    assert b'class="confirmed-total">1<' in response.content


def test_source_pages_take_a_fixed_number_of_queries(
    reviewer_client, ministry, django_assert_max_num_queries
):
    child = SourceFactory(name="Spokesman", parent=ministry)
    for day in range(1, 26):
        claim_of(
            [ministry, child][day % 2],
            day,
            party=["russian_forces", "civilians"][day % 2],
        )
    # Session, user, perms (2), source, tree, totals, descendants, page count, page.
    with django_assert_max_num_queries(10):
        detail = reviewer_client.get(
            reverse("claims:source-detail", args=[ministry.pk])
        )
    assert len(detail.context["page"]) == 25
    with django_assert_max_num_queries(5):
        listing = reviewer_client.get(reverse("claims:source-list"))
    assert listing.status_code == 200
