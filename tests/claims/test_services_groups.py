"""Grouping in the parse service: incremental per measure, equal to a full rebuild."""

import datetime
import random

import pytest

from claims import services
from claims.models import Claim, ComparisonGroup, Review
from tests.factories import ingest

pytestmark = pytest.mark.django_db

WEEK = datetime.date(2022, 3, 10)
ARTICLES = [
    (
        "Ukraine's General Staff said 14,000 Russian soldiers had been killed since "
        "the invasion began.",
        WEEK,
    ),
    (
        "US intelligence estimates that about 7,000 Russian soldiers have been killed "
        "since the invasion began.",
        WEEK + datetime.timedelta(days=2),
    ),
    (
        "Russia's defence ministry said 498 of its soldiers had been killed since the "
        "start of the operation.",
        WEEK - datetime.timedelta(days=8),
    ),
    ("Kyiv said 300 Russian tanks had been destroyed since the war began.", WEEK),
    (
        "The UN refugee agency said more than 3 million people had fled Ukraine since "
        "the invasion.",
        WEEK + datetime.timedelta(days=1),
    ),
]


def snapshot() -> set[frozenset[tuple[int, int, int]]]:
    """Groups as sets of (article, start, end): comparable across rebuilds."""
    groups: dict[int, set] = {}
    for group_id, article_id, start, end in Claim.objects.values_list(
        "group_id", "article_id", "start", "end"
    ):
        groups.setdefault(group_id, set()).add((article_id, start, end))
    return {frozenset(members) for members in groups.values()}


def test_figures_of_one_measure_and_week_that_disagree_are_a_conflict(
    django_capture_on_commit_callbacks,
):
    for text, published in ARTICLES[:2]:
        ingest(text, published, django_capture_on_commit_callbacks)
    group = ComparisonGroup.objects.get(category="killed", party="russian_forces")
    assert group.claims.count() == 2
    assert group.conflicting
    assert "7,000" in group.reason and "14,000" in group.reason
    assert group.low is not None and group.high is not None and group.low <= group.high


def test_separate_measures_stay_in_separate_groups(django_capture_on_commit_callbacks):
    for text, published in ARTICLES:
        ingest(text, published, django_capture_on_commit_callbacks)
    measures = set(ComparisonGroup.objects.values_list("category", "party"))
    assert ("equipment", "russian_forces") in measures
    assert ("displaced", "civilians") in measures
    assert Claim.objects.filter(group__isnull=True).count() == 0


def test_incremental_grouping_equals_a_full_rebuild_in_any_order(
    django_capture_on_commit_callbacks,
):
    articles = ARTICLES * 1
    random.Random(7).shuffle(articles)
    for text, published in articles:
        ingest(text, published, django_capture_on_commit_callbacks)
    incremental = snapshot()
    flags = dict(ComparisonGroup.objects.values_list("measure_key", "conflicting"))
    services.groups_rebuild()
    assert snapshot() == incremental
    assert (
        dict(ComparisonGroup.objects.values_list("measure_key", "conflicting")) == flags
    )


def test_a_reparse_keeps_the_group_and_its_verdict(
    django_capture_on_commit_callbacks, reviewer
):
    for text, published in ARTICLES[:2]:
        ingest(text, published, django_capture_on_commit_callbacks)
    group = ComparisonGroup.objects.get(category="killed")
    services.review_submit(
        group=group,
        reviewer=reviewer,
        verdict="confirmed_conflict",
        note="Kyiv counts all ranks",
        expected_version=group.version,
    )
    article = Claim.objects.filter(group=group).first().article
    with django_capture_on_commit_callbacks(execute=True):
        services.article_requeue(article=article)
    group.refresh_from_db()
    assert group.verdict == "confirmed_conflict"
    assert group.claims.count() == 2
    assert Review.objects.filter(group=group).count() == 1


def test_a_correction_survives_a_reparse(django_capture_on_commit_callbacks, reviewer):
    ingest(*ARTICLES[3], django_capture_on_commit_callbacks)
    claim = Claim.objects.get()
    original_party = claim.party
    services.claim_correct(
        claim=claim,
        reviewer=reviewer,
        changes=services.ClaimCorrectionInput(party="ukrainian_forces"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.article_requeue(article=claim.article)
    claim = Claim.objects.get()
    assert claim.party == "ukrainian_forces" and claim.corrected
    assert claim.original_fields["party"] == original_party
    assert claim.group.party == "ukrainian_forces"


def test_a_stale_version_cannot_overwrite_a_colleagues_verdict(
    django_capture_on_commit_callbacks, reviewer, editor
):
    ingest(*ARTICLES[0], django_capture_on_commit_callbacks)
    group = ComparisonGroup.objects.get()
    read_version = group.version
    services.review_submit(
        group=group,
        reviewer=reviewer,
        verdict="consistent",
        expected_version=read_version,
    )
    with pytest.raises(services.GroupChanged):
        services.review_submit(
            group=group,
            reviewer=editor,
            verdict="extraction_error",
            expected_version=read_version,
        )
    group.refresh_from_db()
    assert group.verdict == "consistent"
    assert group.reviews.count() == 1


SPEAKERS = (
    "Ukraine's General Staff said",
    "US officials estimated",
    "Russia's defence ministry said",
    "The UN human rights office said",
    "British intelligence said",
    "Kyiv said",
)
MEASURES = (
    "Russian soldiers had been killed",
    "Ukrainian troops had been wounded",
    "Russian tanks had been destroyed",
    "civilians had been killed",
    "people had fled their homes",
    "Ukrainian soldiers had been captured",
)
QUALIFIERS = ("", "about ", "more than ", "nearly ", "at least ")
PERIODS = ("since the invasion began", "in the strike on the town", "so far")


def generated_articles(count: int, seed: int) -> list[tuple[str, datetime.date]]:
    """Articles from templates of our own: random sources, measures, figures, dates."""
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        sentences = [
            f"{rng.choice(SPEAKERS)} that {rng.choice(QUALIFIERS)}"
            f"{rng.randrange(1, 40) * rng.choice((10, 100, 250))} "
            f"{rng.choice(MEASURES)} {rng.choice(PERIODS)}."
            for _ in range(rng.randrange(1, 4))
        ]
        day = WEEK + datetime.timedelta(days=rng.randrange(0, 60))
        articles.append((f"Report {n}. " + " ".join(sentences), day))
    return articles


def test_incremental_grouping_equals_a_full_rebuild_on_a_generated_corpus(
    django_capture_on_commit_callbacks,
):
    for text, published in generated_articles(40, seed=11):
        ingest(text, published, django_capture_on_commit_callbacks)
    assert Claim.objects.count() > 40
    incremental = snapshot()
    flags = sorted(
        ComparisonGroup.objects.values_list(
            "measure_key", "conflicting", "as_of_from", "as_of_to"
        )
    )
    services.groups_rebuild()
    assert snapshot() == incremental
    assert (
        sorted(
            ComparisonGroup.objects.values_list(
                "measure_key", "conflicting", "as_of_from", "as_of_to"
            )
        )
        == flags
    )
    assert ComparisonGroup.objects.filter(conflicting=True).exists()


def test_a_correction_that_changes_the_category_survives_a_reparse(
    django_capture_on_commit_callbacks, reviewer
):
    # Regression: re-applying "killed" to a re-extracted tank claim kept its
    # equipment type, which the database refuses, so the re-parse failed.
    ingest(*ARTICLES[3], django_capture_on_commit_callbacks)
    claim = Claim.objects.get()
    assert claim.equipment_type == "tank"
    services.claim_correct(
        claim=claim,
        reviewer=reviewer,
        changes=services.ClaimCorrectionInput(category="killed"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.article_requeue(article=claim.article)
    claim = Claim.objects.get()
    assert claim.article.status == "parsed"
    assert (claim.category, claim.equipment_type, claim.corrected) == (
        "killed",
        "",
        True,
    )
    assert claim.original_fields["category"] == "equipment"


def test_moving_out_the_claim_that_linked_a_chain_splits_what_is_left(
    django_capture_on_commit_callbacks, reviewer
):
    # Three counts 20 days apart chain into one group (a running total links
    # within 31 days); without the middle one, the first and last are 40 days apart.
    for n, day in enumerate((0, 20, 40)):
        ingest(
            f"Kyiv said {300 + 10 * n} Russian tanks had been destroyed since the "
            "war began.",
            WEEK + datetime.timedelta(days=day),
            django_capture_on_commit_callbacks,
        )
    (group,) = ComparisonGroup.objects.all()
    middle = group.claims.get(as_of=WEEK + datetime.timedelta(days=20))
    services.group_split(group=group, claims=[middle], reviewer=reviewer)
    sizes = sorted(g.claims.count() for g in ComparisonGroup.objects.all())
    assert sizes == [1, 1, 1]
    assert ComparisonGroup.objects.filter(pk=group.pk).exists()  # keeps its id
    split = snapshot()
    services.groups_rebuild()
    assert snapshot() == split
