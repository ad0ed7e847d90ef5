"""Writes for articles: ingest an upload, parse it into claims and groups, re-queue."""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims.extraction import EXTRACTOR_VERSION, ExtractedClaim, extract_claims
from claims.extraction.catalog import SourceCatalog
from claims.models import Article, Claim
from claims.services.groups import groups_refresh_for_articles
from claims.services.reviews import corrections_apply_many
from claims.uploads import DecodedUpload, UploadError, decode_upload
from claims.uploads.fetch import decode_page, fetch_url
from claims.webhooks import webhook_fire_articles_parsed
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
    article, outlet_name = _article_prepare(
        _read_input(text, upload, url),
        url=url or article_url,
        title=title,
        outlet_name=outlet_name,
        published=published,
        uploaded_by=uploaded_by,
    )
    existing = Article.objects.filter(content_hash=article.content_hash).first()
    if existing is not None:
        return IngestResult(existing, created=False)
    article.outlet = _outlets([outlet_name]).get(outlet_name)
    try:
        # A savepoint: two uploads of one text at once race on the unique hash,
        # and the loser returns the winner's article.
        with transaction.atomic():
            article.save()
    except IntegrityError:
        existing = Article.objects.filter(content_hash=article.content_hash).first()
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    _enqueue_parse(article.pk)
    return IngestResult(article, created=True)


@dataclass(frozen=True)
class BulkItem:
    """One article of a bulk upload: pasted text and what is known about it."""

    text: str
    article_url: str = ""
    title: str = ""
    outlet_name: str = ""
    published: datetime.date | None = None


def articles_ingest_bulk(
    items: list[BulkItem], *, uploaded_by=None
) -> list[IngestResult | ValidationError]:
    """Store many pasted articles at once; their parses are queued in batches.

    The result for each item, in order: the stored (or existing, for a text already
    uploaded or repeated in `items`) article, or the ValidationError that rejected
    it. New articles are written with one INSERT and parsed PARSE_BATCH_SIZE to a
    task, so a 1,000-article upload costs a few queries, not thousands.
    """
    results: list[IngestResult | ValidationError | None] = [None] * len(items)
    # content hash -> (the article, its outlet's name, indexes of the items giving it)
    prepared: dict[str, tuple[Article, str, list[int]]] = {}
    for index, item in enumerate(items):
        try:
            article, outlet_name = _article_prepare(
                _read_input(item.text, None, ""),
                url=item.article_url,
                title=item.title,
                outlet_name=item.outlet_name,
                published=item.published,
                uploaded_by=uploaded_by,
            )
        except ValidationError as exc:
            results[index] = exc
            continue
        prepared.setdefault(article.content_hash, (article, outlet_name, []))[2].append(
            index
        )
    existing = {
        a.content_hash: a
        for a in Article.objects.filter(content_hash__in=prepared.keys())
    }
    new = [(a, name) for h, (a, name, _) in prepared.items() if h not in existing]
    outlets = _outlets([name for _, name in new])
    for article, name in new:
        article.outlet = outlets.get(name)
    try:
        with transaction.atomic():
            Article.objects.bulk_create([a for a, _ in new])
    except IntegrityError:
        # Another upload stored one of these texts meanwhile: one at a time, each
        # losing race answered with the winner's article.
        return [
            r
            if isinstance(r, ValidationError)
            else article_ingest(
                text=items[i].text,
                article_url=items[i].article_url,
                title=items[i].title,
                outlet_name=items[i].outlet_name,
                published=items[i].published,
                uploaded_by=uploaded_by,
            )
            for i, r in enumerate(results)
        ]
    created = {a.content_hash for a, _ in new}
    for content_hash, (article, _, indexes) in prepared.items():
        stored = existing.get(content_hash, article)
        for n, index in enumerate(indexes):
            first_new = content_hash in created and n == 0
            results[index] = IngestResult(stored, created=first_new)
    ids = [a.pk for a, _ in new]
    for first in range(0, len(ids), settings.PARSE_BATCH_SIZE):
        _enqueue_parse_batch(ids[first : first + settings.PARSE_BATCH_SIZE])
    return results


def _article_prepare(
    read: tuple[str, bytes, DecodedUpload, str, str],
    *,
    url: str,
    title: str,
    outlet_name: str,
    published: datetime.date | None,
    uploaded_by,
) -> tuple[Article, str]:
    """An unsaved article from decoded input, and its outlet's name (the outlet
    itself is looked up once for a whole batch)."""
    origin, raw, decoded, content_type, filename = read
    article = Article(
        title=(title or decoded.title or "").strip()[:500],
        url=url[:2000],
        published=published or decoded.published,
        origin=origin,
        original_filename=filename[:255],
        original_content_type=content_type[:100],
        original=raw,
        text=decoded.text,
        content_hash=hashlib.sha256(decoded.text.encode("utf-8")).hexdigest(),
        uploaded_by=uploaded_by,
    )
    return article, (outlet_name or decoded.outlet or "").strip()[:200]


def _outlets(names: list[str]) -> dict[str, Outlet]:
    """The outlets of these names, created where new (blank names have none)."""
    return {
        name: Outlet.objects.get_or_create(name=name)[0]
        for name in sorted(set(names) - {""})
    }


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


def _enqueue_parse(article_id: int, *, countdown: float = 0) -> None:
    from claims.tasks import article_extract_claims_task  # tasks import this module

    # robust: with the broker down the upload is still stored and the caller gets
    # its article; the failure is logged and the beat sweep (article_requeue_stale)
    # queues the parse once the broker is back.
    transaction.on_commit(
        lambda: article_extract_claims_task.apply_async(
            (article_id,), countdown=countdown or None
        ),
        robust=True,
    )


def _enqueue_parse_batch(article_ids: list[int]) -> None:
    from claims.tasks import articles_extract_claims_task  # tasks import this module

    transaction.on_commit(
        lambda: articles_extract_claims_task.delay(article_ids), robust=True
    )


def article_extract_claims(*, article_id: int) -> list[Claim]:
    """Run the extraction engine on an article; replace its claims in one transaction.

    Safe to run twice: the second run replaces the first run's claims. An engine
    failure marks the article failed with a readable error once it has used its
    attempts; before that it raises ArticleParseError so the task retries.
    """
    started = _articles_start_parse([article_id])
    if not started:
        return []
    (article,) = started
    try:
        extracted = _extract(article, source_catalog())
    except ArticleParseError:
        if article.status == Article.Status.FAILED:
            return []
        raise
    return _articles_store_claims([(article, extracted)])[article.pk]


def articles_extract_claims(*, article_ids: list[int]) -> int:
    """Parse a batch of articles: each extracted on its own, all stored and regrouped
    in one transaction (each measure regrouped once for the batch). Returns how
    many were parsed.

    An article the engine fails on leaves the batch and is retried on its own. A
    batch that finds an article already started by an earlier delivery (a worker
    died or a query failed mid-batch) is broken up into one task per article, so
    an article that kills its worker costs only itself its attempts.
    """
    if _batch_was_interrupted(article_ids):
        for article_id in article_ids:
            _enqueue_parse(article_id)
        return 0
    parsed = []
    catalog = source_catalog()  # read once: a batch is parsed against one catalog
    for article in _articles_start_parse(article_ids):
        try:
            parsed.append((article, _extract(article, catalog)))
        except ArticleParseError:
            if article.status != Article.Status.FAILED:
                _enqueue_parse(article.pk, countdown=2)
    _articles_store_claims(parsed)
    return len(parsed)


def _batch_was_interrupted(article_ids: list[int]) -> bool:
    return Article.objects.filter(
        pk__in=article_ids, status=Article.Status.PARSING
    ).exists()


def _extract(article: Article, catalog: SourceCatalog) -> list[ExtractedClaim]:
    """The engine's claims for an article. On failure the article is marked pending
    with the error (failed once out of attempts) and ArticleParseError raised."""
    try:
        return extract_claims(article.text, catalog)
    except (
        Exception
    ) as exc:  # the engine on untrusted text: any failure is the article's
        logger.exception("Extraction failed for article %s", article.pk)
        message = f"Extraction failed: {type(exc).__name__}: {exc}"[:2000]
        exhausted = article.parse_attempts >= settings.PARSE_MAX_ATTEMPTS
        status = Article.Status.FAILED if exhausted else Article.Status.PENDING
        _article_set_status(article, status, error=message)
        raise ArticleParseError(message) from exc


def _articles_start_parse(article_ids: list[int]) -> list[Article]:
    """Lock the articles, count the attempt, mark them parsing; those to parse."""
    started = []
    with transaction.atomic():
        for article in Article.objects.select_for_update().filter(pk__in=article_ids):
            if article.status == Article.Status.PARSED and (
                article.extractor_version == EXTRACTOR_VERSION
            ):
                continue  # a redelivered task for work already done
            if article.parse_attempts >= settings.PARSE_MAX_ATTEMPTS:
                # A worker died mid-parse on each attempt (e.g. killed, out of
                # memory).
                _article_set_status(
                    article,
                    Article.Status.FAILED,
                    error=article.error
                    or f"Parsing did not finish after "
                    f"{settings.PARSE_MAX_ATTEMPTS} attempts.",
                )
                continue
            article.parse_attempts += 1
            started.append(article)
        now = timezone.now()
        Article.objects.filter(pk__in=[a.pk for a in started]).update(
            parse_attempts=F("parse_attempts") + 1,
            status=Article.Status.PARSING,
            status_changed_at=now,
        )
        for article in started:
            article.status, article.status_changed_at = Article.Status.PARSING, now
    return started


def _articles_store_claims(
    parsed: list[tuple[Article, list[ExtractedClaim]]],
) -> dict[int, list[Claim]]:
    """Replace the articles' claims, regroup what they touch and mark them parsed,
    all in one transaction: a failure leaves every article as it was."""
    if not parsed:
        return {}
    source_ids = source_ids_by_slug()
    claims = {
        article.pk: [
            _claim_from_extracted(
                article, x, source_ids, article.published or article.uploaded_at.date()
            )
            for x in extracted
        ]
        for article, extracted in parsed
    }
    with transaction.atomic():
        old = Claim.objects.filter(article_id__in=claims.keys())
        previous_groups = set(old.values_list("group_id", flat=True)) - {None}
        old.delete()
        Claim.objects.bulk_create(
            [c for cs in claims.values() for c in cs], batch_size=500
        )
        Claim.objects.filter(article_id__in=claims.keys()).index_for_search()
        corrections_apply_many(article_ids=list(claims))
        groups_refresh_for_articles(
            article_ids=list(claims), previous_groups=previous_groups
        )
        now = timezone.now()
        done = {
            "status": Article.Status.PARSED,
            "status_changed_at": now,
            "parsed_at": now,
            "error": "",
            "extractor_version": EXTRACTOR_VERSION,
        }
        Article.objects.filter(pk__in=claims.keys()).update(**done)
        for article, _ in parsed:
            for field, value in done.items():
                setattr(article, field, value)
        webhook_fire_articles_parsed(
            [(article, len(claims[article.pk])) for article, _ in parsed]
        )
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
