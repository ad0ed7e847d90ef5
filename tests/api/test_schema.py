"""The OpenAPI schema validates with no warnings; its docs are served from static/."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yml"
    )


def test_the_schema_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    for page in ("/api/docs/", "/api/redoc/"):
        html = client.get(page).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html, page
        assert "cdn.jsdelivr" not in html and "unpkg" not in html
