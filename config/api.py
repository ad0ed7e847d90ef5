"""The API's URLs: /api/v1/ (router and write actions) and the schema with its docs."""

from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.routers import DefaultRouter

from claims.api.articles import (
    ArticleBulkUploadApi,
    ArticleReparseApi,
    ArticleUploadApi,
    ArticleViewSet,
)
from claims.api.claims import ClaimViewSet
from claims.api.groups import GroupVerdictApi, GroupViewSet
from sources.api import SourceViewSet

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
        "articles/<int:pk>/reparse/",
        ArticleReparseApi.as_view(),
        name="article-reparse",
    ),
    path("groups/<int:pk>/verdict/", GroupVerdictApi.as_view(), name="group-verdict"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"
    ),
    path(
        "redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"
    ),
]
