"""Named QuerySet reads: claim search (full-text on PostgreSQL, substring elsewhere)."""

import pytest
from django.db import connection

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    raid = ArticleFactory(
        title="Night raid on the depot",
        text="Officials said 300 soldiers were killed in the raid.",
    )
    swap = ArticleFactory(
        title="Prisoner swap", text="Zelensky said 230 prisoners were exchanged."
    )
    killed = ClaimFactory(article=raid, sentence=raid.text, attribution="Officials")
    swapped = ClaimFactory(
        article=swap,
        sentence=swap.text,
        start=15,
        end=18,
        quote="230",
        category="captured",
        attribution="President Volodymyr Zelensky",
    )
    for claim in Claim.objects.select_related("article"):
        Claim.objects.filter(pk=claim.pk).index_for_search()
    return killed, swapped


def test_search_finds_claims_by_a_word_of_their_sentence(claims):
    killed, swapped = claims
    assert list(Claim.objects.search("soldiers")) == [killed]


def test_search_finds_claims_by_part_of_a_speaker_name_or_article_title(claims):
    killed, swapped = claims
    assert list(Claim.objects.search("Zelen")) == [swapped]
    assert list(Claim.objects.search("depot")) == [killed]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL's"
)
def test_search_matches_word_forms_on_postgresql(claims):
    killed, swapped = claims
    assert list(Claim.objects.search("exchange")) == [swapped]  # "exchanged"
    assert list(Claim.objects.search("kill")) == [killed]  # "killed"
