"""The claim list writes rows, not instances: same fields and values as the detail."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.serializers import ClaimSerializer
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


@pytest.fixture
def varied_claims(conflict):
    """A claim of each shape the list must write: sourced or not, a figure or a
    range, dated or not, grouped (conflicting) or not, equipment."""
    article = ArticleFactory()
    source = SourceFactory(parent=SourceFactory())
    return [
        *conflict.claims.all(),
        ClaimFactory(article=article, source=source, as_of=datetime.date(2023, 5, 1)),
        ClaimFactory(
            article=article,
            start=30,
            end=35,
            value=None,
            low=Decimal("1.5"),
            high=Decimal(20),
            source=None,
            as_of=None,
        ),
        ClaimFactory(
            article=article,
            start=50,
            end=55,
            category="equipment",
            equipment_type="tank",
            value=Decimal(12),
            stale=True,
        ),
    ]


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_each_row_has_the_serializers_fields_with_the_details_values(
    viewer_api, varied_claims, suffix
):
    listed = viewer_api.get(f"{CLAIMS.rstrip('/')}{suffix}").json()["results"]

    assert {row["id"] for row in listed} == {c.pk for c in varied_claims}
    for row in listed:
        detail = viewer_api.get(f"{CLAIMS}{row['id']}{suffix}").json()
        assert list(row) == list(ClaimSerializer.Meta.fields)
        assert row == {field: detail[field] for field in row}
    assert any(row["source"] is None for row in listed)
    assert any(row["group"] is None and row["conflicting"] is None for row in listed)
    assert any(row["conflicting"] is True for row in listed)
    assert {row["url"].endswith(f"/{row['id']}{suffix}") for row in listed} == {True}


def test_a_filtered_page_reads_claims_with_their_source_and_group_only(
    viewer_api, varied_claims
):
    with CaptureQueriesContext(connection) as queries:
        response = viewer_api.get(CLAIMS, {"party": "russian_forces", "page_size": 5})
    assert response.status_code == 200
    page = [q["sql"] for q in queries.captured_queries if "claims_claim" in q["sql"]]
    assert len(page) == 1
    assert "claims_article" not in page[0]
    assert '"claims_claim"."sentence"' not in page[0]
