"""Source curation in the admin: sources with their aliases inline and hierarchy,
merges of duplicates (recorded), outlets."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from sources import services
from sources.models import Outlet, Source, SourceAlias, SourceMerge


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    fields = ("alias", "normalised")
    readonly_fields = ("normalised",)
    extra = 1


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "hierarchy", "kind", "side", "country", "claims_attributed")
    list_filter = ("kind", "country", "side")
    list_select_related = ("parent__parent__parent",)
    search_fields = ("name", "slug", "aliases__alias")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [SourceAliasInline]
    actions = ["merge_sources"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=Count("claims", distinct=True))
        )

    @admin.display(description="Hierarchy")
    def hierarchy(self, source: Source) -> str:
        return " → ".join(s.name for s in [*reversed(source.ancestors), source])

    @admin.display(description="Claims attributed", ordering="claim_count")
    def claims_attributed(self, source: Source) -> int:
        return source.claim_count

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        services.source_aliases_saved(
            alias_ids=[a.pk for a in formset.new_objects]
            + [a.pk for a, _ in formset.changed_objects]
        )

    @admin.action(
        description="Merge selected duplicates into one source…",
        permissions=["change"],
    )
    def merge_sources(self, request: HttpRequest, queryset) -> HttpResponse | None:
        sources = list(queryset.order_by("-claim_count", "pk"))
        if len(sources) < 2:
            self.message_user(
                request, "Select at least two sources to merge.", messages.WARNING
            )
            return None
        keep_id = request.POST.get("keep")
        if "apply" not in request.POST or not keep_id:
            return self._merge_page(request, sources)
        keep = next((s for s in sources if str(s.pk) == keep_id), None)
        if keep is None:
            return self._merge_page(request, sources)
        for duplicate in sources:
            if duplicate.pk != keep.pk:
                try:
                    services.source_merge(
                        keep=keep, duplicate=duplicate, merged_by=request.user
                    )
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                    return None
        self.message_user(
            request,
            f"Merged {len(sources) - 1} source(s) into {keep}.",
            messages.SUCCESS,
        )
        return None

    def _merge_page(self, request: HttpRequest, sources: list[Source]) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge duplicate sources",
            "opts": self.model._meta,
            "rows": [(s, self.hierarchy(s)) for s in sources],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/sources/source/merge.html", context)


@admin.register(SourceMerge)
class SourceMergeAdmin(admin.ModelAdmin):
    list_display = (
        "merged_at",
        "duplicate_name",
        "duplicate_slug",
        "keep",
        "aliases_moved",
        "claims_moved",
        "children_moved",
        "merged_by",
    )
    list_select_related = ("keep", "merged_by")
    search_fields = ("duplicate_name", "duplicate_slug", "keep__name")
    date_hierarchy = "merged_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "website")
    search_fields = ("name",)
