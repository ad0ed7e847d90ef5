"""Bulk upload: JSON array or JSON Lines, each item created, duplicate or rejected."""

import json

import pytest

from claims.models import Article
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

BULK = "/api/v1/articles/bulk/"


def items() -> list:
    return [
        {"text": "Kyiv said 300 Russian tanks had been destroyed.", "title": "Tanks"},
        {"text": "Kyiv said 300 Russian tanks had been destroyed."},  # same text
        {"title": "No text"},
        {"text": "The UN said 40 civilians were killed.", "published": "not a date"},
        "not an object",
        {"text": "The UN said 40 civilians were killed.", "outlet": "Reuters"},
    ]


def test_each_item_is_created_found_a_duplicate_or_rejected_with_a_reason(
    reviewer_api,
):
    response = reviewer_api.post(BULK, items(), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [row["result"] for row in body["items"]] == [
        "created",
        "duplicate",
        "rejected",
        "rejected",
        "rejected",
        "created",
    ]
    assert (body["created"], body["duplicate"], body["rejected"]) == (2, 1, 3)
    assert "text" in body["items"][2]["fields"]
    assert "published" in body["items"][3]["fields"]
    assert body["items"][4]["reason"]
    assert body["items"][1]["id"] == body["items"][0]["id"]
    assert Article.objects.count() == 2


@pytest.mark.parametrize("content_type", ["application/x-ndjson", "application/jsonl"])
def test_json_lines_are_accepted(reviewer_api, content_type):
    body = "\n".join(json.dumps(item) for item in items()) + "\n\n"
    response = reviewer_api.generic("POST", BULK, body, content_type=content_type)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2


def test_a_service_rejection_is_reported_and_stores_nothing(reviewer_api, settings):
    settings.UPLOAD_MAX_BYTES = 60
    response = reviewer_api.post(
        BULK, [{"text": "Kyiv said 300 Russian tanks were destroyed. " * 5}]
    )
    row = response.json()["items"][0]
    assert row["result"] == "rejected" and row["reason"]
    assert not Article.objects.exists()


def test_a_malformed_body_is_a_400_and_stores_nothing(reviewer_api):
    body = '{"text": "Kyiv said 300 tanks were destroyed."}\n{broken\n'
    response = reviewer_api.generic(
        "POST", BULK, body, content_type="application/x-ndjson"
    )
    error = assert_error(response, 400, "parse_error")
    assert "Line 2" in error["message"]
    assert not Article.objects.exists()


def test_an_object_instead_of_a_list_is_a_400(reviewer_api):
    assert_error(reviewer_api.post(BULK, {"text": "x"}, format="json"), 400)


def test_more_than_1000_items_is_a_400(reviewer_api):
    response = reviewer_api.post(BULK, [{}] * 1001, format="json")
    assert "1000" in assert_error(response, 400)["message"]


def test_a_viewer_cannot_bulk_upload(viewer_api):
    assert_error(viewer_api.post(BULK, items(), format="json"), 403)


def test_the_bulk_api_queues_batches_not_one_task_per_article(
    reviewer_api, settings, django_capture_on_commit_callbacks
):
    settings.PARSE_BATCH_SIZE = 4
    body = [
        {"text": f"Kyiv said {n} Russian tanks were hit.", "published": "2023-05-01"}
        for n in range(410, 420)
    ]
    with django_capture_on_commit_callbacks() as queued:
        response = reviewer_api.post("/api/v1/articles/bulk/", body, format="json")
    assert response.json()["created"] == 10
    assert len(queued) == 3  # batches of 4, 4 and 2
    assert Article.objects.filter(published="2023-05-01").count() == 10
