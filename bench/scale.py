"""Read paths at scale (run by hand): claim list, search, deep cursor, dashboard.

    .venv/bin/python bench/seed_scale.py            # once: 1M claims, 100k groups
    .venv/bin/python bench/scale.py [--seconds 10] [--runs 3] [--explain]
        [--workers 2] [--threads 1] [--only 'filtered list' search ...]

Serves config's WSGI app with gunicorn (2 sync workers unless told otherwise;
--threads above 1 runs gthread workers; DEBUG off, plain http) on tally_bench and
loads it with wrk at 8 and at 100 connections: the filtered claim list, full-text
search (`?q=`), the cursor's page 1 and page 40,000 (25 a page), and the dashboard
(`/`); --only picks some of them. The API is called with a viewer's knox token, the
dashboard with a viewer's session. Each scenario is preceded by the trivial JSON
view (bench/urls.py) in the same run, and reported as a ratio to it; figures are
medians over --runs. Connections to tally_bench are sampled during 100-client
runs. --explain prints the slowest query of each page with its plan.
"""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import harness  # noqa: E402

REDIS_DB = 10
PORT = 8732
USER, PASSWORD = "bench-viewer", "bench-viewer-pw"
PAGE_SIZE = 25

FILTERED = [
    "/api/v1/claims/?category=killed&party=russian_forces",
    "/api/v1/claims/?category=wounded&party=ukrainian_forces&as_of_after=2024-01-01",
    "/api/v1/claims/?party=civilians&has_conflict=true",
    "/api/v1/claims/?category=equipment&value_min=5000",
]
SEARCH = [
    "/api/v1/claims/?q=Bakhmut",
    "/api/v1/claims/?q=Pentagon",
    "/api/v1/claims/?q=wounded%20Kherson",
    "/api/v1/claims/?q=General%20Staff",
]
TARGETS = {
    # scenario: (connections, statistic, limit in ms)
    "filtered list": [(8, "p99", 50), (100, "p99", 250)],
    "search": [(8, "p95", 150)],
    "dashboard": [(8, "p99", 300), (100, "p99", 300)],
}


def deep_cursor(token: str, database: str, page: int) -> str:
    """The cursor of `page`, as following `next` page - 1 times gives."""
    page1 = f"/api/v1/claims/?page_size={PAGE_SIZE}"
    status, _, body = harness.request(
        PORT, "GET", page1, headers={"Authorization": f"Token {token}"}
    )
    nxt = json.loads(body)["next"]
    if status != 200 or not nxt:
        raise RuntimeError(f"page 1: {status}")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(nxt).query)
    tokens = urllib.parse.parse_qs(base64.b64decode(query["cursor"][0]).decode())
    rows_before = (page - 1) * PAGE_SIZE
    position = subprocess.run(
        [
            "psql",
            "-h",
            harness.HOST,
            "-U",
            "postgres",
            "-d",
            database,
            "-Atc",
            "SELECT id FROM claims_claim ORDER BY id DESC "
            f"OFFSET {rows_before - 1} LIMIT 1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.strip()
    if not position:
        raise RuntimeError(f"fewer than {rows_before} claims: seed first")
    tokens["p"] = [position]
    cursor = base64.b64encode(urllib.parse.urlencode(tokens, doseq=True).encode())
    return f"{page1}&cursor={urllib.parse.quote(cursor.decode())}"


def scenarios(
    token: str, cookie: str, args
) -> list[tuple[str, list[str], dict, list[int]]]:
    api = {"Authorization": f"Token {token}"}
    return [
        ("filtered list", FILTERED, api, [8, 100]),
        ("search", SEARCH, api, [8]),  # seconds per request: 100 clients only time out
        ("page 1", [f"/api/v1/claims/?page_size={PAGE_SIZE}"], api, [8, 100]),
        (
            f"page {args.deep_page:,}",
            [deep_cursor(token, args.database, args.deep_page)],
            api,
            [8, 100],
        ),
        ("dashboard", ["/"], {"Cookie": cookie}, [8, 100]),
    ]


def check_ok(paths: list[str], headers: dict) -> None:
    for path in paths:
        status, _, body = harness.request(
            PORT, "GET", path, headers=headers, timeout=120
        )
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status} {body[:200]!r}")


def run_all(args, env: dict[str, str], plan: list) -> dict:
    """Each scenario and level on a fresh server: sync workers would otherwise still
    be serving the backlog a slow 100-client run left behind."""
    results: dict[tuple[str, int], list[dict]] = {}
    for number in range(args.runs):
        for name, paths, headers, levels in plan:
            for connections in levels:
                with harness.Server(env, PORT, args.workers, args.threads):
                    got = one_level(args, paths, headers, connections)
                results.setdefault((name, connections), []).append(got)
                print(
                    f"run {number + 1} {name} c={connections}: "
                    + json.dumps({k: round(v, 1) for k, v in got.items()}),
                    flush=True,
                )
    return results


def one_level(args, paths: list[str], headers: dict, connections: int) -> dict:
    base = harness.wrk(
        PORT, ["/bench/trivial/"], connections=connections, seconds=args.seconds
    )
    harness.settle(PORT)
    with harness.pg_connections(args.database) as samples:
        got = harness.wrk(
            PORT, paths, connections=connections, seconds=args.seconds, headers=headers
        )
    return got | {
        "trivial_rps": base["rps"],
        "trivial_p50": base["p50"],
        "trivial_p99": base["p99"],
        "db_max": max(samples, default=0),
    }


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def report(results: dict, deep_page: int) -> None:
    print("\nMedians (ms; ratio = scenario over trivial view in the same run)")
    print(
        "| scenario | conns | req/s | p50 | p95 | p99 | trivial req/s | req/s ratio "
        "| p50 ratio | non-2xx+errors | max DB conns |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    med = {}
    for (name, connections), runs in results.items():
        m = {k: harness.median([r[k] for r in runs]) for k in runs[0]}
        med[(name, connections)] = m
        print(
            f"| {name} | {connections} | {m['rps']:.0f} | {m['p50']:.1f} | "
            f"{m['p95']:.1f} | {m['p99']:.1f} | {m['trivial_rps']:.0f} | "
            f"{ratio(m['rps'], m['trivial_rps']):.3f} | "
            f"{ratio(m['p50'], m['trivial_p50']):.1f} | "
            f"{m['errors'] + m['non2xx']:.0f} | {m['db_max']:.0f} |"
        )
    print("\nTargets")
    filtered8 = med.get(("filtered list", 8))
    if filtered8:
        verdict = "met" if filtered8["rps"] >= 600 else "MISSED"
        print(f"- filtered list >= 600 req/s at 8: {filtered8['rps']:.0f} ({verdict})")
    for name, checks in TARGETS.items():
        for connections, stat, limit in checks:
            m = med.get((name, connections))
            if m:
                verdict = "met" if m[stat] < limit else "MISSED"
                print(
                    f"- {name} {stat} < {limit} ms at {connections}: "
                    f"{m[stat]:.1f} ms ({verdict})"
                )
    first, deep = med.get(("page 1", 8)), med.get((f"page {deep_page:,}", 8))
    if first and deep:
        # Each page's p50 over the trivial view's p50 of its own run: the machine's
        # load can change between the two.
        deep_ratio = ratio(deep["p50"], deep["trivial_p50"]) / ratio(
            first["p50"], first["trivial_p50"]
        )
        print(
            f"- page {deep_page:,} within 2x page 1 (p50 at 8, each over its "
            f"trivial p50): {deep_ratio:.2f}x "
            f"({'met' if deep_ratio <= 2 else 'MISSED'}); raw p50 "
            f"{deep['p50']:.0f} vs {first['p50']:.0f} ms"
        )
    db = max((m["db_max"] for (_, c), m in med.items() if c == 100), default=0)
    verdict = "met" if db <= 20 else "MISSED"
    print(f"- <= 20 DB connections at 100 clients: {db:.0f} ({verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="Per wrk run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--database", default="tally_bench")
    parser.add_argument("--deep-page", type=int, default=40_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=1, help="Per worker; above 1 is gthread"
    )
    parser.add_argument(
        "--only", nargs="*", help="Scenarios to run (e.g. 'filtered list' search)"
    )
    args = parser.parse_args()
    env = harness.bench_env(args.database, REDIS_DB)
    harness.manage(env, "migrate", "-v0")
    harness.manage(env, "collectstatic", "--noinput", "-v0")
    harness.user_ensure(env, USER, PASSWORD, "viewer")
    # knox loads every token of the user on each request (to purge expired ones):
    # one more per run would make each run slower than the one before.
    harness.manage(
        env,
        "shell",
        "-c",
        f"from knox.models import AuthToken; "
        f"AuthToken.objects.filter(user__username={USER!r}).delete()",
    )
    token = harness.api_token(env, USER)
    with harness.Server(env, PORT):
        cookie = harness.session_cookie(PORT, USER, PASSWORD)
        plan = [
            scenario
            for scenario in scenarios(token, cookie, args)
            if not args.only or scenario[0] in args.only
        ]
        for _, paths, headers, _ in plan:
            check_ok(paths, headers)
    results = run_all(args, env, plan)
    report(results, args.deep_page)
    if args.explain:
        paths = [FILTERED[0], SEARCH[0], "/"]
        subprocess.run(
            [
                str(harness.PYTHON),
                str(harness.ROOT / "bench" / "explain.py"),
                USER,
                *paths,
            ],
            env=env,
            cwd=harness.ROOT,
            timeout=900,
            check=False,
        )


if __name__ == "__main__":
    main()
