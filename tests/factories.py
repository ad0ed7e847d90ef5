"""factory_boy factories: rows for tests needing data but not the flow that makes it."""

import datetime
import hashlib
from decimal import Decimal

import factory

from claims.models import Article, Claim
from sources.models import Outlet, Source


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    origin = Article.Origin.TEXT
    text = factory.Sequence(
        lambda n: f"Article {n}: 300 soldiers were killed, officials said."
    )
    original = factory.LazyAttribute(lambda a: a.text.encode())
    content_hash = factory.LazyAttribute(
        lambda a: hashlib.sha256(a.text.encode()).hexdigest()
    )


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 12
    end = 15
    quote = "300"
    sentence = factory.LazyAttribute(lambda c: c.article.text)
    sentence_start = 0
    value = Decimal(300)
    qualifier = "exact"
    category = "killed"
    party = "russian_forces"
    extractor_version = "test"


def ingest(text: str, published: datetime.date, capture, **kwargs) -> Article:
    """Upload pasted text and run its parse (the on-commit tasks) at once; `capture`
    is pytest-django's django_capture_on_commit_callbacks."""
    from claims import services  # the services import the models, as this does

    with capture(execute=True):
        return services.article_ingest(text=text, published=published, **kwargs).article
