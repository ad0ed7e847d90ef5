"""Articles in the API: list and detail, upload (text, file or URL), bulk, re-parse."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.filters import ArticleFilter
from claims.models import Article, Claim
from claims.serializers import (
    ArticleDetailSerializer,
    ArticleReceiptSerializer,
    ArticleSerializer,
)
from config.api_errors import PayloadTooLarge

BULK_MAX_ITEMS = 1000
BULK_RESULTS = ("created", "duplicate", "rejected")


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Uploaded articles with their parse status; the detail adds text and claims."""

    filterset_class = ArticleFilter
    ordering_fields = ("id", "uploaded_at")
    ordering = ("-id",)
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Article]:
        if self.action == "retrieve":
            claims = Claim.objects.with_source().select_related("group")
            return (
                Article.objects.select_related("outlet")
                .with_claim_counts()
                .prefetch_related(Prefetch("claims", queryset=claims.in_text_order()))
            )
        return Article.objects.for_list()

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return (
            ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer
        )


def article_receipt(request: Request, result: services.IngestResult) -> Response:
    """202 with the article's URL for a new upload, 200 for a duplicate."""
    article = result.article
    url = request.build_absolute_uri(reverse("api:article-detail", args=[article.pk]))
    data = ArticleReceiptSerializer(
        {
            "id": article.pk,
            "url": url,
            "title": article.title,
            "status": article.status,
            "duplicate": not result.created,
        }
    ).data
    code = status.HTTP_202_ACCEPTED if result.created else status.HTTP_200_OK
    return Response(data, status=code, headers={"Location": url})


class ArticleUploadApi(APIView):
    """Upload one article as JSON text, a multipart file, or a URL to fetch."""

    required_permission = "claims.add_article"
    throttle_scope = "uploads"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ArticleUploadInput"  # a unique schema component name

        text = serializers.CharField(
            required=False, trim_whitespace=False, help_text="The article's text"
        )
        file = serializers.FileField(
            required=False, help_text="A .txt or .html file (multipart only)"
        )
        source_url = serializers.URLField(
            required=False,
            max_length=2000,
            help_text="Where the article was published; fetched when no text or "
            "file is given",
        )
        title = serializers.CharField(required=False, max_length=500, allow_blank=True)
        outlet = serializers.CharField(
            required=False, max_length=200, allow_blank=True, help_text="Publisher"
        )
        published = serializers.DateField(required=False, allow_null=True)

    @extend_schema(
        request={
            "application/json": InputSerializer,
            "multipart/form-data": InputSerializer,
        },
        responses={
            202: OpenApiResponse(ArticleReceiptSerializer, "Stored and queued"),
            200: OpenApiResponse(ArticleReceiptSerializer, "Already uploaded"),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        text, upload = data.get("text"), _upload(data.get("file"))
        source_url = data.get("source_url", "")
        fetch = text is None and upload is None
        result = services.article_ingest(
            text=text,
            upload=upload,
            url=source_url if fetch else "",
            article_url="" if fetch else source_url,
            title=data.get("title", ""),
            outlet_name=data.get("outlet", ""),
            published=data.get("published"),
            uploaded_by=request.user,
        )
        return article_receipt(request, result)


def _upload(file: Any) -> services.Upload | None:
    if file is None:
        return None
    if file.size > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES / 1024 / 1024
        raise PayloadTooLarge(f"The file is over the {limit:.0f} MB limit.")
    return services.Upload(
        data=file.read(), filename=file.name or "", content_type=file.content_type or ""
    )


class JSONLinesParser(BaseParser):
    """One JSON object per line (JSON Lines / NDJSON); blank lines are skipped."""

    media_type = "application/x-ndjson"

    def parse(self, stream, media_type=None, parser_context=None) -> list[Any]:
        items = []
        for number, line in enumerate(stream.read().decode("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except ValueError as exc:
                raise ParseError(f"Line {number} is not valid JSON: {exc}") from exc
        return items


class JSONLParser(JSONLinesParser):
    media_type = "application/jsonl"


class BulkItemResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position in the request, from 0")
    result = serializers.ChoiceField(choices=BULK_RESULTS)
    id = serializers.IntegerField(allow_null=True)
    url = serializers.URLField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField())
    )


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicate = serializers.IntegerField()
    rejected = serializers.IntegerField()
    items = BulkItemResultSerializer(many=True)


class ArticleBulkUploadApi(APIView):
    """Upload up to 1,000 articles; each is stored, found a duplicate, or rejected."""

    required_permission = "claims.add_article"
    throttle_scope = "bulk"
    parser_classes = [JSONParser, JSONLinesParser, JSONLParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ArticleBulkItemInput"  # a unique schema component name

        text = serializers.CharField(trim_whitespace=False)
        source_url = serializers.URLField(
            required=False, max_length=2000, help_text="Recorded, not fetched"
        )
        title = serializers.CharField(required=False, max_length=500, allow_blank=True)
        outlet = serializers.CharField(required=False, max_length=200, allow_blank=True)
        published = serializers.DateField(required=False, allow_null=True)

    @extend_schema(
        request={
            "application/json": InputSerializer(many=True),
            "application/x-ndjson": InputSerializer,
            "application/jsonl": InputSerializer,
        },
        responses={200: BulkResultSerializer},
        description="A JSON array, or JSON Lines (application/x-ndjson or "
        "application/jsonl), of at most 1,000 articles. Each item is stored on its "
        "own; a body that does not parse as a whole is a 400.",
    )
    def post(self, request: Request) -> Response:
        items = request.data
        if not isinstance(items, list):
            raise ParseError("Send a JSON array or JSON Lines of articles.")
        if len(items) > BULK_MAX_ITEMS:
            raise ParseError(f"At most {BULK_MAX_ITEMS} articles per request.")
        rows = self._store(request, items)
        counts = {k: sum(r["result"] == k for r in rows) for k in BULK_RESULTS}
        return Response(BulkResultSerializer({**counts, "items": rows}).data)

    def _store(self, request: Request, items: list[Any]) -> list[dict]:
        """Validate each item, store the valid ones together; a row per item."""
        rows = [
            {"index": i, "id": None, "url": None, "reason": "", "fields": {}}
            for i in range(len(items))
        ]
        valid: list[tuple[int, services.BulkItem]] = []
        for index, item in enumerate(items):
            serializer = self.InputSerializer(data=item)
            if not serializer.is_valid():
                fields = serializer.errors
                reason = " ".join(str(e) for e in fields.pop("non_field_errors", []))
                rows[index].update(
                    result="rejected",
                    reason=reason or "The article is not valid.",
                    fields=fields,
                )
                continue
            data = serializer.validated_data
            valid.append(
                (
                    index,
                    services.BulkItem(
                        text=data["text"],
                        article_url=data.get("source_url", ""),
                        title=data.get("title", ""),
                        outlet_name=data.get("outlet", ""),
                        published=data.get("published"),
                    ),
                )
            )
        results = services.articles_ingest_bulk(
            [item for _, item in valid], uploaded_by=request.user
        )
        for (index, _), result in zip(valid, results, strict=True):
            if isinstance(result, ValidationError):
                rows[index].update(result="rejected", reason=" ".join(result.messages))
                continue
            rows[index].update(
                result="created" if result.created else "duplicate",
                id=result.article.pk,
                url=request.build_absolute_uri(
                    reverse("api:article-detail", args=[result.article.pk])
                ),
            )
        return rows


class ArticleReparseApi(APIView):
    """Queue an article for parsing again, with fresh attempts (editors)."""

    required_permission = "claims.reparse_article"

    @extend_schema(request=None, responses={202: ArticleReceiptSerializer})
    def post(self, request: Request, pk: int) -> Response:
        article = get_object_or_404(Article.objects.defer("text", "original"), pk=pk)
        article = services.article_requeue(article=article)
        return article_receipt(request, services.IngestResult(article, created=True))
