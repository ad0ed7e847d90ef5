"""article_extract_claims: replacing claims; failures stay visible and retryable."""

import pytest

from claims import services
from claims.extraction import EXTRACTOR_VERSION
from claims.models import Article, Claim
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Ukraine's military said 1,200 Russian soldiers had been killed and "
    "300 captured since the invasion began."
)


def crash_the_engine(monkeypatch):
    """Fault injection: an engine bug on this article (the real one does not crash)."""

    def broken(text, catalog=None):
        raise RuntimeError("boom on this text")

    monkeypatch.setattr(services.articles, "extract_claims", broken)


def test_it_stores_claims_and_marks_the_article_parsed():
    article = ArticleFactory(text=TEXT)
    services.article_extract_claims(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.PARSED
    assert article.extractor_version == EXTRACTOR_VERSION
    assert article.parsed_at is not None
    values = sorted(int(c.value) for c in article.claims.all())
    assert values == [300, 1200]
    assert {c.extractor_version for c in article.claims.all()} == {EXTRACTOR_VERSION}


def test_it_is_safe_to_run_twice():
    article = ArticleFactory(text=TEXT)
    services.article_extract_claims(article_id=article.pk)
    services.article_requeue(article=article)
    services.article_extract_claims(article_id=article.pk)
    assert Claim.objects.filter(article=article).count() == 2


def test_it_uses_the_published_date_as_the_claims_as_of_date():
    import datetime

    article = ArticleFactory(text=TEXT, published=datetime.date(2022, 3, 2))
    services.article_extract_claims(article_id=article.pk)
    assert set(article.claims.values_list("as_of", flat=True)) == {article.published}


def test_a_failure_keeps_the_article_with_a_readable_error_until_attempts_run_out(
    monkeypatch, settings
):
    crash_the_engine(monkeypatch)
    article = ArticleFactory(text=TEXT)
    for attempt in range(1, settings.PARSE_MAX_ATTEMPTS):
        with pytest.raises(services.ArticleParseError):
            services.article_extract_claims(article_id=article.pk)
        article.refresh_from_db()
        assert article.status == Article.Status.PENDING
        assert article.parse_attempts == attempt
    services.article_extract_claims(article_id=article.pk)  # the last attempt
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "RuntimeError: boom on this text" in article.error
    assert Article.objects.filter(pk=article.pk).exists()  # the upload is not lost


def test_a_failed_article_can_be_requeued_and_then_parses(monkeypatch, settings):
    crash_the_engine(monkeypatch)
    article = ArticleFactory(text=TEXT)
    for _ in range(settings.PARSE_MAX_ATTEMPTS):
        try:
            services.article_extract_claims(article_id=article.pk)
        except services.ArticleParseError:
            pass
    monkeypatch.undo()
    services.article_requeue(article=article)
    article.refresh_from_db()
    assert (article.status, article.parse_attempts, article.error) == ("pending", 0, "")
    services.article_extract_claims(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.PARSED
    assert article.claims.count() == 2


def test_an_article_whose_worker_died_on_every_attempt_ends_failed(settings):
    # A worker killed mid-parse leaves the article "parsing" with the attempt counted.
    article = ArticleFactory(
        text=TEXT,
        status=Article.Status.PARSING,
        parse_attempts=settings.PARSE_MAX_ATTEMPTS,
    )
    services.article_extract_claims(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "did not finish" in article.error


def test_the_sweep_requeues_only_articles_stuck_too_long(
    settings, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    stuck = ArticleFactory(text=TEXT)
    fresh = ArticleFactory(text=TEXT + " Fresh.")
    Article.objects.filter(pk=stuck.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.article_requeue_stale() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == Article.Status.PARSED
    assert fresh.status == Article.Status.PENDING
