"""URLs of the dashboard pages: articles, groups, claims, sources."""

from django.urls import path

import config.converters  # noqa: F401  (registers <id:...>)
from claims import views

app_name = "claims"
urlpatterns = [
    path("articles/", views.article_list, name="article-list"),
    path("articles/upload/", views.article_upload, name="article-upload"),
    path("articles/<id:pk>/", views.article_detail, name="article-detail"),
    path("articles/<id:pk>/requeue/", views.article_requeue, name="article-requeue"),
    path("groups/<id:pk>/", views.group_detail, name="group-detail"),
    path("groups/<id:pk>/review/", views.group_review, name="group-review"),
    path("groups/<id:pk>/merge/", views.group_merge, name="group-merge"),
    path("groups/<id:pk>/split/", views.group_split, name="group-split"),
    path(
        "groups/<id:pk>/export/card.<str:fmt>",
        views.group_export_card,
        name="group-export-card",
    ),
    path(
        "groups/<id:pk>/export/claimreview.json",
        views.group_export_claimreview,
        name="group-export-claimreview",
    ),
    path("exports/claims.csv", views.claims_export_csv, name="claims-export-csv"),
    path("exports/groups.csv", views.groups_export_csv, name="groups-export-csv"),
    path("claims/<id:pk>/move/", views.claim_move, name="claim-move"),
    path("claims/<id:pk>/correct/", views.claim_correct, name="claim-correct"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<id:pk>/", views.source_detail, name="source-detail"),
]
