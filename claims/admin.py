"""Articles, claims and webhooks in the admin: status filters, re-queue actions,
read-only claims linked to their article, webhook deliveries."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from claims import services, webhooks
from claims.models import Article, Claim, Webhook, WebhookDelivery, WebhookEvent


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
    list_filter = ("status", "origin", "extractor_version", "outlet")
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
    actions = ["requeue", "requeue_failed"]

    @admin.action(
        description="Re-parse (queue for parsing again)", permissions=["reparse"]
    )
    def requeue(self, request, queryset) -> None:
        for article in queryset:
            services.article_requeue(article=article)
        messages.success(request, f"{queryset.count()} article(s) queued for parsing.")

    @admin.action(description="Re-queue the failed ones", permissions=["reparse"])
    def requeue_failed(self, request, queryset) -> None:
        failed = list(queryset.filter(status=Article.Status.FAILED))
        for article in failed:
            services.article_requeue(article=article)
        messages.success(request, f"{len(failed)} failed article(s) queued again.")

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
        "article_link",
        "as_of",
    )
    list_filter = ("category", "party", "qualifier")
    list_select_related = ("source", "article")
    search_fields = ("quote", "sentence", "attribution")
    exclude = ("search_vector",)

    @admin.display(description="Article", ordering="article")
    def article_link(self, claim: Claim) -> str:
        url = reverse("claims:article-detail", args=[claim.article_id])
        return format_html('<a href="{}#claim-{}">{}</a>', url, claim.pk, claim.article)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class WebhookForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ("owner", "url", "events", "active")

    def clean_url(self) -> str:
        # The same address policy deliveries use: no private or internal targets.
        webhooks.webhook_url_check(self.cleaned_data["url"])
        return self.cleaned_data["url"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("url", "owner", "event_list", "active", "created_at")
    list_filter = ("active",)
    list_select_related = ("owner",)
    search_fields = ("url", "owner__username")
    readonly_fields = ("secret", "created_at")
    autocomplete_fields = ("owner",)

    @admin.display(description="Events")
    def event_list(self, webhook: Webhook) -> str:
        return ", ".join(webhook.events)

    def get_changeform_initial_data(self, request) -> dict:
        return {"owner": request.user.pk}


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "event",
        "webhook",
        "status",
        "attempts",
        "response_code",
        "created_at",
        "last_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event")
    list_select_related = ("webhook",)
    search_fields = ("webhook__url", "error")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
