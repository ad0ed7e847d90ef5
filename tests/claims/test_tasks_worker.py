"""The whole path with real parts: upload -> Redis -> real Celery worker -> claims."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connections

from claims import services
from claims.models import Article
from config.celery import app as celery_app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    if not settings.REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the worker tests: set REDIS_URL")
        pytest.skip("needs REDIS_URL (a real Redis) for a real worker")
    if connections["default"].vendor == "sqlite":
        pytest.skip("a worker thread cannot share SQLite's in-memory test database")
    # The worker thread's connection must close after each task, or the test
    # database cannot be dropped at the end of the run.
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    celery_app.conf.task_always_eager = False
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
    ):
        yield
    celery_app.conf.task_always_eager = True


def wait_for_status(
    article_id: int, statuses: set[str], seconds: float = 60
) -> Article:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        article = Article.objects.get(pk=article_id)
        if article.status in statuses:
            return article
        time.sleep(0.2)
    raise AssertionError(
        f"article {article_id} still {article.status} after {seconds}s"
    )


def test_an_upload_is_parsed_by_a_real_worker(worker):
    result = services.article_ingest(
        text="The General Staff said 250 Russian soldiers were killed on Tuesday."
    )
    article = wait_for_status(result.article.pk, {"parsed", "failed"})
    assert article.status == "parsed", article.error
    claim = article.claims.get()
    assert (int(claim.value), claim.category, claim.party) == (
        250,
        "killed",
        "russian_forces",
    )


def test_a_requeued_article_is_parsed_again_by_the_worker(worker):
    result = services.article_ingest(text="Kyiv said 12 tanks were destroyed.")
    wait_for_status(result.article.pk, {"parsed"})
    services.article_requeue(article=result.article)
    article = wait_for_status(result.article.pk, {"parsed"})
    assert article.claims.count() == 1
