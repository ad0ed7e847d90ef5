"""Group pages: conflicts dashboard, compare page, verdicts, moves, corrections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.forms import (
    ClaimCorrectForm,
    ClaimMoveForm,
    DashboardFilterForm,
    GroupMergeForm,
    GroupSplitForm,
    ReviewForm,
)
from claims.models import Claim, ComparisonGroup

GROUPS_PER_PAGE = 30


def dashboard_filters(
    request: HttpRequest,
) -> tuple[DashboardFilterForm, selectors.DashboardFilters]:
    """The dashboard's filter form and what it asks for (the CSV exports reuse it)."""
    form = DashboardFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DashboardFilters(
        category=data.get("category", ""),
        party=data.get("party", ""),
        source_id=data["source"].pk if data.get("source") else None,
        as_of_from=data.get("as_of_from"),
        as_of_to=data.get("as_of_to"),
        status=data.get("status", ""),
        q=data.get("q", ""),
    )
    return form, filters


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = dashboard_filters(request)
    groups = selectors.dashboard_groups(filters)
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    sources = selectors.group_source_names(g.pk for g in page)
    for group in page:
        group.source_names = sources[group.pk]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "claims/dashboard.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "status_counts": selectors.dashboard_status_counts(),
        },
    )


def _render_group(
    request: HttpRequest,
    group: ComparisonGroup,
    *,
    review_form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    assignable = selectors.assignable_users()
    review_form = review_form or ReviewForm(
        assignable=assignable,
        initial={
            "verdict": group.verdict,
            "grade": group.grade,
            "note": group.note,
            "assigned_to": group.assigned_to_id,
            "version": group.version,
        },
    )
    return render(
        request,
        "claims/group_detail.html",
        {
            "compare": selectors.group_compare(group),
            "group": group,
            "review_form": review_form,
            "merge_form": GroupMergeForm(),
        },
        status=status,
    )


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(selectors.group_for_compare(pk))
    return _render_group(request, group)


@login_required
@require_POST
@permission_required("claims.add_review", raise_exception=True)
def group_review(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(selectors.group_for_compare(pk))
    form = ReviewForm(request.POST, assignable=selectors.assignable_users())
    if not form.is_valid():
        return _render_group(request, group, review_form=form, status=400)
    try:
        services.review_submit(
            group=group,
            reviewer=request.user,
            expected_version=form.cleaned_data["version"],
            **{
                k: form.cleaned_data[k]
                for k in ("verdict", "note", "grade", "assigned_to")
            },
        )
    except services.GroupChanged as exc:
        form.add_error(None, str(exc))
        group = get_object_or_404(selectors.group_for_compare(pk))
        return _render_group(request, group, review_form=form, status=409)
    messages.success(request, "Verdict recorded.")
    return redirect("claims:group-detail", pk=group.pk)


@login_required
@require_POST
@permission_required("claims.change_comparisongroup", raise_exception=True)
def group_merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = get_object_or_404(ComparisonGroup, pk=pk)
    form = GroupMergeForm(request.POST)
    if form.is_valid():
        try:
            services.group_merge(
                keep=keep, other=form.cleaned_data["other"], reviewer=request.user
            )
            messages.success(
                request, f"Group {form.cleaned_data['other'].pk} merged in."
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Give the number of an existing group to merge.")
    return redirect("claims:group-detail", pk=keep.pk)


@login_required
@require_POST
@permission_required("claims.change_comparisongroup", raise_exception=True)
def group_split(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(ComparisonGroup, pk=pk)
    form = GroupSplitForm(request.POST, group=group)
    if not form.is_valid():
        messages.error(request, "Tick the claims to split off.")
        return redirect("claims:group-detail", pk=group.pk)
    try:
        new = services.group_split(
            group=group, claims=list(form.cleaned_data["claims"]), reviewer=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("claims:group-detail", pk=group.pk)
    messages.success(request, f"Claims split off into group {new.pk}.")
    return redirect("claims:group-detail", pk=new.pk)


@login_required
@require_POST
@permission_required("claims.change_comparisongroup", raise_exception=True)
def claim_move(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = ClaimMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the number of an existing group.")
        return _back_to(claim)
    services.claim_move(
        claim=claim, group=form.cleaned_data["group"], reviewer=request.user
    )
    messages.success(request, "Claim moved.")
    return redirect("claims:group-detail", pk=form.cleaned_data["group"].pk)


@login_required
@permission_required("claims.change_claim", raise_exception=True)
def claim_correct(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("source__parent", "article"), pk=pk
    )
    form = ClaimCorrectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_correct(
                claim=claim, reviewer=request.user, changes=form.correction()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Claim corrected; its group was re-assessed.")
            claim.refresh_from_db(fields=["group"])
            return _back_to(claim)
    return render(
        request,
        "claims/group_claim_correct.html",
        {
            "claim": claim,
            "form": form,
            "sentence": selectors.sentence_parts(claim),
            "original": sorted(claim.original_fields.items()),
        },
        status=400 if form.errors else 200,
    )


def _back_to(claim: Claim) -> HttpResponse:
    if claim.group_id:
        return redirect("claims:group-detail", pk=claim.group_id)
    return redirect("claims:article-detail", pk=claim.article_id)
