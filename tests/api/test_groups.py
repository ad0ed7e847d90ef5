"""Groups: filters, detail with intervals and history, the If-Match guarded verdict."""

import pytest

from claims.models import ComparisonGroup, Review
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/groups/"


def test_the_list_filters(viewer_api, conflict):
    def ids(**params) -> set[int]:
        response = viewer_api.get(GROUPS, params)
        assert response.status_code == 200, response.content
        return {g["id"] for g in response.json()["results"]}

    assert ids(status="open", category="killed", party="russian_forces") == {
        conflict.pk
    }
    assert ids(conflicting="true") == {conflict.pk}
    assert ids(status="reviewed") == set()
    assert ids(verdict="consistent") == set()
    assert_error(viewer_api.get(GROUPS, {"status": "maybe"}), 400)


def test_the_detail_has_claims_intervals_history_and_an_etag(viewer_api, conflict):
    response = viewer_api.get(f"{GROUPS}{conflict.pk}/")
    assert response["ETag"] == f'"group-{conflict.pk}-v{conflict.version}"'
    body = response.json()
    assert len(body["claims"]) == 2
    for claim in body["claims"]:
        assert claim["interval_low"] <= claim["interval_high"]
        assert claim["sentence"]
    assert body["reviews"] == []


def verdict(api, group, **headers):
    return api.post(
        f"{GROUPS}{group.pk}/verdict/",
        {"verdict": "confirmed_conflict", "note": "Kyiv counts all ranks"},
        format="json",
        **headers,
    )


def test_a_verdict_without_if_match_is_428(reviewer_api, conflict):
    assert_error(verdict(reviewer_api, conflict), 428, "precondition_required")
    assert not Review.objects.exists()


def test_a_verdict_with_a_stale_etag_is_412(reviewer_api, conflict):
    stale = f'"group-{conflict.pk}-v{conflict.version - 1}"'
    response = verdict(reviewer_api, conflict, HTTP_IF_MATCH=stale)
    assert_error(response, 412, "precondition_failed")
    assert not Review.objects.exists()


def test_a_verdict_with_the_current_etag_is_recorded_and_returns_the_new_one(
    reviewer_api, reviewer, conflict
):
    etag = reviewer_api.get(f"{GROUPS}{conflict.pk}/")["ETag"]
    response = verdict(reviewer_api, conflict, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    group = ComparisonGroup.objects.get(pk=conflict.pk)
    assert group.verdict == "confirmed_conflict"
    assert response["ETag"] == f'"group-{group.pk}-v{group.version}"' != etag
    assert response.json()["reviews"][0]["reviewer"] == reviewer.username
    # The old ETag is now stale: a second save from the same read is refused.
    assert_error(verdict(reviewer_api, conflict, HTTP_IF_MATCH=etag), 412)


def test_an_invalid_verdict_is_400_in_the_error_shape(reviewer_api, conflict):
    etag = reviewer_api.get(f"{GROUPS}{conflict.pk}/")["ETag"]
    response = reviewer_api.post(
        f"{GROUPS}{conflict.pk}/verdict/",
        {"verdict": "great"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert "verdict" in assert_error(response, 400, "invalid")["fields"]


def test_a_viewer_cannot_record_a_verdict(viewer_api, conflict):
    etag = viewer_api.get(f"{GROUPS}{conflict.pk}/")["ETag"]
    assert_error(verdict(viewer_api, conflict, HTTP_IF_MATCH=etag), 403)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/groups/124307997124304977920/claimreview/",
        "/api/v1/groups/124307997124304977920/card/",
        "/groups/124307997124304977920/",
    ],
)
def test_an_id_past_the_databases_integers_is_a_404_not_a_server_error(
    reviewer_api, reviewer_client, path
):
    # found by schemathesis: the id reached the query and overflowed there
    client = reviewer_api if path.startswith("/api/") else reviewer_client
    assert client.get(path).status_code == 404
