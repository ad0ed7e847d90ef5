"""The API's list filters, declared once: validated, and documented in the schema."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from claims.models import (
    Article,
    Category,
    Claim,
    ComparisonGroup,
    EquipmentType,
    Party,
    Verdict,
)
from claims.selectors import STATUSES, source_descendant_ids

# Bounds the database can compare: a larger id or figure is a 400, not an overflow.
ID = {"min_value": 1, "max_value": 2**63 - 1}
FIGURE = {"min_value": -(10**13), "max_value": 10**13}


class ArticleFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Article.Status.choices)
    outlet = filters.NumberFilter(field_name="outlet_id", help_text="Outlet id", **ID)
    outlet_name = filters.CharFilter(
        field_name="outlet__name", lookup_expr="iexact", help_text="Outlet name"
    )
    published = filters.DateFromToRangeFilter(
        help_text="published_after / published_before (inclusive dates)"
    )

    class Meta:
        model = Article
        fields = ("status", "outlet", "outlet_name", "published")


class ClaimFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Category.choices)
    party = filters.ChoiceFilter(choices=Party.choices)
    equipment_type = filters.ChoiceFilter(choices=EquipmentType.choices)
    source = filters.NumberFilter(
        method="filter_source",
        help_text="Source id; includes the sources under it",
        **ID,
    )
    article = filters.NumberFilter(
        field_name="article_id", help_text="Article id", **ID
    )
    as_of = filters.DateFromToRangeFilter(help_text="as_of_after / as_of_before")
    value_min = filters.NumberFilter(
        method="filter_value_min",
        help_text="Figure (or range's low) at least this",
        **FIGURE,
    )
    value_max = filters.NumberFilter(
        method="filter_value_max",
        help_text="Figure (or range's high) at most this",
        **FIGURE,
    )
    has_conflict = filters.BooleanFilter(
        field_name="group__conflicting", help_text="The claim's group is conflicting"
    )
    q = filters.CharFilter(method="filter_q", help_text="Text search")

    class Meta:
        model = Claim
        fields = ("category", "party", "equipment_type", "article")

    def filter_source(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(source_id__in=source_descendant_ids(int(value)))

    def filter_value_min(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(Q(value__gte=value) | Q(low__gte=value))

    def filter_value_max(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(Q(value__lte=value) | Q(high__lte=value))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)


GROUP_STATUSES = [
    *((key, label) for key, (label, _) in STATUSES.items()),
    *Verdict.choices,
]


class GroupFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=GROUP_STATUSES,
        method="filter_status",
        help_text="open, unreviewed, reviewed, or a verdict (as on the dashboard)",
    )
    verdict = filters.ChoiceFilter(choices=Verdict.choices)
    conflicting = filters.BooleanFilter()
    category = filters.ChoiceFilter(choices=Category.choices)
    party = filters.ChoiceFilter(choices=Party.choices)

    class Meta:
        model = ComparisonGroup
        fields = ("status", "verdict", "conflicting", "category", "party")

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value in STATUSES:
            return queryset.filter(STATUSES[value][1])
        return queryset.filter(verdict=value)
