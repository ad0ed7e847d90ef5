"""Webhooks: tools register a URL; events become signed deliveries sent by a task.

A delivery is a POST of JSON. The receiver checks
``X-Tally-Signature: sha256=<hex>``, the HMAC-SHA256 with the webhook's secret
over ``"<X-Tally-Timestamp>.<raw body>"`` (see ``webhook_signature``), and
refuses old timestamps, so a captured delivery cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from claims.models import Article, ComparisonGroup, Webhook, WebhookDelivery
from claims.models import WebhookEvent as Event
from claims.uploads.addresses import AddressPolicy, default_resolver
from claims.uploads.connection import open_pinned
from claims.uploads.errors import UploadError
from claims.uploads.fetch import plan_hop

logger = logging.getLogger(__name__)

# The task retries up to this many sends in all, backing off exponentially.
WEBHOOK_MAX_ATTEMPTS = 5
SIGNATURE_TOLERANCE_SECONDS = 300
USER_AGENT = "Tally-Webhooks/1.0"


class WebhookDeliveryError(Exception):
    """A send failed with attempts left: the task retries it later."""


# ---- registering --------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryPolicy:
    """Where deliveries may go: the address policy of URL fetches (SSRF defence)."""

    address_policy: AddressPolicy
    allowed_ports: tuple[int, ...]
    timeout: float


def delivery_policy() -> DeliveryPolicy:
    """The policy from settings: public addresses on web ports unless a test says."""
    return DeliveryPolicy(
        address_policy=import_string(settings.WEBHOOK_ADDRESS_POLICY),
        allowed_ports=tuple(settings.WEBHOOK_ALLOWED_PORTS),
        timeout=settings.WEBHOOK_TIMEOUT,
    )


def webhook_register(
    *,
    owner,
    url: str,
    events: Iterable[str],
    policy: DeliveryPolicy | None = None,
) -> Webhook:
    """Register `url` to receive `events`; refuses URLs that lead to private hosts.

    >>> webhook_register(owner=user, url="https://hooks.example.org/t",
    ...                  events=["conflict.opened"]).secret  # share with the tool
    """
    events = list(dict.fromkeys(events))
    unknown = [e for e in events if e not in Event.values]
    if not events or unknown:
        raise ValidationError(
            f"Choose events among {', '.join(Event.values)}"
            + (f"; unknown: {', '.join(unknown)}." if unknown else ".")
        )
    webhook_url_check(url, policy=policy)
    return Webhook.objects.create(owner=owner, url=url.strip(), events=events)


def webhook_url_check(url: str, *, policy: DeliveryPolicy | None = None) -> None:
    """Raise ValidationError unless `url` passes the fetch address policy now."""
    policy = policy or delivery_policy()
    try:
        plan_hop(
            url,
            resolver=default_resolver,
            address_policy=policy.address_policy,
            allowed_ports=policy.allowed_ports,
        )
    except UploadError as exc:
        raise ValidationError(str(exc).replace("fetched", "used")) from exc


# ---- firing events ------------------------------------------------------------


def webhook_fire(*, event: str, data: dict) -> list[WebhookDelivery]:
    """Record a delivery for each active webhook that wants `event`; send on commit.

    Called inside the services' transactions: if they roll back, so do the
    deliveries, and nothing is sent for a change that did not happen.
    """
    return webhook_fire_many(event=event, payloads=[data])


def webhook_fire_many(*, event: str, payloads: list[dict]) -> list[WebhookDelivery]:
    """`webhook_fire` for several events of one kind, reading the webhooks once."""
    # Few webhooks exist; filtering the JSON list in Python works on SQLite too.
    hooks = [w for w in Webhook.objects.active() if event in w.events]
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(webhook=w, event=event, payload=data)
            for data in payloads
            for w in hooks
        ]
    )
    for delivery in deliveries:
        _enqueue_delivery(delivery.pk)
    return deliveries


def _enqueue_delivery(delivery_id: int) -> None:
    from claims.tasks import webhook_deliver_task  # tasks import the services

    # robust: a broker outage must not fail the parse or review that fired the
    # event; the delivery stays pending in the database.
    transaction.on_commit(lambda: webhook_deliver_task.delay(delivery_id), robust=True)


def webhook_fire_articles_parsed(parsed: list[tuple[Article, int]]) -> None:
    """An article.parsed event for each (article, number of claims) of a batch."""
    webhook_fire_many(
        event=Event.ARTICLE_PARSED,
        payloads=[
            {
                "article": {
                    "id": article.pk,
                    "title": str(article),
                    "url": article.url,
                    "claims": claim_count,
                    "extractor_version": article.extractor_version,
                }
            }
            for article, claim_count in parsed
        ],
    )


@dataclass(frozen=True)
class GroupState:
    """What webhooks compare before and after a group is re-assessed."""

    conflicting: bool
    low: Decimal | None
    best: Decimal | None
    high: Decimal | None


def group_state(group: ComparisonGroup) -> GroupState:
    return GroupState(group.conflicting, group.low, group.best, group.high)


def webhook_fire_group_changes(*, group: ComparisonGroup, before: GroupState) -> None:
    """Fire conflict.opened/closed and group.synthesis_changed for what changed.

    A group's first synthesis is not a change: a new group only fires when it
    opens a conflict.
    """
    after = group_state(group)
    if after == before:
        return
    if after.conflicting != before.conflicting:
        event = Event.CONFLICT_OPENED if after.conflicting else Event.CONFLICT_CLOSED
        webhook_fire(event=event, data=_group_data(group, before))
    had_synthesis = any(x is not None for x in (before.low, before.best, before.high))
    if had_synthesis and (after.low, after.best, after.high) != (
        before.low,
        before.best,
        before.high,
    ):
        webhook_fire(
            event=Event.GROUP_SYNTHESIS_CHANGED, data=_group_data(group, before)
        )


def _number(value: Decimal | int | None) -> int | str | None:
    # Counts as JSON integers; percentages as exact decimal strings, never floats.
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else str(value.normalize())


def _group_data(group: ComparisonGroup, before: GroupState) -> dict:
    path = reverse("claims:group-detail", args=[group.pk])
    return {
        "group": {
            "id": group.pk,
            "title": str(group),
            "url": settings.SITE_URL.rstrip("/") + path,
            "conflicting": group.conflicting,
            "reason": group.reason,
            "low": _number(group.low),
            "best": _number(group.best),
            "high": _number(group.high),
            "synthesis_rule": group.synthesis_rule,
            "as_of_from": group.as_of_from.isoformat(),
            "as_of_to": group.as_of_to.isoformat(),
        },
        "previous": {
            "conflicting": before.conflicting,
            "low": _number(before.low),
            "best": _number(before.best),
            "high": _number(before.high),
        },
    }


# ---- signing and sending ------------------------------------------------------


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """The X-Tally-Signature value a receiver recomputes to trust a delivery.

    >>> webhook_signature(secret="s", timestamp="1700000000", body=b"{}")[:7]
    'sha256='
    """
    signed = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def webhook_signature_valid(
    *,
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    now: float | None = None,
) -> bool:
    """What a receiver does: constant-time compare, and refuse stale timestamps."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return age <= SIGNATURE_TOLERANCE_SECONDS and hmac.compare_digest(
        expected, signature
    )


def delivery_body(delivery: WebhookDelivery) -> bytes:
    """The JSON sent, the same bytes on every attempt of one delivery."""
    envelope = {
        "delivery": delivery.pk,
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, sort_keys=True, separators=(",", ":")).encode()


def webhook_deliver(
    *, delivery_id: int, policy: DeliveryPolicy | None = None
) -> WebhookDelivery | None:
    """Send one delivery and record the outcome.

    Raises WebhookDeliveryError while attempts are left so the task retries
    with back-off; after the last attempt the delivery is marked failed.
    """
    delivery = (
        WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return delivery  # deleted, or a redelivered task for a finished send
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    if not delivery.webhook.active:
        code, error = None, "The webhook was deactivated."
        delivery.attempts = WEBHOOK_MAX_ATTEMPTS
    else:
        code, error = _send(delivery, policy or delivery_policy())
    delivery.response_code, delivery.error = code, error[:2000]
    if not error:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts >= WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "response_code",
            "error",
            "status",
            "delivered_at",
        ]
    )
    if delivery.status == WebhookDelivery.Status.PENDING:
        raise WebhookDeliveryError(error)
    return delivery


def _send(delivery: WebhookDelivery, policy: DeliveryPolicy) -> tuple[int | None, str]:
    """(response code, error); the error is empty when the receiver answered 2xx."""
    body = delivery_body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Tally-Event": delivery.event,
        "X-Tally-Delivery": str(delivery.pk),
        "X-Tally-Timestamp": timestamp,
        "X-Tally-Signature": webhook_signature(
            secret=delivery.webhook.secret, timestamp=timestamp, body=body
        ),
        "Connection": "close",
    }
    try:
        # Planned (and its address checked) on every attempt: DNS may have changed.
        hop = plan_hop(
            delivery.webhook.url,
            resolver=default_resolver,
            address_policy=policy.address_policy,
            allowed_ports=policy.allowed_ports,
        )
        deadline = time.monotonic() + policy.timeout
        response = open_pinned(hop, deadline, method="POST", body=body, headers=headers)
    except UploadError as exc:
        return None, str(exc)
    except (OSError, http.client.HTTPException) as exc:
        return None, f"The receiver could not be reached: {type(exc).__name__}: {exc}"
    try:
        status = response.status
    finally:
        response.close()
    if 200 <= status < 300:
        return status, ""
    return status, f"The receiver answered {status} {response.reason}."
