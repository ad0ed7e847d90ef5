"""Redis restarted while uploads arrive; PostgreSQL connection cut mid-parse; queues."""

import threading
import time

import pytest
from django.db import connections

from claims import services
from claims.models import Article, Claim
from claims.tasks import article_requeue_stale_task
from config.celery import app as celery_app

from .conftest import (
    _need,
    publishing_to,
    status_counts,
    terminate_worker_backends,
    wait_all_settled,
    wait_until,
)
from .test_worker_kills import article_text, ingest

pytestmark = pytest.mark.faults

# As a worker logs a task it received (its banner lists every task by name).
PARSE_RECEIVED = "Task claims.tasks.article_extract_claims_task["
SWEEP_RECEIVED = "Task claims.tasks.article_requeue_stale_task["


def test_uploads_while_redis_restarts_are_stored_and_parsed_when_it_is_back(
    redis_server, start_worker
):
    start_worker(concurrency=2, beat=True)  # beat sweeps every second here
    started = time.monotonic()
    with publishing_to(redis_server.url):
        ingest([article_text(i) for i in range(5)])
        redis_server.stop()  # no persistence: whatever was queued is gone too
        during = ingest([article_text(i) for i in range(5, 10)])
        assert Article.objects.filter(pk__in=during).count() == 5  # stored anyway
        redis_server.start()
        ingest([article_text(i) for i in range(10, 15)])
    wait_all_settled(15, seconds=120)

    assert status_counts() == {"parsed": 15}
    assert Claim.objects.count() == 15
    print(
        f"\nFAULTS redis restart: 15 uploads (5 while Redis was down), all parsed "
        f"{time.monotonic() - started:.1f}s after the first"
    )


def test_a_database_connection_cut_mid_parse_retries_and_parses_whole(
    redis_server, start_worker
):
    start_worker(concurrency=1)
    with publishing_to(redis_server.url):
        (article_id,) = ingest(
            ["SLOW-PARSE The General Staff said 250 Russian soldiers were killed."]
        )
    wait_until(
        lambda: Article.objects.get(pk=article_id).status == "parsing",
        seconds=60,
        what="the parse to start",
        every=0.05,
    )
    time.sleep(0.5)  # inside the (slow) engine, between the two transactions
    assert terminate_worker_backends() >= 1
    wait_all_settled(1, seconds=60)

    article = Article.objects.get(pk=article_id)
    assert (article.status, article.parse_attempts) == ("parsed", 2)
    assert [int(c.value) for c in article.claims.all()] == [250]
    print("\nFAULTS database cut mid-parse: retried once, parsed whole")


def test_a_parse_task_goes_only_to_the_parse_queue_worker(redis_server, start_worker):
    parser = start_worker("parser", queues="parse", concurrency=1)
    other = start_worker("other", queues="webhooks,exports,maintenance", concurrency=1)
    with publishing_to(redis_server.url):
        ingest([article_text(1)])
        article_requeue_stale_task.delay()
    wait_all_settled(1, seconds=60)
    wait_until(
        lambda: SWEEP_RECEIVED in other.log(),
        seconds=30,
        what="the sweep on the maintenance worker",
    )

    assert PARSE_RECEIVED in parser.log()
    assert PARSE_RECEIVED not in other.log()
    assert SWEEP_RECEIVED not in parser.log()


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("claims.tasks.article_extract_claims_task", "parse"),
        ("claims.tasks.article_requeue_stale_task", "maintenance"),
        ("claims.tasks.webhook_deliver_task", "webhooks"),
        ("sources.tasks.source_alias_reresolve_task", "maintenance"),
        ("claims.webhooks.delivery_send_task", "webhooks"),
        ("claims.tasks.export_groups_task", "exports"),
        ("claims.tasks.anything_new_task", "parse"),
    ],
)
def test_tasks_are_routed_to_their_queue(task: str, queue: str) -> None:
    route = celery_app.amqp.router.route({}, task)
    assert route["queue"].name == queue


def test_a_thousand_simultaneous_uploads_of_one_text_make_one_article(
    transactional_db,
):
    _need(
        connections["default"].vendor == "postgresql",
        "needs PostgreSQL (SQLite serialises writers instead of racing them)",
    )
    text = "The health ministry said 1,200 people were killed in the floods."
    results, errors = [], []
    barrier = threading.Barrier(20)

    def client() -> None:
        try:
            barrier.wait()
            for _ in range(50):
                results.append(services.article_ingest(text=text).created)
        except Exception as exc:  # reported below, with the rest
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert errors == []
    assert (len(results), results.count(True)) == (1000, 1)
    assert Article.objects.count() == 1
