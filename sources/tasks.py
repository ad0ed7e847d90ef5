"""Celery tasks for source curation: fetch by id, call one service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from sources import services


# The database connection dropped: the service's transaction left nothing
# half-written, so running again is safe.
@shared_task(
    autoretry_for=(OperationalError, InterfaceError), retry_backoff=2, max_retries=3
)
def source_alias_reresolve_task(alias_id: int) -> None:
    services.source_alias_reresolve(alias_id=alias_id)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError), retry_backoff=2, max_retries=3
)
def source_claims_regroup_task(article_ids: list[int]) -> None:
    services.source_claims_regroup(article_ids=article_ids)
