"""The example client uploads articles, polls them to parsed, prints the conflicts."""

import importlib.util
from pathlib import Path

import pytest
from knox.models import AuthToken

from tests.api.conftest import CONFLICT

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = (
    Path(__file__).resolve().parents[2] / "examples" / "upload_and_list_conflicts.py"
)


def load_script():
    spec = importlib.util.spec_from_file_location("example_client", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_uploads_waits_and_prints_the_conflict(
    live_server, reviewer, tmp_path, capsys
):
    _, token = AuthToken.objects.create(user=reviewer)
    paths = []
    for number, (text, _) in enumerate(CONFLICT):
        path = tmp_path / f"article-{number}.txt"
        path.write_text(text)
        paths.append(str(path))
    # Eager tasks in the server thread: each article parses as it is uploaded.
    args = ["--api", live_server.url, "--token", token, "--timeout", "20", *paths]
    assert load_script().main([*args]) == 0
    out = capsys.readouterr().out
    assert out.count("uploaded: article-") == 2
    assert out.count("parsed: article") == 2
    assert "CONFLICT group" in out and "russian_forces killed" in out
    assert "Conflicts: 1" in out
