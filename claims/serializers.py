"""How the API shows articles, claims, groups and reviews: fields listed, no logic."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from claims.models import Article, Claim, ComparisonGroup, Review
from sources.models import Source


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ("id", "slug", "name")


class ClaimSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    source = SourceBriefSerializer(read_only=True, allow_null=True)
    conflicting = serializers.BooleanField(
        source="group.conflicting",
        read_only=True,
        allow_null=True,
        help_text="Whether the claim's group is conflicting (null: no group)",
    )

    class Meta:
        model = Claim
        fields = (
            "id",
            "url",
            "article",
            "quote",
            "value",
            "low",
            "high",
            "qualifier",
            "unit",
            "category",
            "equipment_type",
            "party",
            "source",
            "attribution",
            "as_of",
            "period",
            "subset",
            "stale",
            "group",
            "conflicting",
            "extractor_version",
        )


# Any id: reversed once, it marks where each row's id goes in the detail URL.
_URL_ID = 987654321
_THOUSANDTH = Decimal("0.001")


def _figure(value: Decimal | None) -> str | None:
    """A figure as ClaimSerializer's DecimalField writes it: a string, 3 decimals."""
    return None if value is None else f"{value.quantize(_THOUSANDTH):f}"


# ClaimSerializer's fields, written from `selectors.claim_list()` rows. A page through
# field objects cost a `reverse()` and about twenty field calls a claim; this writes
# each row with plain lookups, and every URL from one template reversed per request.
# Same fields and schema (no docstring: it would become the schema's description);
# tests/api/test_claim_list_rows.py holds its rows to the detail's.
@extend_schema_serializer(component_name="Claim")
class ClaimListSerializer(ClaimSerializer):
    @cached_property
    def _url_parts(self) -> tuple[str, str]:
        url = reverse(
            "api:claim-detail",
            kwargs={"pk": _URL_ID},
            request=self.context.get("request"),
            format=self.context.get("format"),
        )
        head, _, tail = url.rpartition(str(_URL_ID))
        return head, tail

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        head, tail = self._url_parts
        as_of = row["as_of"]
        return {
            "id": row["id"],
            "url": f"{head}{row['id']}{tail}",
            "article": row["article_id"],
            "quote": row["quote"],
            "value": _figure(row["value"]),
            "low": _figure(row["low"]),
            "high": _figure(row["high"]),
            "qualifier": row["qualifier"],
            "unit": row["unit"],
            "category": row["category"],
            "equipment_type": row["equipment_type"],
            "party": row["party"],
            "source": None
            if row["source_id"] is None
            else {
                "id": row["source_id"],
                "slug": row["source__slug"],
                "name": row["source__name"],
            },
            "attribution": row["attribution"],
            "as_of": None if as_of is None else as_of.isoformat(),
            "period": row["period"],
            "subset": row["subset"],
            "stale": row["stale"],
            "group": row["group_id"],
            "conflicting": row["conflicting"],
            "extractor_version": row["extractor_version"],
        }


class ClaimDetailSerializer(ClaimSerializer):
    class Meta(ClaimSerializer.Meta):
        fields = (
            *ClaimSerializer.Meta.fields,
            "start",
            "end",
            "sentence",
            "sentence_start",
            "corrected",
        )


class GroupClaimSerializer(ClaimDetailSerializer):
    """A claim inside a group, with the interval it stands for (a value is [v, v])."""

    interval_low = serializers.DecimalField(
        max_digits=16, decimal_places=3, read_only=True, allow_null=True
    )
    interval_high = serializers.DecimalField(
        max_digits=16, decimal_places=3, read_only=True, allow_null=True
    )

    class Meta(ClaimDetailSerializer.Meta):
        fields = (*ClaimDetailSerializer.Meta.fields, "interval_low", "interval_high")


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    source_url = serializers.URLField(
        source="url", read_only=True, help_text="Where the article was published"
    )
    outlet = serializers.CharField(
        source="outlet.name", read_only=True, allow_null=True
    )
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = (
            "id",
            "url",
            "title",
            "outlet",
            "source_url",
            "published",
            "origin",
            "status",
            "error",
            "claim_count",
            "uploaded_at",
            "parsed_at",
            "extractor_version",
        )


class ArticleDetailSerializer(ArticleSerializer):
    claims = ClaimDetailSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = (*ArticleSerializer.Meta.fields, "text", "claims")


class ArticleReceiptSerializer(serializers.Serializer):
    """What an upload or re-parse answers: where the article is and how it stands."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The article in the API: poll it for status")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Article.Status.choices)
    duplicate = serializers.BooleanField(
        help_text="True when the same text was already uploaded: this is that article"
    )


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(
        source="reviewer.username", read_only=True, allow_null=True
    )

    class Meta:
        model = Review
        fields = (
            "id",
            "created_at",
            "reviewer",
            "verdict",
            "previous_verdict",
            "grade",
            "previous_grade",
            "assigned_to",
            "previous_assigned_to",
            "note",
        )


class GroupSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:group-detail")
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ComparisonGroup
        fields = (
            "id",
            "url",
            "category",
            "equipment_type",
            "party",
            "unit",
            "period",
            "subset",
            "as_of_from",
            "as_of_to",
            "conflicting",
            "reason",
            "low",
            "best",
            "high",
            "spread",
            "suggested_grade",
            "verdict",
            "grade",
            "note",
            "assigned_to",
            "version",
            "claim_count",
        )


class GroupDetailSerializer(GroupSerializer):
    claims = GroupClaimSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True, help_text="Newest first")

    class Meta(GroupSerializer.Meta):
        fields = (*GroupSerializer.Meta.fields, "synthesis_rule", "claims", "reviews")
