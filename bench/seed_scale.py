"""Fill a benchmark database with 100,000 articles, 1,000,000 claims, 100,000 groups.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tally_bench \
        .venv/bin/python manage.py migrate
    .venv/bin/python bench/seed_scale.py [--claims 1000000] [--groups 100000]

Bulk SQL (INSERT ... SELECT generate_series), no services: the rows are shaped like
the engine's (ten claims per group from ten articles, search vectors filled) but
the point is volume. Refuses any database whose name does not start with
"tally_bench", and empties its articles, claims and groups first.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tally_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

CATEGORIES = [
    "killed",
    "wounded",
    "casualties",
    "captured",
    "missing",
    "displaced",
    "equipment",
    "killed",
]
PARTIES = ["russian_forces", "ukrainian_forces", "civilians", "russian_forces"]
PERIODS = ["since the invasion", "past day", "past week", "2023", "2024", "this month"]

ARTICLES_SQL = """
INSERT INTO claims_article (id, title, url, published, origin, original_filename,
    original_content_type, original, text, content_hash, uploaded_at, status,
    status_changed_at, error, parse_attempts, parsed_at, extractor_version)
SELECT i, 'Fighting around ' || town || ', report ' || i, '', day, 'text', '',
    'text/plain', convert_to(body, 'UTF8'), body,
    md5(i::text) || md5((i * 7)::text), now(), 'parsed', now(), '', 1, now(), %(v)s
FROM (
    SELECT i, town, DATE '2023-01-01' + (i %% 900) AS day,
        upper(town) || ' (No. ' || i || ') - Officials in ' || town
        || ' said the shelling continued overnight. '
        || repeat('Residents described queues for water and bread. ', 4) AS body
    FROM (SELECT i, (ARRAY['Kharkiv','Bakhmut','Avdiivka','Kherson','Pokrovsk',
        'Kupiansk','Sumy','Toretsk','Izium','Vuhledar'])[1 + i %% 10] AS town
        FROM generate_series(1, %(articles)s) AS i) t
) a
"""
GROUPS_SQL = """
INSERT INTO claims_comparisongroup (id, measure_key, category, equipment_type, party,
    unit, period, subset, as_of_from, as_of_to, conflicting, reason, low, best, high,
    synthesis_rule, suggested_grade, spread, verdict, grade, note, version,
    created_at, updated_at)
SELECT g, cat || '|' || eq || '|' || party || '|count|' || period || '|',
    cat, eq, party, 'count', period, '', day, day + 10, conflicting,
    CASE WHEN conflicting THEN 'The figures differ by more than a tenth.' ELSE '' END,
    1000 + g %% 500, 1200 + g %% 500, 1500 + (g %% 500) * (1 + g %% 3),
    'median of independent sources', 'weak',
    (1500 + (g %% 500) * (1 + g %% 3))::numeric / (1000 + g %% 500),
    CASE WHEN g %% 10 = 0 THEN 'confirmed_conflict' ELSE '' END, '', '', 1,
    now(), now()
FROM (
    SELECT g, (%(categories)s::text[])[1 + g %% 8] AS cat,
        CASE WHEN g %% 8 = 6 THEN 'tank' ELSE '' END AS eq,
        (%(parties)s::text[])[1 + (g / 8) %% 4] AS party,
        (%(periods)s::text[])[1 + (g / 32) %% 6] || ' #' || (g / 192) AS period,
        DATE '2023-01-01' + (g %% 900) AS day,
        g %% 3 = 0 AS conflicting
    FROM generate_series(1, %(groups)s) AS g
) x
"""
# Claim i belongs to group i / per_group + 1 and to article i %% articles + 1, so a
# group's claims come from different articles and (article, start) stays unique.
CLAIMS_SQL = """
INSERT INTO claims_claim (id, article_id, start, "end", quote, sentence,
    sentence_start, value, low, high, qualifier, unit, category, equipment_type,
    party, source_id, attribution, as_of, extractor_version, created_at, period,
    subset, stale, measure_key, group_id, group_pinned, corrected, original_fields,
    search_vector)
SELECT i + 1, i %% %(articles)s + 1, (i / %(articles)s) * 200 + 60,
    (i / %(articles)s) * 200 + 60 + length(fig), fig, s.sentence,
    (i / %(articles)s) * 200,
    CASE WHEN ranged THEN NULL ELSE n END,
    CASE WHEN ranged THEN n END, CASE WHEN ranged THEN n * 2 END,
    CASE WHEN ranged THEN 'range' ELSE 'exact' END, 'count', g.category,
    g.equipment_type, g.party, src.id, attribution,
    g.as_of_from + (i %% 10), %(v)s, now(), g.period, '', false, g.measure_key, g.id,
    false, false, '{}'::jsonb,
    -- Claim.objects.index_for_search(): quote and attribution A, sentence B
    setweight(to_tsvector('english', fig), 'A')
        || setweight(to_tsvector('english', attribution), 'A')
        || setweight(to_tsvector('english', s.sentence), 'B')
FROM (
    SELECT i, i / %(per_group)s + 1 AS gid, (1000 + (i * 37) %% 90000)::numeric AS n,
        i %% 20 = 0 AS ranged,
        to_char(1000 + (i * 37) %% 90000, 'FM999,999') AS fig,
        (ARRAY['Kharkiv','Bakhmut','Avdiivka','Kherson','Pokrovsk','Kupiansk','Sumy',
            'Toretsk','Izium','Vuhledar'])[1 + i %% 10] AS town,
        1 + (i * 13) %% %(sources)s AS source_rank
    FROM generate_series(0, %(claims)s - 1) AS i
) c
JOIN claims_comparisongroup g ON g.id = c.gid
JOIN (SELECT id, name AS attribution, row_number() OVER (ORDER BY id) AS rank
      FROM sources_source) src ON src.rank = c.source_rank
CROSS JOIN LATERAL (SELECT
    CASE g.category WHEN 'equipment' THEN 'tanks' WHEN 'displaced' THEN 'people'
        ELSE 'soldiers' END AS noun,
    CASE g.category WHEN 'equipment' THEN 'destroyed' WHEN 'displaced' THEN 'displaced'
        ELSE g.category END AS verb) w
CROSS JOIN LATERAL (SELECT src.attribution || ' said ' || c.fig || ' ' || w.noun
    || ' had been ' || w.verb || ' near ' || c.town || ' as of '
    || to_char(g.as_of_from, 'FMMonth FMDD') || '.' AS sentence) s
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from claims.extraction import EXTRACTOR_VERSION

    name = connection.settings_dict["NAME"]
    if not name.startswith("tally_bench"):
        sys.exit(f"Refusing to fill {name!r}: use a tally_bench* database.")
    params = {
        "articles": args.articles,
        "groups": args.groups,
        "claims": args.claims,
        "per_group": max(1, args.claims // args.groups),
        "categories": CATEGORIES,
        "parties": PARTIES,
        "periods": PERIODS,
        "v": EXTRACTOR_VERSION,
    }
    steps = [
        ("empty", "TRUNCATE claims_article, claims_comparisongroup CASCADE"),
        ("articles", ARTICLES_SQL),
        ("groups", GROUPS_SQL),
        ("claims", CLAIMS_SQL),
        ("identities", None),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sources_source")
        params["sources"] = cursor.fetchone()[0]
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for label, sql in steps:
            started = time.perf_counter()
            if sql is None:
                for table in (
                    "claims_article",
                    "claims_comparisongroup",
                    "claims_claim",
                ):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
            else:
                cursor.execute(sql, params)
            print(f"{label}: {time.perf_counter() - started:.1f} s", flush=True)
    connection.close()
    started = time.perf_counter()
    with connection.cursor() as cursor:  # VACUUM cannot run inside a transaction
        cursor.execute(
            "VACUUM ANALYZE claims_article, claims_comparisongroup, claims_claim"
        )
    print(f"vacuum analyze: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
