"""The API's URLs: /api/v1/ (router and write actions) and the schema with its docs."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

import config.converters  # noqa: F401  (registers <id:...>)
from claims.api.articles import (
    ArticleBulkUploadApi,
    ArticleReparseApi,
    ArticleUploadApi,
    ArticleViewSet,
)
from claims.api.claims import ClaimViewSet
from claims.api.groups import (
    GroupClaimReviewApi,
    GroupFigureCardApi,
    GroupVerdictApi,
    GroupViewSet,
)
from claims.api.webhooks import WebhookRegisterApi
from sources.api import SourceViewSet

DOCS_CSP = {
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "worker-src": ["'self'", "blob:"],
}

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("groups", GroupViewSet, basename="group")
router.register("sources", SourceViewSet, basename="source")

v1 = [
    # Write actions first: one APIView each, beside the read-only router.
    path("articles/upload/", ArticleUploadApi.as_view(), name="article-upload"),
    path("articles/bulk/", ArticleBulkUploadApi.as_view(), name="article-bulk"),
    path(
        "articles/<id:pk>/reparse/",
        ArticleReparseApi.as_view(),
        name="article-reparse",
    ),
    path("groups/<id:pk>/verdict/", GroupVerdictApi.as_view(), name="group-verdict"),
    path(
        "groups/<id:pk>/claimreview/",
        GroupClaimReviewApi.as_view(),
        name="group-claimreview",
    ),
    path("groups/<id:pk>/card/", GroupFigureCardApi.as_view(), name="group-card"),
    path("webhooks/", WebhookRegisterApi.as_view(), name="webhooks"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, so the docs run
    # under the site's CSP without inline scripts. Both UIs set inline styles and
    # data: icons at run time (ReDoc also a blob: search worker), so their pages
    # alone allow those; inline scripts stay forbidden.
    path(
        "docs/",
        csp_update(DOCS_CSP)(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_update(DOCS_CSP)(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
]
