"""API fixtures: a token client per role, fresh throttles, a conflicting group."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims import services
from claims.models import ComparisonGroup

WEEK = datetime.date(2022, 3, 10)
CONFLICT = [
    (
        "Ukraine's General Staff said 14,000 Russian soldiers had been killed since "
        "the invasion began.",
        WEEK,
    ),
    (
        "US intelligence estimates that about 7,000 Russian soldiers have been killed "
        "since the invasion began.",
        WEEK + datetime.timedelta(days=2),
    ),
]


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters are keyed by user id, which SQLite reuses between tests."""
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    _, token = AuthToken.objects.create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


@pytest.fixture
def viewer_api(viewer) -> APIClient:
    return token_client(viewer)


@pytest.fixture
def reviewer_api(reviewer) -> APIClient:
    return token_client(reviewer)


@pytest.fixture
def editor_api(editor) -> APIClient:
    return token_client(editor)


def ingest(text: str, published: datetime.date | None = None, **kwargs):
    return services.article_ingest(text=text, published=published, **kwargs).article


@pytest.fixture
def conflict(db, django_capture_on_commit_callbacks) -> ComparisonGroup:
    with django_capture_on_commit_callbacks(execute=True):
        for text, published in CONFLICT:
            ingest(text, published)
    return ComparisonGroup.objects.conflicting().get()


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape: {"error": {"code", "message", "fields"}}."""
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["message"]
    if code:
        assert error["code"] == code
    return error
