"""Article pages: list, upload, detail with highlighted claims, re-queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims import services
from claims.forms import ArticleUploadForm
from claims.highlight import text_segments
from claims.models import Article, Claim


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.for_list()
    status = request.GET.get("status", "")
    if status in Article.Status.values:
        articles = articles.filter(status=status)
    page = Paginator(articles, 50).get_page(request.GET.get("page"))
    counts = dict(Article.objects.values_list("status").annotate(n=Count("pk")))
    status_counts = [
        (value, label, counts.get(value, 0)) for value, label in Article.Status.choices
    ]
    return render(
        request,
        "claims/article_list.html",
        {"page": page, "status": status, "status_counts": status_counts},
    )


@login_required
@permission_required("claims.add_article", raise_exception=True)
def article_upload(request: HttpRequest) -> HttpResponse:
    form = ArticleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"] and services.Upload(
            data=data["file"].read(),
            filename=data["file"].name,
            content_type=data["file"].content_type or "",
        )
        try:
            result = services.article_ingest(
                text=data["text"] or None,
                upload=upload or None,
                url=data["url"],
                title=data["title"],
                outlet_name=data["outlet"],
                published=data["published"],
                uploaded_by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if result.created:
                messages.success(
                    request, "Article stored; its claims are being extracted."
                )
            else:
                messages.info(request, "This article was already uploaded; here it is.")
            return redirect("claims:article-detail", pk=result.article.pk)
    return render(
        request,
        "claims/article_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet", "uploaded_by").defer("original"), pk=pk
    )
    claims = list(Claim.objects.for_article(article.pk).with_source())
    return render(
        request,
        "claims/article_detail.html",
        {
            "article": article,
            "claims": claims,
            "segments": text_segments(article.text, claims),
        },
    )


@login_required
@require_POST
@permission_required("claims.reparse_article", raise_exception=True)
def article_requeue(request: HttpRequest, pk: int) -> HttpResponse:
    article = services.article_requeue(article=get_object_or_404(Article, pk=pk))
    messages.success(request, "Article queued for parsing again.")
    return redirect("claims:article-detail", pk=article.pk)
