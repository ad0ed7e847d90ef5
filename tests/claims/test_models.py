"""Database constraints on claims and articles (they must hold on PostgreSQL too)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def assert_rejected(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(**fields)


def test_it_rejects_a_claim_that_ends_before_it_starts():
    assert_rejected(start=20, end=10)


def test_it_rejects_a_range_whose_low_is_above_its_high():
    assert_rejected(
        value=None, low=Decimal(9000), high=Decimal(7000), qualifier="range"
    )


def test_it_rejects_a_claim_with_both_a_value_and_a_range():
    assert_rejected(value=Decimal(1), low=Decimal(1), high=Decimal(2))


def test_it_rejects_a_claim_with_neither_value_nor_range():
    assert_rejected(value=None)


def test_it_rejects_two_claims_on_one_span_of_one_article():
    claim = ClaimFactory()
    assert_rejected(article=claim.article, start=claim.start, end=claim.end)


def test_it_rejects_an_equipment_type_on_a_casualty_claim():
    assert_rejected(category="killed", equipment_type="tank")


def test_it_accepts_a_range_and_an_equipment_claim():
    article = ArticleFactory()
    ClaimFactory(
        article=article,
        value=None,
        low=Decimal(7000),
        high=Decimal(15000),
        qualifier="range",
    )
    ClaimFactory(
        article=article, start=30, end=33, category="equipment", equipment_type="tank"
    )
    assert article.claims.count() == 2


def test_it_rejects_two_articles_with_the_same_content_hash():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(text="other", content_hash=article.content_hash)


def test_it_rejects_an_article_without_text():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(text="")
