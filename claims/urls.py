"""URLs of the article pages."""

from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("articles/", views.article_list, name="article-list"),
    path("articles/upload/", views.article_upload, name="article-upload"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/requeue/", views.article_requeue, name="article-requeue"),
]
