"""Every URL the resolver knows, by role: anonymous sees only login; viewers only read.

The URL list is walked from the resolver, so a new page or endpoint is covered the
day it is added. Object ids in paths are filled with real rows (an article with a
claim and its group, a source) so that a write reaching its service would show.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims import services
from claims.models import Article, Claim, ComparisonGroup, Review
from sources.models import Source
from tests.conftest import make_user
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

# Pages anyone may see: the login forms.
PUBLIC = {"login", "admin:login"}
# The API's schema and its Swagger/ReDoc pages are public by the API's own choice
# (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]): they describe endpoints, no data.
PUBLIC_API_DOCS = {"api-schema", "api-docs", "api-redoc"}
# Writes a viewer must be refused (403) even with a valid body.
WRITES = {
    "claims:article-upload",
    "claims:article-requeue",
    "claims:group-review",
    "claims:group-merge",
    "claims:group-split",
    "claims:claim-move",
    "claims:claim-correct",
    "api:article-upload",
    "api:article-bulk",
    "api:article-reparse",
    "api:group-verdict",
}


def _walk(patterns, namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace or ""]))
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield ":".join(filter(None, [namespace, p.name])), p


def url_names() -> list[str]:
    """One entry per URL name (format-suffix variants share their name)."""
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def _arguments(name: str) -> list[str]:
    for candidate, pattern in _walk(get_resolver().url_patterns):
        if candidate == name:
            regex = pattern.pattern.regex
            if "format" not in regex.groupindex:
                return list(regex.groupindex)
    return []


@pytest.fixture
def rows() -> dict[str, int]:
    article = services.article_ingest(
        text="The General Staff said 250 Russian soldiers were killed on Tuesday."
    ).article
    services.article_extract_claims(article_id=article.pk)  # on_commit never fires here
    claim = Claim.objects.filter(article=article).first()
    group = ComparisonGroup.objects.first()
    source = Source.objects.first() or SourceFactory()
    assert claim and group and source, "the fixture article should give a group"
    return {
        "article": article.pk,
        "claim": claim.pk,
        "group": group.pk,
        "source": source.pk,
    }


def url_for(name: str, rows: dict[str, int]) -> str:
    kind = re.sub(r"^.*:", "", name).split("-")[0].split("_")[0]
    values = {
        "pk": rows.get(kind, rows["article"]),
        "object_id": rows["article"],
        "fmt": "txt",
        "app_label": "claims",
        "content_type_id": 1,
        "url": "x",
        "user_id": 1,
        "uidb64": "x",
        "token": "x",
        "id": 1,
    }
    arguments = _arguments(name)
    return reverse(name, kwargs={a: values.get(a, "1") for a in arguments})


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Article, Claim, ComparisonGroup, Review, Source)
    )


@pytest.mark.parametrize("name", url_names())
def test_anonymous_users_are_sent_to_login(client, rows, name: str) -> None:
    url = url_for(name, rows)
    for method in (client.get, client.post):
        response = method(url)
        if name in PUBLIC | PUBLIC_API_DOCS:
            assert response.status_code in (200, 405), (url, response)
            continue
        assert response.status_code in (302, 401, 403, 405), (url, response)
        if response.status_code == 302:
            # /admin/ itself sends anonymous users on to its login page.
            assert re.match(r"^/(admin/)?(login/|$)", response["Location"]), url


@pytest.mark.parametrize("name", url_names())
def test_viewers_read_but_cannot_write(client, rows, name: str) -> None:
    client.force_login(make_user("vic-viewer", "viewer"))
    url = url_for(name, rows)
    before = _counts()
    response = client.post(
        url,
        {"text": "Kyiv said 12 tanks were destroyed.", "verdict": "accurate"},
    )
    assert response.status_code < 500, url
    if name in WRITES:
        assert response.status_code == 403, url
    assert _counts() == before, f"a viewer's POST to {url} wrote something"
    if name.startswith("admin:") and name not in PUBLIC:
        assert response.status_code in (302, 403, 405), url  # not staff


def test_the_write_list_names_real_urls() -> None:
    assert WRITES <= set(url_names())


def test_viewers_can_read_every_dashboard_page(client, rows) -> None:
    client.force_login(make_user("vic-viewer", "viewer"))
    for name in url_names():
        if name.startswith(("admin:", "api")) or name in WRITES | {"logout"}:
            continue
        response = client.get(url_for(name, rows))
        # A group's exports exist only once it has a publishable verdict.
        expected = 404 if name.startswith("claims:group-export") else 200
        assert response.status_code == expected, (name, response)


def test_reviewers_can_upload_and_record_verdicts(client, rows) -> None:
    client.force_login(make_user("rex-reviewer", "reviewer"))
    upload = client.post(
        reverse("claims:article-upload"), {"text": "Kyiv said 12 tanks were destroyed."}
    )
    assert upload.status_code == 302
    assert Article.objects.count() == 2
    assert Group.objects.filter(name="reviewer").exists()
