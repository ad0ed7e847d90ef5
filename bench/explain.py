"""The slowest SQL query behind one page, with its plan (run by hand).

    .venv/bin/python bench/explain.py USERNAME PATH [PATH...]

Requests each PATH through Django's test client as USERNAME (on DATABASE_URL,
tally_bench by default), then prints every query's time and the
EXPLAIN (ANALYZE, BUFFERS) of the slowest one.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tally_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def explain(username: str, path: str) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)  # warm caches (sources, permissions), as a live server would be
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    total = (time.perf_counter() - started) * 1000
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    print(f"\n== {path}: HTTP {status}, {total:.1f} ms, {len(queries)} queries")
    for ms, sql in queries:
        print(f"  {ms:8.1f} ms  {sql[:150]}")
    ms, sql = max(queries)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"-- slowest ({ms:.1f} ms):\n{sql}\n{plan}")


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    import django

    django.setup()
    for path in sys.argv[2:]:
        explain(sys.argv[1], path)


if __name__ == "__main__":
    main()
