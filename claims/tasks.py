"""Celery tasks: fetch by id, call one service; retries and limits on the decorators."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims import services, webhooks
from claims.webhooks import WEBHOOK_MAX_ATTEMPTS, WebhookDeliveryError


# OperationalError/InterfaceError: the database connection dropped mid-parse; the
# service's transactions leave nothing half-written, so running again is safe.
# ArticleParseError: the engine failed with attempts left (the service counts them
# and marks the article failed after the last, so retries stop there).
@shared_task(
    autoretry_for=(OperationalError, InterfaceError, services.ArticleParseError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def article_extract_claims_task(article_id: int) -> None:
    services.article_extract_claims(article_id=article_id)


# A batch from a bulk upload. No retry of its own: a batch delivered again after a
# failure is broken up into article_extract_claims_task per article (the service),
# which carries the retries.
@shared_task(autoretry_for=(OperationalError, InterfaceError), max_retries=1)
def articles_extract_claims_task(article_ids: list[int]) -> int:
    return services.articles_extract_claims(article_ids=article_ids)


# Transient database failures retry; the marks stay in the database otherwise,
# and beat runs this as a sweep too.
@shared_task(autoretry_for=(OperationalError, InterfaceError), max_retries=3)
def groups_assess_pending_task() -> int:
    return services.groups_assess_pending()


@shared_task
def api_tokens_delete_expired_task() -> int:
    from config.api_policy import api_tokens_delete_expired  # DRF settings import it

    return api_tokens_delete_expired()


@shared_task
def article_requeue_stale_task() -> int:
    return services.article_requeue_stale()


# WebhookDeliveryError: the receiver failed or was unreachable with attempts left
# (the service counts them and marks the delivery failed after the last). Its own
# queue so a slow receiver never holds up article parsing.
@shared_task(
    queue="webhooks",
    autoretry_for=(WebhookDeliveryError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=WEBHOOK_MAX_ATTEMPTS - 1,
)
def webhook_deliver_task(delivery_id: int) -> None:
    webhooks.webhook_deliver(delivery_id=delivery_id)
