"""Articles and claims in the admin: status filters, re-queue action, read-only claims."""

from django.contrib import admin, messages

from claims import services
from claims.models import Article, Claim


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "outlet",
        "published",
        "status",
        "parse_attempts",
        "uploaded_at",
    )
    list_filter = ("status", "origin", "outlet")
    list_select_related = ("outlet",)
    search_fields = ("title", "original_filename", "url")
    exclude = ("original", "text")
    readonly_fields = (
        "content_hash",
        "status",
        "status_changed_at",
        "error",
        "parse_attempts",
        "parsed_at",
        "extractor_version",
        "origin",
        "original_filename",
        "original_content_type",
    )
    actions = ["requeue"]

    @admin.action(description="Re-queue for parsing", permissions=["reparse"])
    def requeue(self, request, queryset) -> None:
        for article in queryset:
            services.article_requeue(article=article)
        messages.success(request, f"{queryset.count()} article(s) queued for parsing.")

    def has_reparse_permission(self, request) -> bool:
        return request.user.has_perm("claims.reparse_article")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = (
        "quote",
        "category",
        "equipment_type",
        "party",
        "source",
        "article",
        "as_of",
    )
    list_filter = ("category", "party", "qualifier")
    list_select_related = ("source", "article")
    search_fields = ("quote", "sentence", "attribution")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
