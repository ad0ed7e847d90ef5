"""ClaimReview and figure card of a reviewed group, and webhooks, by token."""

import pytest

from claims import services
from claims.models import Webhook
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def review(group, reviewer) -> None:
    services.review_submit(
        group=group,
        reviewer=reviewer,
        verdict="confirmed_conflict",
        note="Different counting",
        expected_version=group.version,
    )


def test_a_tool_fetches_the_claimreview_of_a_reviewed_conflict(
    viewer_api, conflict, reviewer
):
    url = f"/api/v1/groups/{conflict.pk}/claimreview/"
    assert_error(viewer_api.get(url), 404)  # not reviewed yet: nothing to publish
    review(conflict, reviewer)
    response = viewer_api.get(url)
    assert response.status_code == 200
    markup = response.json()
    assert markup["@type"] == "ClaimReview"
    assert markup["reviewRating"]["alternateName"] == "Conflicting figures"
    assert markup["url"].endswith(f"/groups/{conflict.pk}/")
    assert "7,000" in markup["claimReviewed"] and "14,000" in markup["claimReviewed"]
    assert markup["itemReviewed"]["author"]


def test_the_figure_card_has_one_sentence_per_source(viewer_api, conflict, reviewer):
    review(conflict, reviewer)
    card = viewer_api.get(f"/api/v1/groups/{conflict.pk}/card/").json()
    text = str(card)
    assert "7,000" in text and "14,000" in text


def test_the_claimreview_needs_a_token(client, conflict):
    assert client.get(f"/api/v1/groups/{conflict.pk}/claimreview/").status_code == 401


def test_a_reviewer_registers_a_webhook_and_sees_its_secret_once(
    reviewer_api, settings
):
    # No DNS here: a loopback receiver, allowed for this test only.
    settings.WEBHOOK_ADDRESS_POLICY = "tests.claims.test_webhooks.loopback_allowed"
    settings.WEBHOOK_ALLOWED_PORTS = (8765,)
    response = reviewer_api.post(
        "/api/v1/webhooks/",
        {"url": "http://127.0.0.1:8765/tally", "events": ["conflict.opened"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    hook = Webhook.objects.get()
    assert response.json()["secret"] == hook.secret
    assert hook.events == ["conflict.opened"]
    listed = reviewer_api.get("/api/v1/webhooks/").json()
    assert [h["id"] for h in listed] == [hook.pk] and "secret" not in listed[0]


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (
            {"url": "http://127.0.0.1/hook", "events": ["article.parsed"]},
            "127.0.0.1",
        ),
        ({"url": "https://hooks.example.org/t", "events": ["article.eaten"]}, "events"),
    ],
)
def test_webhooks_to_private_addresses_or_unknown_events_are_refused(
    reviewer_api, payload, why
):
    response = reviewer_api.post("/api/v1/webhooks/", payload, format="json")
    body = assert_error(response, 400)
    assert why in str(body)
    assert not Webhook.objects.exists()


def test_a_viewer_cannot_register_webhooks(viewer_api):
    response = viewer_api.post(
        "/api/v1/webhooks/",
        {"url": "https://hooks.example.org/t", "events": ["article.parsed"]},
        format="json",
    )
    assert response.status_code == 403
