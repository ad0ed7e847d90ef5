"""Comparison groups in the API: list, detail with its ETag, and the guarded verdict."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.exports import card_json
from claims.filters import GroupFilter
from claims.models import Claim, ComparisonGroup, Grade, Review, Verdict
from claims.serializers import GroupDetailSerializer, GroupSerializer
from claims.views.exports import group_card, group_claim_review
from config.api_errors import PreconditionFailed, PreconditionRequired

ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description='The group\'s version, e.g. "group-12-v3": send it back in If-Match',
)


def group_etag(group: ComparisonGroup) -> str:
    """Strong ETag from the version that every change of the group bumps."""
    return f'"group-{group.pk}-v{group.version}"'


def if_match_versions(header: str, group_id: int) -> set[int]:
    return {int(v) for v in re.findall(rf'"group-{group_id}-v(\d+)"', header)}


def group_detail_queryset() -> QuerySet[ComparisonGroup]:
    claims = (
        Claim.objects.with_source()
        .select_related("group")
        .defer("article__text", "article__original", "search_vector")
        .annotate(
            interval_low=Coalesce(F("low"), F("value")),
            interval_high=Coalesce(F("high"), F("value")),
        )
        .order_by("as_of", "pk")
    )
    return (
        ComparisonGroup.objects.with_claim_counts()
        .select_related("assigned_to")
        .prefetch_related(
            Prefetch("claims", queryset=claims),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        )
    )


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Comparison groups; the detail's ETag guards the verdict."""

    filterset_class = GroupFilter
    ordering_fields = ("id", "as_of_to")
    ordering = ("-id",)
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[ComparisonGroup]:
        if self.action == "retrieve":
            return group_detail_queryset()
        return ComparisonGroup.objects.with_claim_counts()

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return GroupDetailSerializer if self.action == "retrieve" else GroupSerializer

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        group = self.get_object()
        data = self.get_serializer(group).data
        return Response(data, headers={"ETag": group_etag(group)})


class GroupVerdictApi(APIView):
    """Record a verdict; If-Match must carry the ETag of the group as last read."""

    required_permission = "claims.add_review"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "GroupVerdictInput"  # a unique schema component name

        verdict = serializers.ChoiceField(choices=Verdict.choices, allow_blank=True)
        grade = serializers.ChoiceField(
            choices=Grade.choices, required=False, allow_blank=True
        )
        note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
        assigned_to = serializers.PrimaryKeyRelatedField(
            queryset=get_user_model().objects.none(),
            required=False,
            allow_null=True,
            help_text="User id of a reviewer or editor",
        )

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.fields["assigned_to"].queryset = selectors.assignable_users()

    @extend_schema(
        request=InputSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="The ETag from GET /api/v1/groups/{id}/",
            ),
            ETAG_HEADER,
        ],
        responses={
            200: GroupDetailSerializer,
            412: OpenApiResponse(description="The group changed: read it again"),
            428: OpenApiResponse(description="If-Match is missing"),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        group = get_object_or_404(ComparisonGroup, pk=pk)
        header = request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired()
        if group.version not in if_match_versions(header, group.pk):
            raise PreconditionFailed(
                f"The group is now at {group_etag(group)}: read it again first."
            )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.review_submit(
                group=group,
                reviewer=request.user,
                verdict=data["verdict"],
                note=data.get("note", ""),
                grade=data.get("grade", ""),
                assigned_to=data.get("assigned_to"),
                expected_version=group.version,
            )
        except services.GroupChanged as exc:  # a colleague saved in between
            raise PreconditionFailed(str(exc)) from exc
        group = group_detail_queryset().get(pk=pk)
        data = GroupDetailSerializer(group, context={"request": request}).data
        return Response(data, headers={"ETag": group_etag(group)})


class GroupClaimReviewApi(APIView):
    """schema.org ClaimReview (JSON-LD) of a reviewed group, as fact-checkers publish
    it for search engines; 404 until the group has a publishable verdict."""

    def get_queryset(self) -> QuerySet[ComparisonGroup]:
        return ComparisonGroup.objects.all()  # for the role permission check

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse()})
    def get(self, request: Request, pk: int) -> Response:
        markup = group_claim_review(request._request, pk)
        return Response(markup, content_type="application/ld+json")


class GroupFigureCardApi(APIView):
    """The figure card of a reviewed group: one attribution-safe sentence per source,
    low/best/high and links to the sentences."""

    def get_queryset(self) -> QuerySet[ComparisonGroup]:
        return ComparisonGroup.objects.all()

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse()})
    def get(self, request: Request, pk: int) -> Response:
        return Response(card_json(group_card(request._request, pk)))
