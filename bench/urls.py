"""The product's URLs plus /bench/trivial/: the same middleware, no query, tiny JSON."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("config.urls")),
]
