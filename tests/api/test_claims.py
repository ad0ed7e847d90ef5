"""Claims: filters, text search, ordering, cursor pages without COUNT(*), detail."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from tests.api.conftest import assert_error
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


def ids(api, **params) -> set[int]:
    response = api.get(CLAIMS, params)
    assert response.status_code == 200, response.content
    return {c["id"] for c in response.json()["results"]}


def test_the_filters(viewer_api, conflict):
    parent = SourceFactory()
    child = SourceFactory(parent=parent)
    article = ArticleFactory(title="Report on the wounded")
    wounded = ClaimFactory(
        article=article,
        category="wounded",
        party="civilians",
        source=child,
        as_of=datetime.date(2021, 1, 5),
        value=Decimal(40),
    )
    ranged = ClaimFactory(
        start=20,
        end=25,
        value=None,
        low=Decimal(10),
        high=Decimal(20),
        article=article,
        as_of=datetime.date(2021, 2, 1),
    )
    conflicting = set(conflict.claims.values_list("pk", flat=True))

    assert ids(viewer_api, category="wounded", party="civilians") == {wounded.pk}
    assert ids(viewer_api, source=parent.pk) == {wounded.pk}
    assert ids(viewer_api, article=article.pk) == {wounded.pk, ranged.pk}
    assert ids(viewer_api, as_of_before="2021-01-31") == {wounded.pk}
    assert ids(viewer_api, value_min=30, value_max=50) == {wounded.pk}
    assert ids(viewer_api, value_min=5, value_max=25) == {ranged.pk}
    assert ids(viewer_api, has_conflict="true") == conflicting
    # Factories skip the parse service, which fills the search vector.
    Claim.objects.filter(article=article).index_for_search()
    assert ids(viewer_api, q="wounded") >= {wounded.pk}
    assert_error(viewer_api.get(CLAIMS, {"category": "eaten"}), 400, "invalid")


def test_the_detail_has_the_sentence_and_offsets(viewer_api):
    claim = ClaimFactory()
    body = viewer_api.get(f"{CLAIMS}{claim.pk}/").json()
    assert body["sentence"] == claim.sentence
    assert (body["start"], body["end"], body["sentence_start"]) == (12, 15, 0)
    assert body["value"] == "300.000"  # decimals as strings, never floats


def test_cursor_pages_walk_every_claim_once_in_either_order(viewer_api):
    article = ArticleFactory()
    made = [
        ClaimFactory(
            article=article,
            start=i * 10,
            end=i * 10 + 3,
            as_of=datetime.date(2022, 1, 1 + i % 3),
        )
        for i in range(7)
    ]
    for ordering in ("-id", "id", "as_of", "-as_of"):
        seen, url = [], f"{CLAIMS}?page_size=3&ordering={ordering}"
        while url:
            body = viewer_api.get(url).json()
            seen += [c["id"] for c in body["results"]]
            url = body["next"]
        assert sorted(seen) == sorted(c.pk for c in made), ordering
    assert "count" not in body


def test_a_page_takes_the_same_few_queries_whatever_its_size_and_no_count(
    viewer_api, django_assert_max_num_queries
):
    for _ in range(30):
        ClaimFactory(
            start=1, end=4, source=SourceFactory(), as_of=datetime.date(2022, 1, 1)
        )

    def page_queries(size: int) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert viewer_api.get(CLAIMS, {"page_size": size}).status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    small, large = page_queries(2), page_queries(30)
    assert len(small) == len(large)
    assert not any("COUNT(" in sql.upper() for sql in large)
    with django_assert_max_num_queries(len(large)):
        viewer_api.get(CLAIMS, {"page_size": 30})
