"""Top-level URLs: login, dashboard, article and group pages, the admin, the API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims import views as claims_views

urlpatterns = [
    path("", claims_views.dashboard, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api")),
    path("", include("claims.urls")),
]
