"""Ingest throughput (run by hand): bulk API upload to parsed claims, end to end.

    .venv/bin/python bench/ingest.py [--articles 20000] [--workers 2]

Generates an archive (bench/archive.py), uploads it through POST
/api/v1/articles/bulk/ (JSON Lines, 1,000 articles a request, one client) to
gunicorn (2 workers), and lets Celery workers (one process each, queue "parse")
parse it on PostgreSQL (database tally_bench_ingest, emptied first) and Redis
(db 9, flushed first), PARSE_BATCH_SIZE articles a task. The clock runs from the
first upload until every article is parsed or failed and no group waits for its
assessment. A trivial JSON view on the same server, measured first,
gives the ratio that makes runs on a shared machine comparable.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import archive, harness  # noqa: E402

DATABASE = "tally_bench_ingest"
REDIS_DB = 9
PORT = 8731
BATCH = 1000  # the bulk endpoint's limit


def psql(sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", harness.HOST, "-U", "postgres", "-d", DATABASE, "-Atc", sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def reset() -> None:
    psql("TRUNCATE claims_article, claims_comparisongroup CASCADE")
    subprocess.run(
        ["redis-cli", "-h", harness.HOST, "-n", str(REDIS_DB), "FLUSHDB"],
        check=True,
        capture_output=True,
        timeout=30,
    )


def start_workers(env: dict[str, str], count: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [
                str(harness.ROOT / ".venv" / "bin" / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                "parse",
                "--concurrency",
                "1",
                "-n",
                f"bench{number}@%h",
                "--loglevel",
                "WARNING",
            ],
            cwd=harness.ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        for number in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


def upload(token: str, items: list[dict]) -> None:
    body = "".join(json.dumps(item) + "\n" for item in items).encode()
    status, _, response = harness.request(
        PORT,
        "POST",
        "/api/v1/articles/bulk/",
        body=body,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/x-ndjson",
        },
    )
    result = json.loads(response)
    if status != 200 or result.get("created") != len(items):
        raise RuntimeError(f"bulk upload: {status} {str(result)[:300]}")


def one_run(env: dict[str, str], token: str, items: list[dict], args) -> dict:
    reset()
    with harness.Server(env, PORT):
        trivial = harness.wrk(PORT, ["/bench/trivial/"], connections=8, seconds=5)
        workers = start_workers(env, args.workers)
        try:
            time.sleep(3)  # let the workers connect before the clock starts
            started = time.perf_counter()
            for first in range(0, len(items), BATCH):
                upload(token, items[first : first + BATCH])
            uploaded = time.perf_counter() - started
            deadline = started + args.timeout
            done = 0
            while time.perf_counter() < deadline:
                done = int(
                    psql(
                        "SELECT count(*) FROM claims_article "
                        "WHERE status IN ('parsed', 'failed')"
                    )
                )
                # The end is every article parsed and every group assessed
                # (large groups are assessed a moment after their last batch).
                if done >= len(items) and not int(
                    psql(
                        "SELECT count(*) FROM claims_comparisongroup "
                        "WHERE needs_assessment"
                    )
                ):
                    break
                time.sleep(0.5)
            elapsed = time.perf_counter() - started
        finally:
            stop_workers(workers)
    claims = int(psql("SELECT count(*) FROM claims_claim"))
    failed = int(psql("SELECT count(*) FROM claims_article WHERE status = 'failed'"))
    groups = int(psql("SELECT count(*) FROM claims_comparisongroup"))
    first, last = quarter_rates()
    return {
        "articles": len(items),
        "finished": done,
        "failed": failed,
        "claims": claims,
        "groups": groups,
        "upload_s": uploaded,
        "total_s": elapsed,
        "upload_articles_per_s": len(items) / uploaded,
        "articles_per_s": done / elapsed,
        "claims_per_s": claims / elapsed,
        "first_quarter_per_s": first,
        "last_quarter_per_s": last,
        "trivial_rps": trivial["rps"],
    }


def quarter_rates() -> tuple[float, float]:
    """Articles parsed per second over the first and the last quarter parsed: a
    falling rate means each parse costs more as the database grows."""
    stamps = [
        float(x)
        for x in psql(
            "SELECT extract(epoch FROM parsed_at) FROM claims_article "
            "WHERE parsed_at IS NOT NULL ORDER BY parsed_at"
        ).split()
    ]
    quarter = len(stamps) // 4
    if quarter < 2:
        return float("nan"), float("nan")
    first = stamps[:quarter]
    last = stamps[-quarter:]
    return (
        (quarter - 1) / max(first[-1] - first[0], 1e-6),
        (quarter - 1) / max(last[-1] - last[0], 1e-6),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--timeout", type=float, default=3600, help="Give up on a run after (s)"
    )
    args = parser.parse_args()
    env = harness.bench_env(DATABASE, REDIS_DB)
    harness.manage(env, "migrate", "-v0")
    harness.user_ensure(env, "bench-uploader", "bench-uploader-pw", "reviewer")
    token = harness.api_token(env, "bench-uploader")
    items = list(archive.articles(args.articles))
    size = sum(len(item["text"].encode()) for item in items)
    print(f"archive: {len(items)} articles, {size / len(items) / 1024:.1f} KB each")
    runs = []
    for number in range(args.runs):
        run = one_run(env, token, items, args)
        runs.append(run)
        print(
            f"run {number + 1}: " + json.dumps({k: round(v, 2) for k, v in run.items()})
        )
    med = {key: harness.median([r[key] for r in runs]) for key in runs[0]}
    print(
        f"\nmedian of {len(runs)}: {med['articles_per_s']:.1f} articles/s end to end "
        f"(upload alone {med['upload_articles_per_s']:.0f}/s; parse rate "
        f"{med['first_quarter_per_s']:.1f}/s in the first quarter parsed, "
        f"{med['last_quarter_per_s']:.1f}/s in the last), "
        f"{med['claims_per_s']:.0f} claims/s; trivial view {med['trivial_rps']:.0f} "
        f"req/s; articles/s over trivial req/s = "
        f"{med['articles_per_s'] / med['trivial_rps']:.3f}"
    )
    print(
        "target >= 100 articles/s: "
        + ("met" if med["articles_per_s"] >= 100 else "MISSED")
    )


if __name__ == "__main__":
    main()
