"""Source curation in the admin: sources with their aliases inline, outlets."""

from django.contrib import admin

from sources.models import Outlet, Source, SourceAlias


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    fields = ("alias",)
    extra = 1


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "parent", "side", "country")
    list_filter = ("kind", "side", "country")
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "aliases__alias")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [SourceAliasInline]


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "website")
    search_fields = ("name",)
