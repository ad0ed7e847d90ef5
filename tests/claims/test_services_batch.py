"""Bulk ingest and batch parsing: few queries per upload, batches that fail safely."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Article, Claim, ComparisonGroup
from claims.services.groups import ASSESS_SCHEDULED_KEY
from tests.claims.test_services_groups import generated_articles, snapshot

pytestmark = pytest.mark.django_db

TANKS = "Kyiv said 300 Russian tanks had been destroyed since the war began."


def bulk(texts: list[str], **fields) -> list[services.BulkItem]:
    return [services.BulkItem(text=t, **fields) for t in texts]


def test_bulk_ingest_stores_each_text_once_and_answers_in_order(
    django_capture_on_commit_callbacks,
):
    existing = services.article_ingest(text="The UN said 40 civilians were killed.")
    items = bulk(
        [TANKS, TANKS, "", "The UN said 40 civilians were killed.", "Kyiv said 9."]
    )
    with django_capture_on_commit_callbacks(execute=True):
        results = services.articles_ingest_bulk(items, uploaded_by=None)
    assert [getattr(r, "created", None) for r in results] == [
        True,
        False,
        None,
        False,
        True,
    ]
    assert results[1].article.pk == results[0].article.pk
    assert results[3].article.pk == existing.article.pk
    assert "empty" in " ".join(results[2].messages)
    assert Article.objects.count() == 3
    # the new articles were parsed by the batch task
    created = [results[0].article.pk, results[4].article.pk]
    assert {a.status for a in Article.objects.filter(pk__in=created)} == {"parsed"}
    assert Claim.objects.filter(article=results[0].article).count() == 1


def test_bulk_ingest_queries_do_not_grow_with_the_number_of_articles(settings):
    settings.PARSE_BATCH_SIZE = 1000

    def queries_to_store(count: int, first: int) -> int:
        texts = [f"Report {n}: Kyiv said 10 tanks were hit." for n in range(count)]
        texts = [f"{first}-{t}" for t in texts]
        with CaptureQueriesContext(connection) as queries:
            services.articles_ingest_bulk(bulk(texts, outlet_name="Reuters"))
        return len(queries)

    # A lookup of the texts, the outlet, INSERTs of as many rows as the database
    # takes in one statement (all 400 on PostgreSQL, about 70 on SQLite).
    few, many = queries_to_store(20, 1), queries_to_store(400, 2)
    assert few <= 8 and many <= few + 6
    assert Article.objects.filter(outlet__name="Reuters").count() == 420


def test_a_batch_parses_its_articles_and_groups_them_as_one_at_a_time_would():
    articles = [
        services.article_ingest(text=text, published=day).article
        for text, day in generated_articles(30, seed=5)
    ]  # queued on commit, which the test's transaction never reaches
    parsed = services.articles_extract_claims(article_ids=[a.pk for a in articles])
    assert parsed == 30
    assert set(Article.objects.values_list("status", flat=True)) == {"parsed"}
    batched = snapshot()
    services.groups_rebuild()
    assert snapshot() == batched
    assert ComparisonGroup.objects.filter(conflicting=True).exists()


def test_an_article_the_engine_fails_on_leaves_the_batch_and_retries_alone(
    monkeypatch, django_capture_on_commit_callbacks
):
    good = services.article_ingest(text=TANKS).article
    bad = services.article_ingest(text="BOOM: 40 civilians were killed.").article
    engine = services.articles.extract_claims

    def failing_on_boom(text, catalog=None):
        if text.startswith("BOOM"):
            raise RuntimeError("engine bug")
        return engine(text, catalog)

    monkeypatch.setattr(services.articles, "extract_claims", failing_on_boom)
    with django_capture_on_commit_callbacks() as queued:
        services.articles_extract_claims(article_ids=[good.pk, bad.pk])
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == "parsed" and good.claims.count() == 1
    assert bad.status == "pending" and "engine bug" in bad.error
    assert len(queued) == 1  # its own task, which carries the remaining attempts
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    bad.refresh_from_db()
    assert bad.status == "parsed" and bad.parse_attempts == 2


def test_a_batch_delivered_again_after_an_interruption_is_split_per_article(
    django_capture_on_commit_callbacks,
):
    ids = [
        services.article_ingest(
            text=f"Kyiv said {n} Russian tanks were hit."
        ).article.pk
        for n in (310, 320, 330)
    ]
    # a first delivery counted its attempts, then its worker died
    Article.objects.filter(pk__in=ids).update(status="parsing", parse_attempts=1)
    with django_capture_on_commit_callbacks() as queued:
        assert services.articles_extract_claims(article_ids=ids) == 0
    assert len(queued) == 3 and not Claim.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for task in queued:
            task()
    assert set(Article.objects.values_list("status", "parse_attempts")) == {
        ("parsed", 2)
    }
    assert Claim.objects.count() == 3


def _running_total(days: int) -> list[services.BulkItem]:
    """One source's running total, a day apart, with a rival figure in the last
    week: one group of `days` + 1 claims that conflicts."""
    start = datetime.date(2023, 3, 1)
    items = [
        services.BulkItem(
            text=f"Ukraine's General Staff said {1000 + 50 * n:,} Russian soldiers "
            "had been killed since the invasion began.",
            published=start + datetime.timedelta(days=n),
        )
        for n in range(days)
    ]
    items.append(
        services.BulkItem(
            text="US officials estimated that about 200 Russian soldiers had been "
            "killed since the invasion began.",
            published=start + datetime.timedelta(days=days - 1),
        )
    )
    return items


def test_a_large_group_is_assessed_after_the_parse_once_for_all_batches(settings):
    settings.ASSESS_INLINE_MAX_CLAIMS = 5
    settings.PARSE_BATCH_SIZE = 4
    results = services.articles_ingest_bulk(_running_total(12))  # queued on commit
    ids = [r.article.pk for r in results]
    for first in range(0, len(ids), 4):
        services.articles_extract_claims(article_ids=ids[first : first + 4])
    (group,) = ComparisonGroup.objects.all()
    assert group.claims.count() == 13
    # membership and dates are current at once; the assessment waits
    assert group.needs_assessment and not group.conflicting
    assert (group.as_of_from, group.as_of_to) == (
        datetime.date(2023, 3, 1),
        datetime.date(2023, 3, 12),
    )
    assert services.groups_assess_pending() == 1
    group.refresh_from_db()
    assert group.conflicting and not group.needs_assessment
    assert services.groups_assess_pending() == 0


def test_the_pending_assessment_runs_when_the_parse_commits(
    settings, django_capture_on_commit_callbacks
):
    settings.ASSESS_INLINE_MAX_CLAIMS = 5
    cache.delete(ASSESS_SCHEDULED_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        services.articles_ingest_bulk(_running_total(12))
    (group,) = ComparisonGroup.objects.all()
    assert group.conflicting and not group.needs_assessment
    assert cache.get(ASSESS_SCHEDULED_KEY) is None  # the run cleared its schedule
