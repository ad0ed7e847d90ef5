"""API policy set once in REST_FRAMEWORK: role permissions, cursor pages, ordering."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from knox.models import get_token_model
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.request import Request

if TYPE_CHECKING:  # rest_framework.views imports this module through the settings
    from rest_framework.views import APIView


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token check without its purge of the user's other expired tokens.

    knox loads every token of the user on each request to delete the expired
    ones, so each token a user ever created slowed all their requests; the
    presented token's own expiry is still checked, and expired tokens are deleted
    by `api_tokens_delete_expired` (beat, daily).
    """

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class ApiTokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme of ApiTokenAuthentication: knox's own."""

    target_class = "config.api_policy.ApiTokenAuthentication"


def api_tokens_delete_expired() -> int:
    """Delete API tokens past their expiry; how many."""
    expired = get_token_model().objects.filter(expiry__lt=timezone.now())
    return expired.delete()[0]


class RolePermission(DjangoModelPermissions):
    """The dashboard's roles (auth groups holding model permissions) on the API.

    Reads need the model's view permission (viewer). A write view names the one
    permission it needs in `required_permission` (e.g. "claims.add_review").
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request: Request, view: APIView) -> bool:
        required = getattr(view, "required_permission", None)
        if required is None:
            return super().has_permission(request, view)
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(required))


class CursorPage(CursorPagination):
    """Opaque next/previous links and no COUNT(*): pages stay fast on big tables."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` limited to each view's `ordering_fields`, with the id as tiebreak.

    A cursor needs a total order: equal dates are told apart by id, in the same
    direction.
    """

    def get_ordering(
        self, request: Request, queryset: QuerySet, view: APIView
    ) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or ["-id"])
        if ordering[-1].lstrip("-") not in ("id", "pk"):
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return ordering
