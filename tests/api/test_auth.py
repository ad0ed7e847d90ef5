"""API authentication: knox tokens (hashed, expiring), the session, roles, throttles."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from claims.tasks import api_tokens_delete_expired_task
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


def test_anonymous_requests_get_401_in_the_error_shape():
    response = APIClient().get(CLAIMS)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_reads_and_is_stored_only_as_a_digest(viewer, viewer_api):
    assert viewer_api.get(CLAIMS).status_code == 200
    token = AuthToken.objects.get(user=viewer)
    assert len(token.digest) == 128  # sha512 hex: the token itself is not stored


def test_an_expired_token_is_refused(viewer):
    _, token = AuthToken.objects.create(user=viewer, expiry=datetime.timedelta(0))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert_error(api.get(CLAIMS), 401, "authentication_failed")


def test_a_request_does_not_read_the_users_other_tokens(viewer, viewer_api):
    # knox itself loads every token of the user on each request to purge the
    # expired ones; with ours the cost stays the same however many there are.
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer_api.get(CLAIMS).status_code == 200
        return len(captured)

    viewer_api.get(CLAIMS)  # warm the permission and throttle caches
    few = queries()
    for _ in range(30):
        AuthToken.objects.create(user=viewer, expiry=datetime.timedelta(seconds=-1))
    assert queries() == few
    assert AuthToken.objects.filter(user=viewer).count() == 31  # left for the sweep


def test_the_daily_sweep_deletes_expired_tokens_only(viewer, viewer_api):
    for _ in range(3):
        AuthToken.objects.create(user=viewer, expiry=datetime.timedelta(seconds=-1))
    assert api_tokens_delete_expired_task.delay().get() == 3
    assert AuthToken.objects.filter(user=viewer).count() == 1
    assert viewer_api.get(CLAIMS).status_code == 200


def test_a_wrong_token_is_refused():
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert_error(api.get(CLAIMS), 401)


def test_the_session_works_for_the_browsable_api(client, viewer):
    client.force_login(viewer)
    response = client.get(CLAIMS, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Claim" in response.content


def test_a_user_without_a_role_is_forbidden(django_user_model):
    from tests.api.conftest import token_client

    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert_error(token_client(nobody).get(CLAIMS), 403, "permission_denied")


def test_create_api_token_prints_a_working_token_on_the_last_line(viewer, capsys):
    call_command("create_api_token", viewer.username, "--days", "1")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(CLAIMS).status_code == 200
    expiry = AuthToken.objects.get(user=viewer).expiry
    assert expiry < datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)


def test_create_api_token_refuses_an_unknown_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", "ghost")


def test_knox_tokens_can_be_made_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:knox_authtoken_add")).status_code == 200


def test_requests_over_the_rate_get_429_in_the_error_shape(viewer_api, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/min"})
    assert viewer_api.get(CLAIMS).status_code == 200
    assert viewer_api.get(CLAIMS).status_code == 200
    response = viewer_api.get(CLAIMS)
    assert_error(response, 429, "throttled")
    assert "Retry-After" in response
