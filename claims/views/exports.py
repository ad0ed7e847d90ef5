"""Exports: figure cards and ClaimReview of reviewed groups; CSV of the dashboard."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from claims import exports, selectors
from claims.models import Claim, ComparisonGroup
from claims.views.groups import dashboard_filters

CARD_FORMATS = {
    "txt": "text/plain; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}
CSV_CHUNK = 1000


def group_card(request: HttpRequest, pk: int) -> exports.FigureCard:
    """The figure card of a reviewed group, its links absolute for this request
    (the API serves the same card and ClaimReview)."""
    group = get_object_or_404(
        ComparisonGroup, pk=pk, verdict__in=exports.PUBLISHABLE_VERDICTS
    )

    def link(kind: str, claim: Claim | None) -> str:
        if claim is None:
            return request.build_absolute_uri(reverse("claims:group-detail", args=[pk]))
        path = reverse("claims:article-detail", args=[claim.article_id])
        return request.build_absolute_uri(f"{path}#claim-{claim.pk}")

    return exports.figure_card(group, selectors.group_claims(pk), link)


@login_required
def group_export_card(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CARD_FORMATS:
        raise Http404("Unknown export format")
    card = group_card(request, pk)
    if fmt == "json":
        body = json.dumps(exports.card_json(card), ensure_ascii=False, indent=2)
    else:
        body = exports.card_text(card) if fmt == "txt" else exports.card_html(card)
    response = HttpResponse(body, content_type=CARD_FORMATS[fmt])
    response["Content-Disposition"] = f'inline; filename="group-{pk}-card.{fmt}"'
    return response


def group_claim_review(request: HttpRequest, pk: int) -> dict:
    """ClaimReview JSON-LD of a reviewed group (404 without a publishable verdict)."""
    reviewed = selectors.group_review_date(pk) or timezone.localdate()
    return exports.claim_review(
        group_card(request, pk),
        newsroom=settings.NEWSROOM_NAME,
        newsroom_url=settings.NEWSROOM_URL,
        published=reviewed,
    )


@login_required
def group_export_claimreview(request: HttpRequest, pk: int) -> HttpResponse:
    markup = group_claim_review(request, pk)
    return HttpResponse(
        json.dumps(markup, ensure_ascii=False, indent=2),
        content_type="application/ld+json",
    )


class _Echo:
    """A file-like object csv.writer writes into, handing each line straight back."""

    def write(self, value: str) -> str:
        return value


def _csv_response(name: str, header, rows) -> StreamingHttpResponse:
    lines = exports.csv_lines(header, rows, csv.writer(_Echo()))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="tally-{name}-{stamp}.csv"'
    return response


@login_required
def claims_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every claim the dashboard's filters select, streamed row by row."""
    _, filters = dashboard_filters(request)
    claims = selectors.dashboard_claims(filters).iterator(chunk_size=CSV_CHUNK)
    rows = (exports.claim_row(c) for c in claims)
    return _csv_response("claims", exports.CLAIM_COLUMNS, rows)


@login_required
def groups_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The dashboard's groups with its filters, streamed (prefetched by chunk)."""
    _, filters = dashboard_filters(request)
    groups = selectors.dashboard_groups(filters).iterator(chunk_size=CSV_CHUNK)
    return _csv_response("groups", exports.GROUP_COLUMNS, _group_rows(groups))


def _group_rows(groups: Iterator[ComparisonGroup]) -> Iterator[list[str]]:
    """CSV rows, the sources' names read once for each chunk of groups."""
    while chunk := list(itertools.islice(groups, CSV_CHUNK)):
        sources = selectors.group_source_names(g.pk for g in chunk)
        yield from (exports.group_row(g, sources[g.pk]) for g in chunk)
