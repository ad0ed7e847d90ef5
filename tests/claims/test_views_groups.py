"""Dashboard and compare page: roles, filters, verdict history, the concurrent-save
guard, moves, merges, splits, corrections, escaping, query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from claims import services
from claims.models import Claim, ClaimCorrection, ComparisonGroup, Review
from claims.services.groups import groups_refresh_for_article
from sources.models import Source
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, ingest

pytestmark = pytest.mark.django_db

KYIV = (
    "Ukraine's General Staff said 14,000 Russian soldiers had been killed since the "
    "invasion began."
)
US = (
    "US intelligence estimates that about 7,000 Russian soldiers have been killed "
    "since the invasion began."
)


@pytest.fixture
def conflict(django_capture_on_commit_callbacks) -> ComparisonGroup:
    ingest(
        KYIV,
        datetime.date(2022, 4, 4),
        django_capture_on_commit_callbacks,
        title="Kyiv figure",
        outlet_name="Kyiv Independent",
    )
    ingest(
        US,
        datetime.date(2022, 4, 6),
        django_capture_on_commit_callbacks,
        title="US estimate",
        outlet_name="Wire",
    )
    group = ComparisonGroup.objects.conflicting().first()
    assert group is not None, (
        "The engine made no conflicting group from the Kyiv and US figures: "
        f"{list(ComparisonGroup.objects.values('pk', 'conflicting', 'reason'))}, "
        f"claims {list(Claim.objects.values('quote', 'source__slug', 'group_id'))}"
    )
    return group


def review_data(group: ComparisonGroup, **overrides) -> dict:
    return {
        "verdict": "confirmed_conflict",
        "note": "Kyiv counts all ranks",
        "grade": "",
        "assigned_to": "",
        "version": group.version,
        **overrides,
    }


# ---- access ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "claims:source-list"])
def test_anonymous_users_are_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_users_cannot_open_or_review_a_group(client, conflict):
    for url in (
        reverse("claims:group-detail", args=[conflict.pk]),
        reverse("claims:group-review", args=[conflict.pk]),
    ):
        response = client.post(url, review_data(conflict))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Review.objects.exists()


def test_a_viewer_reads_the_compare_page_but_cannot_judge(client, viewer, conflict):
    client.force_login(viewer)
    response = client.get(reverse("claims:group-detail", args=[conflict.pk]))
    assert response.status_code == 200
    assert b"Save verdict" not in response.content
    for name, data in [
        ("claims:group-review", review_data(conflict)),
        ("claims:group-merge", {"other": conflict.pk}),
        ("claims:group-split", {"claims": [conflict.claims.first().pk]}),
    ]:
        assert client.post(reverse(name, args=[conflict.pk]), data).status_code == 403
    claim = conflict.claims.first()
    assert (
        client.post(
            reverse("claims:claim-move", args=[claim.pk]), {"group": conflict.pk}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("claims:claim-correct", args=[claim.pk]), {"value": "1"}
        ).status_code
        == 403
    )
    conflict.refresh_from_db()
    assert conflict.verdict == "" and not Review.objects.exists()


def test_the_home_page_is_the_dashboard(reviewer_client, conflict):
    response = reviewer_client.get("/")
    assert response.status_code == 200
    assert (
        reverse("claims:group-detail", args=[conflict.pk]).encode() in response.content
    )


# ---- dashboard -----------------------------------------------------------------


def test_open_conflicts_come_first_with_status_counts(
    reviewer_client, conflict, django_capture_on_commit_callbacks
):
    ingest(
        "Officials said 12 civilians were killed in the strike on Kharkiv.",
        datetime.date(2022, 5, 1),
        django_capture_on_commit_callbacks,
    )
    response = reviewer_client.get(reverse("home"))
    groups = list(response.context["page"])
    assert groups[0] == conflict
    counts = {key: n for key, _, n in response.context["status_counts"]}
    assert counts["open"] == 1
    assert counts["reviewed"] == 0


def test_the_dashboard_filters(
    reviewer_client, conflict, django_capture_on_commit_callbacks
):
    ingest(
        "Officials said 12 civilians were killed in the strike on Kharkiv.",
        datetime.date(2023, 5, 1),
        django_capture_on_commit_callbacks,
        title="Kharkiv",
    )
    civilians = ComparisonGroup.objects.get(party="civilians")

    def shown(**params) -> set[int]:
        response = reviewer_client.get(reverse("home"), params)
        assert response.status_code == 200
        return {g.pk for g in response.context["page"]}

    assert shown() == {conflict.pk, civilians.pk}
    assert shown(party="civilians") == {civilians.pk}
    assert shown(category="killed", party="russian_forces") == {conflict.pk}
    assert shown(status="open") == {conflict.pk}
    assert shown(as_of_from="2023-01-01") == {civilians.pk}
    assert shown(as_of_to="2022-12-31") == {conflict.pk}
    assert shown(q="invasion") == {conflict.pk}
    assert shown(q="kharkiv") == {civilians.pk}
    services.review_submit(group=conflict, reviewer=None, verdict="confirmed_conflict")
    assert shown(status="confirmed_conflict") == {conflict.pk}
    assert shown(status="reviewed") == {conflict.pk}
    assert shown(status="open") == set()


def test_the_source_filter_includes_descendants(reviewer_client):
    parent = SourceFactory(name="Parent ministry")
    child = SourceFactory(name="Its spokesman", parent=parent)
    other = SourceFactory(name="Someone else")
    mine = ClaimFactory(source=child, as_of=datetime.date(2022, 4, 1))
    theirs = ClaimFactory(
        source=other, as_of=datetime.date(2022, 4, 1), party="civilians"
    )
    for claim in (mine, theirs):
        groups_refresh_for_article(article_id=claim.article_id)
    mine.refresh_from_db()
    response = reviewer_client.get(reverse("home"), {"source": parent.pk})
    assert [g.pk for g in response.context["page"]] == [mine.group_id]


def test_the_dashboard_paginates_in_a_fixed_number_of_queries(
    reviewer_client, django_assert_max_num_queries
):
    source = SourceFactory()
    for day in range(1, 36):
        claim = ClaimFactory(
            source=source,
            as_of=datetime.date(2022, 1, day % 28 + 1),
            party=["russian_forces", "civilians"][day % 2],
            category=["killed", "wounded", "captured"][day % 3],
        )
        groups_refresh_for_article(article_id=claim.article_id)
    assert ComparisonGroup.objects.count() > 5
    reviewer_client.get(reverse("home"))  # warm the session and permission caches
    with django_assert_max_num_queries(9):
        response = reviewer_client.get(reverse("home"), {"page": 1})
    assert response.status_code == 200


def test_the_dashboard_lists_a_groups_sources_without_loading_its_claims(
    reviewer_client, django_assert_max_num_queries
):
    # A running total from two sources, plus unattributed repeats: one group of
    # 60 claims whose row shows three chips, each once.
    kyiv, un = SourceFactory(name="Kyiv"), SourceFactory(name="UN")
    for day in range(60):
        claim = ClaimFactory(
            source=[kyiv, un, None][day % 3],
            as_of=datetime.date(2022, 1, 1) + datetime.timedelta(days=day),
            party="russian_forces",
            category="killed",
            value=Decimal(1000 + day),
        )
        groups_refresh_for_article(article_id=claim.article_id)
    (group,) = ComparisonGroup.objects.all()
    assert group.claims.count() == 60
    reviewer_client.get(reverse("home"))  # warm the session and permission caches
    with django_assert_max_num_queries(9):
        response = reviewer_client.get(reverse("home"))
    html = response.content.decode()
    assert html.count('class="source-chip"') == 3
    assert [name for name in group_names(html)] == ["Kyiv", "UN", "unattributed"]


def group_names(html: str) -> list[str]:
    return re.findall(r'<span class="source-chip">([^<]*)</span>', html)


# ---- compare page --------------------------------------------------------------


def test_the_compare_page_shows_each_claim_with_its_source_and_sentence(
    reviewer_client, conflict
):
    response = reviewer_client.get(reverse("claims:group-detail", args=[conflict.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Figures by source over time" in html
    cards = response.context["compare"].cards
    assert len(cards) == 2
    for card in cards:
        claim = card.claim
        anchor = (
            reverse("claims:article-detail", args=[claim.article_id])
            + f"#claim-{claim.pk}"
        )
        assert anchor in html
        assert f"<mark>{claim.quote}</mark>" in html
    assert escape(conflict.reason) in html


def test_claims_are_tagged_own_adversary_or_third_party():
    ukraine = SourceFactory(name="Ukraine govt", side="ukraine")
    general_staff = SourceFactory(name="General Staff", parent=ukraine)
    neutral = SourceFactory(name="UN")
    from claims.selectors import perspective

    assert perspective(general_staff, "ukrainian_forces") == "own"
    assert perspective(general_staff, "russian_forces") == "adversary"
    assert perspective(neutral, "russian_forces") == "third"
    assert perspective(None, "russian_forces") == "third"


def test_hostile_sentence_text_is_escaped_on_the_compare_page(reviewer_client):
    hostile = (
        '<script>alert("x")</script><img src=x onerror=alert(1)> 12 soldiers killed'
    )
    article = ArticleFactory(title="<b>T</b>", text=hostile)
    start = hostile.index("12")
    source = SourceFactory(name='<svg onload="evil()">')
    claim = ClaimFactory(
        article=article,
        start=start,
        end=start + 2,
        quote="12",
        value=Decimal(12),
        source=source,
        as_of=datetime.date(2022, 1, 1),
    )
    groups_refresh_for_article(article_id=article.pk)
    claim.refresh_from_db()
    response = reviewer_client.get(
        reverse("claims:group-detail", args=[claim.group_id])
    )
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg onload" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<mark>12</mark>" in html


# ---- verdicts --------------------------------------------------------------------


def test_a_reviewer_records_a_verdict_and_it_enters_the_history(
    reviewer_client, reviewer, editor, conflict
):
    response = reviewer_client.post(
        reverse("claims:group-review", args=[conflict.pk]),
        review_data(conflict, grade="contested", assigned_to=editor.pk),
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert (conflict.verdict, conflict.grade, conflict.assigned_to) == (
        "confirmed_conflict",
        "contested",
        editor,
    )
    review = Review.objects.get(group=conflict)
    assert (review.reviewer, review.previous_verdict, review.verdict) == (
        reviewer,
        "",
        "confirmed_conflict",
    )
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "Kyiv counts all ranks" in page
    assert "none → Confirmed conflict" in page
    assert "nobody → ed-editor" in page


def test_the_second_of_two_concurrent_verdicts_gets_409_and_overwrites_nothing(
    client, reviewer, editor, conflict
):
    read_version = conflict.version
    client.force_login(reviewer)
    first = client.post(
        reverse("claims:group-review", args=[conflict.pk]),
        review_data(conflict, version=read_version),
    )
    assert first.status_code == 302
    client.force_login(editor)
    second = client.post(
        reverse("claims:group-review", args=[conflict.pk]),
        review_data(
            conflict, version=read_version, verdict="consistent", note="They agree"
        ),
    )
    assert second.status_code == 409
    assert "changed since you opened it" in second.content.decode()
    conflict.refresh_from_db()
    assert conflict.verdict == "confirmed_conflict"
    assert conflict.note == "Kyiv counts all ranks"
    assert Review.objects.filter(group=conflict).count() == 1


def test_an_invalid_verdict_is_shown_with_status_400(reviewer_client, conflict):
    response = reviewer_client.post(
        reverse("claims:group-review", args=[conflict.pk]),
        review_data(conflict, verdict="nonsense"),
    )
    assert response.status_code == 400
    assert not Review.objects.exists()


# ---- moves, merges, splits, corrections -------------------------------------------


def test_a_reviewer_splits_a_claim_off_and_merges_it_back(reviewer_client, conflict):
    claim = conflict.claims.order_by("pk").first()
    response = reviewer_client.post(
        reverse("claims:group-split", args=[conflict.pk]), {"claims": [claim.pk]}
    )
    claim.refresh_from_db()
    assert claim.group_id != conflict.pk and claim.group_pinned
    assert response["Location"] == reverse("claims:group-detail", args=[claim.group_id])
    new_group = claim.group_id
    reviewer_client.post(
        reverse("claims:group-merge", args=[conflict.pk]), {"other": new_group}
    )
    claim.refresh_from_db()
    assert claim.group_id == conflict.pk
    assert not ComparisonGroup.objects.filter(pk=new_group).exists()


def test_a_reviewer_moves_a_claim_by_group_number(reviewer_client, conflict):
    claim = ClaimFactory(party="civilians", as_of=datetime.date(2022, 4, 5))
    groups_refresh_for_article(article_id=claim.article_id)
    response = reviewer_client.post(
        reverse("claims:claim-move", args=[claim.pk]), {"group": conflict.pk}
    )
    assert response["Location"] == reverse("claims:group-detail", args=[conflict.pk])
    claim.refresh_from_db()
    assert claim.group_id == conflict.pk and claim.group_pinned
    assert ClaimCorrection.objects.filter(group=conflict).exists()


def test_a_split_of_every_claim_is_refused_with_a_message(reviewer_client, conflict):
    pks = list(conflict.claims.values_list("pk", flat=True))
    response = reviewer_client.post(
        reverse("claims:group-split", args=[conflict.pk]), {"claims": pks}, follow=True
    )
    assert "Pick some, but not all" in response.content.decode()
    assert ComparisonGroup.objects.count() == 1


def test_a_correction_keeps_the_original_extraction_beside_it(
    reviewer_client, conflict
):
    claim = conflict.claims.get(quote__contains="7,000")
    source = Source.objects.first()
    url = reverse("claims:claim-correct", args=[claim.pk])
    assert reviewer_client.get(url).status_code == 200
    response = reviewer_client.post(
        url,
        {
            "value": "7500",
            "category": "killed",
            "party": "russian_forces",
            "source": source.pk,
            "note": "typo",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.value == Decimal(7500) and claim.corrected and claim.source == source
    assert claim.original_fields["value"] == "7000.000"
    page = reviewer_client.get(url).content.decode()
    assert "As first extracted" in page and "7000.000" in page


def test_a_correction_with_both_value_and_range_is_refused(reviewer_client, conflict):
    claim = conflict.claims.first()
    response = reviewer_client.post(
        reverse("claims:claim-correct", args=[claim.pk]),
        {"value": "1", "low": "1", "high": "2"},
    )
    assert response.status_code == 400
    claim.refresh_from_db()
    assert not claim.corrected


def test_the_compare_page_takes_the_same_queries_for_two_claims_or_twenty(
    reviewer_client, django_assert_max_num_queries
):
    ukraine = SourceFactory(name="Ukraine", side="ukraine")
    staff = SourceFactory(name="General Staff", parent=ukraine)
    first = ClaimFactory(source=staff, as_of=datetime.date(2022, 4, 1))
    groups_refresh_for_article(article_id=first.article_id)
    first.refresh_from_db()
    for day in range(2, 22):
        claim = ClaimFactory(
            source=[staff, SourceFactory()][day % 2],
            as_of=datetime.date(2022, 4, day),
            low=Decimal(day * 10),
            high=Decimal(day * 20),
            value=None,
            qualifier="range",
        )
        claim.group, claim.group_pinned = first.group, True
        claim.save(update_fields=["group", "group_pinned"])
    url = reverse("claims:group-detail", args=[first.group_id])
    # Session, user, perms (2), group, claims, reviews, assignable users.
    with django_assert_max_num_queries(9):
        response = reviewer_client.get(url)
    assert len(response.context["compare"].cards) == 21
    assert response.content.decode().count("<rect") >= 20  # intervals drawn as bands
    assert "General Staff</a> → <a" in response.content.decode()


def test_echoes_of_one_figure_show_as_one_card_with_the_repeats_listed(
    reviewer_client, django_capture_on_commit_callbacks
):
    day = datetime.date(2022, 3, 10)
    ingest(KYIV, day, django_capture_on_commit_callbacks, title="First report")
    ingest(
        "Ukraine's General Staff said on Thursday that 14,000 Russian soldiers had "
        "been killed since the invasion began.",
        day,
        django_capture_on_commit_callbacks,
        title="Wire copy",
    )
    ingest(US, day, django_capture_on_commit_callbacks)
    group = ComparisonGroup.objects.get(category="killed", party="russian_forces")
    assert group.claims.count() == 3
    response = reviewer_client.get(reverse("claims:group-detail", args=[group.pk]))
    cards = response.context["compare"].cards
    assert len(cards) == 2  # two independent figures, not three
    echoed = next(card for card in cards if card.echoes)
    assert int(echoed.claim.value) == 14000 and len(echoed.echoes) == 1
    assert b"Repeated in 1 other report (counted once)" in response.content
