"""Schemathesis fuzzes every endpoint from the OpenAPI schema: never a 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken

from config.wsgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_endpoint_answers_a_server_error(reviewer):
    _, token = AuthToken.objects.create(user=reviewer)
    auth = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        # A few examples per endpoint keep the run well under a minute.
        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(headers=auth)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, response.text))

        check()
    assert failures == []
