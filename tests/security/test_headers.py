"""Production settings pass check --deploy; pages send security headers and a CSP.

Hostile article text must render inert: escaped by the templates, and even if some
slipped through, the Content-Security-Policy allows no inline script or handler.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from claims import services
from claims.models import Article, ComparisonGroup

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
HOSTILE = (
    '<script>alert("x")</script><img src=x onerror="alert(1)">'
    '<a href="javascript:alert(2)" onclick="alert(3)">link</a>'
    " The General Staff said 250 Russian soldiers were killed on Tuesday."
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.IGNORECASE)


def test_check_deploy_is_clean_with_production_settings() -> None:
    # Only what a production host would have: nothing the test run itself set
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy flags).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="tally.example.org",
        CSRF_TRUSTED_ORIGINS="https://tally.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


@pytest.fixture
def hostile_pages(client, reviewer) -> list[str]:
    article = services.article_ingest(text=HOSTILE, title=HOSTILE[:60]).article
    services.article_extract_claims(article_id=article.pk)
    group = ComparisonGroup.objects.get()
    client.force_login(reviewer)
    return [
        reverse("home"),
        reverse("claims:article-list"),
        reverse("claims:article-upload"),
        reverse("claims:article-detail", args=[article.pk]),
        reverse("claims:group-detail", args=[group.pk]),
        reverse("claims:source-list"),
        reverse("claims:claim-correct", args=[article.claims.get().pk]),
    ]


def test_pages_send_the_security_headers(client, hostile_pages) -> None:
    for url in [*hostile_pages, reverse("login")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        policy = dict(
            part.strip().split(" ", 1)
            for part in response["Content-Security-Policy"].split(";")
        )
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"
        assert policy["base-uri"] == "'self'"
        assert policy["form-action"] == "'self'"
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_hostile_article_text_renders_inert(client, hostile_pages) -> None:
    assert Article.objects.get().text.startswith("<script>")  # stored as sent
    for url in [*hostile_pages, reverse("login")]:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not HANDLER.search(html), url
        assert not INLINE_STYLE.search(html), url  # style-src 'self' would block it
        assert not JAVASCRIPT_URL.search(html), url
    detail = client.get(hostile_pages[3]).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in detail  # as text


def test_the_templates_hold_no_inline_script_style_or_handler() -> None:
    for template in (REPO / "templates").rglob("*.html"):
        source = template.read_text()
        assert not INLINE_SCRIPT.search(source), template
        assert not HANDLER.search(source), template
        assert not INLINE_STYLE.search(source), template
