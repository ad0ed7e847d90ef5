"""Workers SIGKILLed mid-parse lose no article nor duplicate a claim; poison fails.

Sizes: FAULTS_ARTICLES (default 200; 1000 for the long run in the README).
"""

import datetime
import os
import time

import pytest

from claims import services
from claims.models import Article, Claim

from .conftest import publishing_to, status_counts, wait_all_settled, wait_until

pytestmark = pytest.mark.faults

ARTICLES = int(os.environ.get("FAULTS_ARTICLES", "200"))
# Kills spread over the run, each after some progress. Killing faster than a
# pool process can start and parse would hit the same article three times, and
# three deaths on one article is how a poison article is recognised (failed).
MONTH = datetime.timedelta(days=31)
KILLS = int(os.environ.get("FAULTS_KILLS", "8"))


# Ten measures (category, side, equipment), so that groups stay small: the cost of
# regrouping a measure grows with its claims, and one measure of 1,000 claims would
# measure the grouping engine, not the faults.
TEMPLATES = (
    "The General Staff said {n} Russian soldiers were killed on Tuesday.",
    "The General Staff said {n} Russian soldiers were wounded on Tuesday.",
    "Kyiv said {n} Russian tanks were destroyed on Tuesday.",
    "Kyiv said {n} Russian drones were shot down on Tuesday.",
    "The Russian defence ministry said {n} Ukrainian soldiers were killed on Tuesday.",
    "The Russian defence ministry said {n} Ukrainian tanks were destroyed on Tuesday.",
    "The health ministry said {n} civilians were killed on Tuesday.",
    "The health ministry said {n} civilians were injured on Tuesday.",
    "The UN said {n} people were displaced on Tuesday.",
    "Kyiv said {n} Russian artillery systems were destroyed on Tuesday.",
)


def article_text(i: int) -> str:
    """A distinct text with exactly one claim (1800 to 2099 would read as years)."""
    return TEMPLATES[i % len(TEMPLATES)].format(n=20_000 + i)


def ingest(texts: list[str]) -> list[int]:
    # A month apart, so that claims of one measure fall in separate groups.
    return [
        services.article_ingest(
            text=text, published=datetime.date(2000, 1, 1) + (i % 240) * MONTH
        ).article.pk
        for i, text in enumerate(texts)
    ]


def assert_one_claim_per_article() -> None:
    assert Claim.objects.count() == Article.objects.count()
    assert not Article.objects.exclude(claims__isnull=False).exists()


def test_killing_pool_processes_mid_parse_loses_and_duplicates_nothing(
    redis_server, start_worker
):
    with publishing_to(redis_server.url):
        ingest([article_text(i) for i in range(ARTICLES)])
    worker = start_worker(concurrency=2)
    started, kills = time.monotonic(), 0
    thresholds = [ARTICLES * k // (KILLS + 1) for k in range(1, KILLS + 1)]
    while Article.objects.awaiting_parse().exists():
        assert time.monotonic() - started < 300, status_counts()
        parsed = Article.objects.filter(status="parsed").count()
        if thresholds and parsed >= thresholds[0]:
            thresholds.pop(0)
            kills += worker.kill_pool_process()
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    wait_all_settled(ARTICLES, seconds=30)

    failed = list(
        Article.objects.filter(status="failed").values("parse_attempts", "error")
    )
    assert status_counts() == {"parsed": ARTICLES}, (failed, worker.log()[-3000:])
    assert_one_claim_per_article()  # the unique constraint would refuse a duplicate
    retried = Article.objects.filter(parse_attempts__gt=1).count()
    print(
        f"\nFAULTS pool kills: {ARTICLES} articles, {kills} pool processes "
        f"SIGKILLed, {retried} parses cut short and retried; all parsed, "
        f"0 lost, 0 duplicate claims, in {elapsed:.1f}s"
    )
    assert kills >= min(KILLS, 3)


def test_a_whole_worker_killed_and_restarted_parses_everything(
    redis_server, start_worker
):
    total = max(ARTICLES // 5, 20)
    with publishing_to(redis_server.url):
        ingest([article_text(i) for i in range(total)])
    started = time.monotonic()
    first = start_worker("first", concurrency=2, beat=True)
    wait_until(
        lambda: Article.objects.filter(status="parsed").count() >= total // 5,
        seconds=60,
        what="some articles to be parsed",
        every=0.05,
    )
    first.kill()  # parent and pool, SIGKILL: its unacknowledged tasks stay in Redis
    parsed_at_kill = Article.objects.filter(status="parsed").count()
    start_worker("second", concurrency=2, beat=True)
    wait_all_settled(total, seconds=120)
    elapsed = time.monotonic() - started

    assert status_counts() == {"parsed": total}
    assert_one_claim_per_article()
    print(
        f"\nFAULTS worker kill: {total} articles, whole worker SIGKILLed after "
        f"{parsed_at_kill} parsed and restarted; all parsed in {elapsed:.1f}s"
    )


def test_a_poison_article_fails_after_three_attempts_while_others_parse(
    redis_server, start_worker
):
    with publishing_to(redis_server.url):
        dies, raises = ingest(
            [
                "POISON-EXIT The health ministry said 12 civilians were killed.",
                "POISON-RAISE The health ministry said 13 civilians were killed.",
            ]
        )
        ingest([article_text(i) for i in range(10)])
    started = time.monotonic()
    start_worker(concurrency=2)
    wait_all_settled(12, seconds=120)
    elapsed = time.monotonic() - started

    died, raised = Article.objects.get(pk=dies), Article.objects.get(pk=raises)
    assert (died.status, died.parse_attempts) == ("failed", 3)
    assert "did not finish after 3 attempts" in died.error
    assert (raised.status, raised.parse_attempts) == ("failed", 3)
    assert raised.error == "Extraction failed: RuntimeError: poisoned article"
    assert status_counts() == {"parsed": 10, "failed": 2}
    assert Claim.objects.count() == 10
    print(
        f"\nFAULTS poison: a process-killing and a raising article each failed "
        f"after 3 attempts; 10 others parsed; {elapsed:.1f}s"
    )


def test_a_bulk_upload_parsed_in_batches_survives_poison_and_kills(
    redis_server, start_worker, settings
):
    # A poison article in a batch kills its pool process or fails the engine; the
    # batch is delivered again, split into one task per article, and only the
    # poison articles fail. A pool process killed mid-batch loses nothing either.
    settings.PARSE_BATCH_SIZE = 10
    texts = [article_text(i) for i in range(60)]
    texts[13] = "POISON-EXIT The health ministry said 12 civilians were killed."
    texts[47] = "POISON-RAISE The health ministry said 13 civilians were killed."
    with publishing_to(redis_server.url):
        results = services.articles_ingest_bulk(
            [
                services.BulkItem(
                    text=t, published=datetime.date(2000, 1, 1) + (i % 240) * MONTH
                )
                for i, t in enumerate(texts)
            ]
        )
    worker = start_worker(concurrency=2)
    started = time.monotonic()
    wait_until(
        lambda: Article.objects.filter(status="parsed").count() >= 20,
        seconds=120,
        what="a few batches to be parsed",
        every=0.05,
    )
    assert worker.kill_pool_process()
    wait_all_settled(60, seconds=180)
    elapsed = time.monotonic() - started

    failed = set(Article.objects.filter(status="failed").values_list("pk", flat=True))
    assert failed == {results[13].article.pk, results[47].article.pk}
    assert status_counts() == {"parsed": 58, "failed": 2}
    assert Claim.objects.count() == 58  # one each: none lost, none duplicated
    print(
        f"\nFAULTS batches: 60 articles in batches of 10 with two poison articles "
        f"and a pool process killed: 58 parsed, the 2 poison failed, "
        f"{elapsed:.1f}s"
    )
