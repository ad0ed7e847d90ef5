"""Claims in the API: a filtered, cursor-paged list; detail with sentence, offsets."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from claims.filters import ClaimFilter
from claims.models import Claim
from claims.selectors import claim_list
from claims.serializers import ClaimDetailSerializer, ClaimListSerializer


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Extracted claims, newest first; `?ordering=as_of`/`-as_of` lists dated ones."""

    filterset_class = ClaimFilter
    ordering_fields = ("id", "as_of")
    ordering = ("-id",)
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Claim]:
        if self.action == "list":
            claims = claim_list()
        else:
            claims = (
                Claim.objects.with_source()
                .select_related("group")
                .defer("article__text", "article__original", "search_vector")
            )
        if "as_of" in self.request.query_params.get("ordering", ""):
            # A cursor cannot step past NULLs: ordering by date lists dated claims.
            claims = claims.filter(as_of__isnull=False)
        return claims

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return (
            ClaimDetailSerializer if self.action == "retrieve" else ClaimListSerializer
        )
