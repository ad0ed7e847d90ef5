"""article_ingest: storing uploads, de-duplication, and every kind of bad input."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Article

pytestmark = pytest.mark.django_db

TEXT = (
    "Kyiv, Monday.\r\n"
    "More than 300 Russian soldiers were killed, the Ukrainian military said.\n"
)


def ingest(**kwargs):
    return services.article_ingest(**kwargs)


def test_it_stores_pasted_text_exactly_as_given(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(
            text=TEXT,
            title="A raid",
            outlet_name="Kyiv Post",
            published=datetime.date(2022, 3, 1),
        )
    article = Article.objects.get(pk=result.article.pk)
    assert result.created
    assert article.text == TEXT  # no stripping, no newline changes: offsets stay valid
    assert article.outlet.name == "Kyiv Post"
    assert bytes(article.original) == TEXT.encode()


def test_it_parses_the_article_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = ingest(text=TEXT)
    assert len(callbacks) == 1
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.PARSED
    claim = article.claims.get()
    assert article.text[claim.start : claim.end] == claim.quote
    assert claim.category == "killed" and claim.party == "russian_forces"
    assert claim.source.root.slug == "ukrainian-military"


def test_it_returns_the_existing_article_for_identical_content():
    first = ingest(text=TEXT)
    second = ingest(upload=services.Upload(data=TEXT.encode(), filename="copy.txt"))
    assert not second.created
    assert second.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_it_keeps_the_original_file_name_and_bytes():
    data = TEXT.encode("cp1252")
    result = ingest(upload=services.Upload(data=data, filename="raid.txt"))
    assert result.article.original_filename == "raid.txt"
    assert bytes(result.article.original) == data


def test_it_reads_the_main_text_and_title_of_an_html_upload():
    html = (
        "<html><head><title>Strike on depot</title><script>alert(1)</script></head>"
        "<body><nav>Home | World</nav><article><h1>Strike on depot</h1>"
        + "<p>At least 20 people were killed in the blast, officials said.</p>" * 3
        + "</article></body></html>"
    ).encode()
    result = ingest(
        upload=services.Upload(
            data=html, filename="page.html", content_type="text/html"
        )
    )
    assert "At least 20 people were killed" in result.article.text
    assert "alert(1)" not in result.article.text
    assert result.article.title == "Strike on depot"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": ""}, "empty"),
        ({"text": "   \n\t "}, "empty"),
        (
            {
                "upload": services.Upload(
                    data=b"\x89PNG\r\n\x1a\n" + b"\0" * 64, filename="photo.txt"
                )
            },
            "binary",
        ),
        (
            {"upload": services.Upload(data=b"%PDF-1.7\n...", filename="report.pdf")},
            ".pdf",
        ),
        ({"upload": services.Upload(data=b"", filename="empty.txt")}, "empty"),
        ({"url": "http://127.0.0.1/article"}, "127.0.0.1"),
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "169.254.169.254"),
        ({"url": "ftp://example.org/a.txt"}, "only http"),
    ],
)
def test_it_rejects_bad_input_with_a_reason_and_stores_nothing(kwargs, message):
    with pytest.raises(ValidationError) as error:
        ingest(**kwargs)
    assert message.lower() in " ".join(error.value.messages).lower()
    assert Article.objects.count() == 0


def test_it_rejects_a_file_over_the_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="limit"):
        ingest(upload=services.Upload(data=b"12 killed. " * 200, filename="big.txt"))
    assert Article.objects.count() == 0


def test_it_removes_nul_and_control_characters_before_storing():
    result = ingest(text="Officials said 12 soldiers\x00 were killed.\x07\n")
    assert "\x00" not in result.article.text and "\x07" not in result.article.text
    assert result.article.text == "Officials said 12 soldiers were killed.\n"


def test_it_decodes_text_that_is_not_utf8():
    text = "Kyiv’s officials said “about 40” civilians were killed in the strike."
    result = ingest(
        upload=services.Upload(data=text.encode("cp1252"), filename="a.txt")
    )
    assert result.article.text == text


def test_it_requires_exactly_one_input():
    with pytest.raises(ValidationError, match="exactly one"):
        ingest(text=TEXT, url="https://example.org/")
