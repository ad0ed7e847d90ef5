"""Webhooks: registration refuses private targets, deliveries are signed, retried with
back-off until they succeed, and fired when an article is parsed or a conflict opens."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import http.server
import ipaddress
import json
import threading
import time

import pytest
from django.core.exceptions import ValidationError

from claims import webhooks
from claims.models import ComparisonGroup, Webhook, WebhookDelivery, WebhookEvent
from claims.tasks import webhook_deliver_task
from claims.uploads.addresses import public_address_problem
from tests.conftest import make_user
from tests.factories import ingest

pytestmark = pytest.mark.django_db

KYIV = (
    "Ukraine's General Staff said 14,000 Russian soldiers had been killed since the "
    "invasion began."
)
US = (
    "US intelligence estimates that about 7,000 Russian soldiers have been killed "
    "since the invasion began."
)


def loopback_allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The test policy: the public-address policy, plus this machine's loopback."""
    return None if address.is_loopback else public_address_problem(address)


class Receiver:
    """A webhook receiver on 127.0.0.1 that fails the first `failures` requests."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                failing = len(receiver.requests) <= receiver.failures
                self.send_response(503 if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/tally"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory(settings):
    started: list[Receiver] = []

    def start(failures: int = 0) -> Receiver:
        receiver = Receiver(failures)
        started.append(receiver)
        settings.WEBHOOK_ADDRESS_POLICY = "tests.claims.test_webhooks.loopback_allowed"
        settings.WEBHOOK_ALLOWED_PORTS = (receiver.port,)
        settings.WEBHOOK_TIMEOUT = 5.0
        return receiver

    yield start
    for receiver in started:
        receiver.close()


@pytest.fixture
def owner(db):
    return make_user("tom-tool", "editor")


def register(owner, url: str, events: list[str]) -> Webhook:
    return webhooks.webhook_register(owner=owner, url=url, events=events)


# ---- registration -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.5/hook",
        "http://[::1]/hook",
        "ftp://example.org/hook",
        "https://user:pw@example.org/hook",
        "https://93.184.215.14:22/hook",
    ],
)
def test_it_refuses_to_register_urls_that_lead_to_private_hosts(owner, url):
    with pytest.raises(ValidationError):
        register(owner, url, ["article.parsed"])
    assert not Webhook.objects.exists()


def test_it_registers_a_public_url_with_a_fresh_secret(owner):
    hook = register(owner, "https://93.184.215.14/hook", ["conflict.opened"])
    other = register(owner, "https://93.184.215.14/other", ["conflict.opened"])
    assert hook.events == ["conflict.opened"]
    assert len(hook.secret) == 64 and hook.secret != other.secret


def test_it_refuses_unknown_or_no_events(owner):
    with pytest.raises(ValidationError, match="unknown: article.deleted"):
        register(owner, "https://93.184.215.14/hook", ["article.deleted"])
    with pytest.raises(ValidationError):
        register(owner, "https://93.184.215.14/hook", [])


# ---- signing ------------------------------------------------------------------


def test_a_receiver_can_verify_the_signature_over_timestamp_and_body(
    owner, receiver_factory
):
    receiver = receiver_factory()
    hook = register(owner, receiver.url, ["article.parsed"])
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="article.parsed", payload={"article": {"id": 1}}
    )
    webhooks.webhook_deliver(delivery_id=delivery.pk)

    (headers, body) = receiver.requests[0]
    timestamp = headers["X-Tally-Timestamp"]
    signed = timestamp.encode() + b"." + body
    expected = hmac.new(hook.secret.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["X-Tally-Signature"] == f"sha256={expected}"
    assert headers["X-Tally-Event"] == "article.parsed"
    assert headers["X-Tally-Delivery"] == str(delivery.pk)
    assert abs(int(timestamp) - time.time()) < 60
    assert json.loads(body)["data"] == {"article": {"id": 1}}
    assert webhooks.webhook_signature_valid(
        secret=hook.secret,
        timestamp=timestamp,
        body=body,
        signature=headers["X-Tally-Signature"],
    )


def test_a_signature_fails_for_a_changed_body_another_secret_or_an_old_timestamp():
    body, now = b'{"event":"conflict.opened"}', 1_700_000_000
    signature = webhooks.webhook_signature(secret="s3", timestamp=str(now), body=body)
    check = webhooks.webhook_signature_valid
    assert check(
        secret="s3", timestamp=str(now), body=body, signature=signature, now=now
    )
    assert not check(
        secret="s3", timestamp=str(now), body=body + b" ", signature=signature, now=now
    )
    assert not check(
        secret="other", timestamp=str(now), body=body, signature=signature, now=now
    )
    # A replay an hour later, even with the right signature, is refused.
    assert not check(
        secret="s3", timestamp=str(now), body=body, signature=signature, now=now + 3600
    )


# ---- retries --------------------------------------------------------------------


def test_the_task_retries_a_failing_receiver_until_it_succeeds(owner, receiver_factory):
    receiver = receiver_factory(failures=2)
    hook = register(owner, receiver.url, ["conflict.opened"])
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="conflict.opened", payload={"group": {"id": 7}}
    )

    webhook_deliver_task.delay(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempts == 3
    assert delivery.response_code == 204
    assert delivery.delivered_at is not None
    assert len(receiver.requests) == 3
    # Every attempt carries the same delivery id and body, so receivers can dedupe.
    assert len({body for _, body in receiver.requests}) == 1
    assert {h["X-Tally-Delivery"] for h, _ in receiver.requests} == {str(delivery.pk)}


def test_a_delivery_that_keeps_failing_is_marked_failed_after_the_last_attempt(
    owner, receiver_factory
):
    receiver = receiver_factory(failures=100)
    hook = register(owner, receiver.url, ["conflict.opened"])
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="conflict.opened", payload={}
    )

    webhook_deliver_task.delay(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == webhooks.WEBHOOK_MAX_ATTEMPTS
    assert delivery.response_code == 503
    assert "503" in delivery.error
    assert len(receiver.requests) == webhooks.WEBHOOK_MAX_ATTEMPTS


def test_the_task_has_its_own_queue_and_backs_off_exponentially():
    assert webhook_deliver_task.queue == "webhooks"
    assert webhook_deliver_task.retry_backoff
    assert webhook_deliver_task.max_retries == webhooks.WEBHOOK_MAX_ATTEMPTS - 1


def test_a_delivery_is_not_sent_to_an_address_the_policy_now_refuses(owner, settings):
    hook = Webhook.objects.create(
        owner=owner, url="http://127.0.0.1/hook", events=["article.parsed"]
    )
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="article.parsed", payload={}
    )
    webhook_deliver_task.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "loopback" in delivery.error
    assert delivery.response_code is None


# ---- events -------------------------------------------------------------------


def test_parsing_an_article_and_opening_a_conflict_fire_their_events(
    owner, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory()
    register(owner, receiver.url, ["article.parsed", "conflict.opened"])
    only_synthesis = register(owner, receiver.url, ["group.synthesis_changed"])

    first = ingest(KYIV, datetime.date(2022, 4, 4), django_capture_on_commit_callbacks)
    ingest(US, datetime.date(2022, 4, 6), django_capture_on_commit_callbacks)

    sent = [(h["X-Tally-Event"], json.loads(b)) for h, b in receiver.requests]
    parsed = [data for event, data in sent if event == "article.parsed"]
    assert [p["data"]["article"]["id"] for p in parsed][0] == first.pk
    assert len(parsed) == 2
    opened = [data for event, data in sent if event == "conflict.opened"]
    group = ComparisonGroup.objects.conflicting().get()
    assert [o["data"]["group"]["id"] for o in opened] == [group.pk]
    assert opened[0]["data"]["previous"]["conflicting"] is False
    assert opened[0]["data"]["group"]["url"].endswith(f"/groups/{group.pk}/")
    # The synthesis of the Kyiv group changed when the US figure joined it.
    assert only_synthesis.deliveries.filter(
        event=WebhookEvent.GROUP_SYNTHESIS_CHANGED
    ).exists()
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        "succeeded"
    }


def test_no_delivery_is_recorded_for_events_nobody_subscribed_to(
    owner, django_capture_on_commit_callbacks
):
    register(owner, "https://93.184.215.14/hook", ["conflict.closed"])
    ingest(KYIV, datetime.date(2022, 4, 4), django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()
