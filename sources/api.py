"""Sources in the API: list, detail, and resolving an attribution to a source."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sources.models import Source
from sources.selectors import source_catalog
from sources.serializers import SourceResolveSerializer, SourceSerializer


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Curated sources with aliases, parent and children."""

    serializer_class = SourceSerializer
    filterset_fields = ("kind", "side", "parent")
    ordering_fields = ("id", "name")
    ordering = ("-id",)
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Source]:
        return Source.objects.with_aliases().prefetch_related("children")

    class ResolveInputSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=1000, help_text="Attribution as written")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description="e.g. Ukraine's Armed Forces"
            )
        ],
        responses=SourceResolveSerializer,
    )
    @action(detail=False, pagination_class=None, filter_backends=[])
    def resolve(self, request: Request) -> Response:
        """The source an attribution names, by the extraction engine's catalog."""
        params = self.ResolveInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        q = params.validated_data["q"]
        slug = source_catalog().resolve(q)
        source = self.get_queryset().filter(slug=slug).first() if slug else None
        data = SourceResolveSerializer(
            {"q": q, "source": source}, context=self.get_serializer_context()
        ).data
        return Response(data)
