"""Writes for articles: ingest an upload, parse it into claims and groups, re-queue."""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.extraction import EXTRACTOR_VERSION, ExtractedClaim, extract_claims
from claims.models import Article, Claim
from claims.services.groups import groups_refresh_for_article
from claims.services.reviews import corrections_apply
from claims.uploads import DecodedUpload, UploadError, decode_upload
from claims.uploads.fetch import decode_page, fetch_url
from claims.webhooks import webhook_fire_article_parsed
from sources.models import Outlet
from sources.selectors import source_catalog, source_ids_by_slug

logger = logging.getLogger(__name__)


class ArticleParseError(Exception):
    """The engine failed on an article that has attempts left: the task retries it."""


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


@dataclass(frozen=True)
class Upload:
    """An uploaded file as the form or API received it."""

    data: bytes
    filename: str = ""
    content_type: str = ""


def article_ingest(
    *,
    text: str | None = None,
    upload: Upload | None = None,
    url: str = "",
    article_url: str = "",
    title: str = "",
    outlet_name: str = "",
    published: datetime.date | None = None,
    uploaded_by=None,
) -> IngestResult:
    """Store one article from pasted text, an uploaded file or a URL; queue its parse.

    `url` is fetched; `article_url` only records where text given otherwise came from.

    Identical content returns the existing article instead of a duplicate:
    >>> article_ingest(text="Ukraine says 300 soldiers were killed.").created
    True
    Raises ValidationError with a readable message for bad input; nothing is stored
    then.
    """
    given = [x for x in (text, upload, url or None) if x is not None]
    if len(given) != 1:
        raise ValidationError("Give exactly one of: pasted text, a file or a URL.")
    origin, raw, decoded, content_type, filename = _read_input(text, upload, url)
    content_hash = hashlib.sha256(decoded.text.encode("utf-8")).hexdigest()
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return IngestResult(existing, created=False)
    outlet_name = (outlet_name or decoded.outlet or "").strip()[:200]
    article = Article(
        title=(title or decoded.title or "").strip()[:500],
        outlet=Outlet.objects.get_or_create(name=outlet_name)[0]
        if outlet_name
        else None,
        url=(url or article_url)[:2000],
        published=published or decoded.published,
        origin=origin,
        original_filename=filename[:255],
        original_content_type=content_type[:100],
        original=raw,
        text=decoded.text,
        content_hash=content_hash,
        uploaded_by=uploaded_by,
    )
    try:
        # A savepoint: two uploads of one text at once race on the unique hash,
        # and the loser returns the winner's article.
        with transaction.atomic():
            article.save()
    except IntegrityError:
        existing = Article.objects.filter(content_hash=content_hash).first()
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    _enqueue_parse(article.pk)
    return IngestResult(article, created=True)


def _read_input(
    text: str | None, upload: Upload | None, url: str
) -> tuple[str, bytes, DecodedUpload, str, str]:
    """(origin, original bytes, decoded text and metadata, content type, file name)."""
    limit = settings.UPLOAD_MAX_BYTES
    try:
        if text is not None:
            raw = text.encode("utf-8", errors="surrogatepass")
            decoded = decode_upload(
                raw, filename=None, content_type="text/plain", max_bytes=limit
            )
            return Article.Origin.TEXT, raw, decoded, "text/plain", ""
        if upload is not None:
            decoded = decode_upload(
                upload.data,
                filename=upload.filename or None,
                content_type=upload.content_type or None,
                max_bytes=limit,
            )
            return (
                Article.Origin.FILE,
                upload.data,
                decoded,
                upload.content_type,
                upload.filename,
            )
        page = fetch_url(url, max_bytes=limit, timeout=settings.URL_FETCH_TIMEOUT)
        decoded = decode_page(page, max_bytes=limit)
        return Article.Origin.URL, page.data, decoded, page.content_type, ""
    except UploadError as exc:
        raise ValidationError(str(exc)) from exc


def _enqueue_parse(article_id: int) -> None:
    from claims.tasks import article_extract_claims_task  # tasks import this module

    # robust: with the broker down the upload is still stored and the caller gets
    # its article; the failure is logged and the beat sweep (article_requeue_stale)
    # queues the parse once the broker is back.
    transaction.on_commit(
        lambda: article_extract_claims_task.delay(article_id), robust=True
    )


def article_extract_claims(*, article_id: int) -> list[Claim]:
    """Run the extraction engine on an article; replace its claims in one transaction.

    Safe to run twice: the second run replaces the first run's claims. An engine
    failure marks the article failed with a readable error once it has used its
    attempts; before that it raises ArticleParseError so the task retries.
    """
    article = _article_start_parse(article_id)
    if article is None:
        return []
    try:
        extracted = extract_claims(article.text, source_catalog())
    except (
        Exception
    ) as exc:  # the engine on untrusted text: any failure is the article's
        logger.exception("Extraction failed for article %s", article_id)
        message = f"Extraction failed: {type(exc).__name__}: {exc}"[:2000]
        if article.parse_attempts >= settings.PARSE_MAX_ATTEMPTS:
            _article_set_status(article, Article.Status.FAILED, error=message)
            return []
        _article_set_status(article, Article.Status.PENDING, error=message)
        raise ArticleParseError(message) from exc
    return _article_store_claims(article, extracted)


def _article_start_parse(article_id: int) -> Article | None:
    """Lock the article, count the attempt, mark it parsing; None when nothing to do."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:  # deleted before a worker picked it up
            return None
        if article.status == Article.Status.PARSED and (
            article.extractor_version == EXTRACTOR_VERSION
        ):
            return None  # a redelivered task for work already done
        if article.parse_attempts >= settings.PARSE_MAX_ATTEMPTS:
            # A worker died mid-parse on each attempt (e.g. killed, out of memory).
            _article_set_status(
                article,
                Article.Status.FAILED,
                error=article.error
                or f"Parsing did not finish after "
                f"{settings.PARSE_MAX_ATTEMPTS} attempts.",
            )
            return None
        article.parse_attempts += 1
        _article_set_status(article, Article.Status.PARSING, extra=["parse_attempts"])
    return article


def _article_store_claims(
    article: Article, extracted: list[ExtractedClaim]
) -> list[Claim]:
    source_ids = source_ids_by_slug()
    as_of = article.published or article.uploaded_at.date()
    claims = [_claim_from_extracted(article, x, source_ids, as_of) for x in extracted]
    with transaction.atomic():
        old = Claim.objects.filter(article=article)
        previous_groups = set(old.values_list("group_id", flat=True)) - {None}
        old.delete()
        Claim.objects.bulk_create(claims)
        Claim.objects.for_article(article.pk).index_for_search(title=article.title)
        corrections_apply(article_id=article.pk)
        groups_refresh_for_article(
            article_id=article.pk, previous_groups=previous_groups
        )
        article.parsed_at = timezone.now()
        article.extractor_version = EXTRACTOR_VERSION
        _article_set_status(
            article,
            Article.Status.PARSED,
            error="",
            extra=["parsed_at", "extractor_version"],
        )
        webhook_fire_article_parsed(article=article, claim_count=len(claims))
    return claims


def _claim_from_extracted(
    article: Article, x: ExtractedClaim, source_ids: dict[str, int], as_of
) -> Claim:
    return Claim(
        article=article,
        start=x.start,
        end=x.end,
        quote=x.quote[:300],
        sentence=x.sentence,
        sentence_start=x.sentence_start,
        value=x.value,
        low=x.low,
        high=x.high,
        qualifier=x.qualifier,
        unit=x.unit,
        category=x.category,
        equipment_type=x.equipment_type or "",
        party=x.party,
        source_id=source_ids.get(x.source_slug) if x.source_slug else None,
        attribution=(x.attribution or "")[:300],
        as_of=as_of,
        extractor_version=EXTRACTOR_VERSION,
    )


def _article_set_status(
    article: Article, status: str, *, error: str | None = None, extra: list[str] = ()
) -> None:
    article.status = status
    article.status_changed_at = timezone.now()
    fields = ["status", "status_changed_at", *extra]
    if error is not None:
        article.error = error
        fields.append("error")
    article.save(update_fields=fields)


def article_requeue(*, article: Article) -> Article:
    """Queue a failed (or any) article for parsing again, with fresh attempts."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        article.parse_attempts = 0
        _article_set_status(
            article, Article.Status.PENDING, error="", extra=["parse_attempts"]
        )
        _enqueue_parse(article.pk)
    return article


def article_requeue_stale(*, now: datetime.datetime | None = None) -> int:
    """Re-enqueue articles left pending or parsing too long (their task was lost).

    The broker is not the source of truth: a Redis restart can drop queued tasks.
    """
    before = (now or timezone.now()) - datetime.timedelta(
        seconds=settings.PARSE_STALE_AFTER_SECONDS
    )
    ids = list(Article.objects.stale(before).values_list("pk", flat=True)[:1000])
    for article_id in ids:
        # Touch the timestamp so the next sweep waits a full period again.
        Article.objects.filter(pk=article_id).update(status_changed_at=timezone.now())
        _enqueue_parse(article_id)
    return len(ids)
