"""Management commands: ingest with metadata, extract_claims output, seed re-runs."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Article
from sources.models import Source, SourceAlias

pytestmark = pytest.mark.django_db

ONE = "The army said 40 soldiers were killed and 12 wounded on Friday.\n"
TWO = (
    "<html><body><article><p>"
    + "Officials said 7 tanks were destroyed. " * 5
    + "</p></article></body></html>"
)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "one.txt").write_text(ONE)
    (tmp_path / "two.html").write_text(TWO)
    (tmp_path / "same-as-one.txt").write_text(ONE)
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    (tmp_path / "notes.csv").write_text("ignored: not an article file")
    (tmp_path / "documents.jsonl").write_text(
        json.dumps(
            {
                "document": "one.txt",
                "published": "2022-03-02",
                "outlet": "Kyiv Post",
                "title": "Friday's losses",
                "url": "https://example.org/one",
            }
        )
        + "\n"
    )
    return tmp_path


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_ingest_prints_one_line_per_file_with_its_outcome(
    folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run(
            "ingest", str(folder), "--metadata", str(folder / "documents.jsonl")
        )
    assert f"{folder / 'one.txt'}: created" in output
    assert f"{folder / 'two.html'}: created" in output
    assert f"{folder / 'same-as-one.txt'}: duplicate of article" in output
    assert f"{folder / 'picture.txt'}: rejected: " in output and "binary" in output
    assert "notes.csv" not in output
    assert Article.objects.count() == 2
    one = Article.objects.get(original_filename="one.txt")
    assert (one.title, one.outlet.name, str(one.published), one.url) == (
        "Friday's losses",
        "Kyiv Post",
        "2022-03-02",
        "https://example.org/one",
    )
    assert one.text == ONE
    assert one.status == "parsed" and one.claims.count() == 2


def test_extract_claims_prints_the_contract_as_json_lines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Intro.\nUkraine’s military said more than 3,500 Russian troops were killed."
    )
    rows = [
        json.loads(line)
        for line in run("extract_claims", str(path), "--jsonl").splitlines()
    ]
    assert len(rows) == 1
    row = rows[0]
    text = path.read_text()
    assert text[row["start"] : row["end"]] == row["quote"] == "more than 3,500"
    assert row["document"] == str(path)
    assert (row["value"], row["qualifier"], row["unit"]) == (
        3500,
        "lower_bound",
        "count",
    )
    assert (row["category"], row["party"]) == ("killed", "russian_forces")
    assert row["source"]["root"].replace("-", "_") == "ukrainian_military"
    assert row["sentence"] in text


def test_extract_claims_runs_on_a_database_not_migrated_yet(tmp_path):
    # A fresh checkout scoring files: the sources come from the canonical file the
    # migration loads, so the output is the migrated database's.
    path = tmp_path / "a.txt"
    path.write_text("Ukraine’s military said 3,500 Russian troops were killed.")
    done = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", str(path), "--jsonl"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "REDIS_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "not migrated" in done.stderr
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert [
        json.loads(line)
        for line in run("extract_claims", str(path), "--jsonl").splitlines()
    ] == [row]
    assert row["source"]["root"].replace("-", "_") == "ukrainian_military"


def test_extract_claims_prints_a_table_without_jsonl(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Russia said 15 Ukrainian drones were shot down.")
    output = run("extract_claims", str(path))
    assert "1 claims" in output and "drone" in output


def test_seed_is_idempotent(tmp_path):
    (tmp_path / "a.txt").write_text(ONE)
    first = run("seed", "--folder", str(tmp_path))
    counts = (
        Article.objects.count(),
        Source.objects.count(),
        SourceAlias.objects.count(),
        get_user_model().objects.count(),
    )
    second = run("seed", "--folder", str(tmp_path))
    assert counts == (
        Article.objects.count(),
        Source.objects.count(),
        SourceAlias.objects.count(),
        get_user_model().objects.count(),
    )
    assert counts[0] == 1 and counts[3] == 2
    assert "username reviewer, password tally-reviewer" in first
    assert "duplicate" in second
    reviewer = get_user_model().objects.get(username="reviewer")
    assert reviewer.check_password("tally-reviewer")
    assert list(reviewer.groups.values_list("name", flat=True)) == ["reviewer"]


def test_the_canonical_sources_are_in_every_database():
    roots = set(Source.objects.roots().values_list("slug", flat=True))
    assert {
        "ukrainian-military",
        "ukrainian-government",
        "russian-military",
        "russian-government",
        "us-government",
        "uk-government",
        "nato",
        "un",
        "media",
        "ngo",
        "other",
    } <= roots
    assert SourceAlias.objects.filter(normalised="pentagon").exists()
