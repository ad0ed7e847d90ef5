"""Sources: aliases and hierarchy, and resolving an attribution with the catalog."""

import pytest

from sources.models import Source
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def test_the_detail_has_aliases_parent_and_children(viewer_api):
    staff = Source.objects.get(slug="ukraine-general-staff")
    body = viewer_api.get(f"/api/v1/sources/{staff.pk}/").json()
    assert body["parent"] == staff.parent_id
    assert body["aliases"] == sorted(body["aliases"])
    parent = viewer_api.get(f"/api/v1/sources/{staff.parent_id}/").json()
    assert staff.pk in parent["children"]


def test_the_list_is_paged_and_filtered(viewer_api):
    body = viewer_api.get("/api/v1/sources/", {"side": "russia", "page_size": 5}).json()
    assert body["results"] and all(s["side"] == "russia" for s in body["results"])


def test_resolve_names_the_source_of_an_attribution(viewer_api):
    response = viewer_api.get(
        "/api/v1/sources/resolve/", {"q": "Ukraine's Armed Forces"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["source"]["slug"] == "ukrainian-military"


def test_resolve_answers_null_when_nothing_matches(viewer_api):
    body = viewer_api.get("/api/v1/sources/resolve/", {"q": "a man at the bus stop"})
    assert body.json()["source"] is None


def test_resolve_needs_q(viewer_api):
    assert (
        "q" in assert_error(viewer_api.get("/api/v1/sources/resolve/"), 400)["fields"]
    )
