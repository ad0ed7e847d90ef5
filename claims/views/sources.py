"""Source pages: a source's claims (and its descendants'), its conflict record."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims import selectors
from sources.models import Source

CLAIMS_PER_PAGE = 100


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    sources = (
        Source.objects.select_related("parent")
        .annotate(claim_count=Count("claims"))
        .order_by("name")
    )
    return render(request, "sources/source_list.html", {"sources": sources})


@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("parent__parent"), pk=pk)
    record = selectors.source_record(source)
    page = Paginator(record.claims, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "sources/source_detail.html",
        {"record": record, "source": source, "page": page},
    )
