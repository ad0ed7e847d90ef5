"""Article pages: login, permissions, upload form errors, escaping of hostile text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import services
from claims.models import Article
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["claims:article-list", "claims:article-upload"])
def test_anonymous_users_are_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_viewer_cannot_upload(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("claims:article-upload"), {"text": "12 killed."})
    assert response.status_code == 403
    assert Article.objects.count() == 0


def test_a_reviewer_uploads_pasted_text_and_lands_on_the_parsed_article(
    reviewer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            reverse("claims:article-upload"),
            {
                "text": (
                    "Officials said at least 40 civilians were killed in the strike."
                ),
                "title": "Strike",
                "published": "2024-06-09",
            },
        )
    article = Article.objects.get()
    assert response["Location"] == reverse("claims:article-detail", args=[article.pk])
    assert article.status == "parsed"
    response = reviewer_client.get(response["Location"])
    assert b'<mark id="claim-' in response.content
    assert b"at least 40</mark>" in response.content


def test_a_file_upload_keeps_its_name(reviewer_client):
    upload = SimpleUploadedFile(
        "raid.txt", b"Twelve soldiers were captured, Kyiv said."
    )
    reviewer_client.post(reverse("claims:article-upload"), {"file": upload})
    assert Article.objects.get().original_filename == "raid.txt"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "  "}, "The article is empty"),
        ({"text": "12 killed", "url": "https://example.org/a"}, "exactly one"),
        (
            {
                "file": SimpleUploadedFile(
                    "photo.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 40
                )
            },
            "binary",
        ),
        ({"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n")}, ".png"),
        ({"url": "http://localhost:8000/admin/"}, "localhost"),
    ],
)
def test_bad_uploads_show_why_in_the_form_and_store_nothing(
    reviewer_client, data, message
):
    response = reviewer_client.post(reverse("claims:article-upload"), data)
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert Article.objects.count() == 0


def test_a_second_identical_upload_opens_the_first(reviewer_client):
    first = services.article_ingest(text="Ten soldiers were wounded, the army said.")
    response = reviewer_client.post(
        reverse("claims:article-upload"),
        {"text": "Ten soldiers were wounded, the army said."},
    )
    assert response["Location"] == reverse(
        "claims:article-detail", args=[first.article.pk]
    )
    assert Article.objects.count() == 1


def test_hostile_article_text_is_escaped_on_every_page(reviewer_client):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> 12 killed'
    article = ArticleFactory(title='<b onmouseover="x()">T</b>', text=hostile)
    ClaimFactory(
        article=article,
        start=hostile.index("12"),
        end=hostile.index("12") + 2,
        quote="12",
        attribution="<i>officials</i>",
    )
    for url in (
        reverse("claims:article-detail", args=[article.pk]),
        reverse("claims:article-list"),
    ):
        body = reviewer_client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "<b onmouseover" not in body
    body = reviewer_client.get(
        reverse("claims:article-detail", args=[article.pk])
    ).content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert b"&lt;i&gt;officials&lt;/i&gt;" in body


def test_a_failed_article_shows_its_error_and_an_editor_can_requeue_it(
    editor_client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(
        text="The army said 30 tanks were destroyed.",
        status="failed",
        error="Extraction failed: RuntimeError: x",
        parse_attempts=3,
    )
    page = editor_client.get(reverse("claims:article-detail", args=[article.pk]))
    assert b"Extraction failed: RuntimeError: x" in page.content
    assert b"Retry parsing" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("claims:article-requeue", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == "parsed" and article.claims.count() == 1


def test_a_reviewer_cannot_requeue(reviewer_client):
    article = ArticleFactory(status="failed")
    response = reviewer_client.post(
        reverse("claims:article-requeue", args=[article.pk])
    )
    assert response.status_code == 403


def test_requeue_refuses_get(editor_client):
    article = ArticleFactory(status="failed")
    assert (
        editor_client.get(
            reverse("claims:article-requeue", args=[article.pk])
        ).status_code
        == 405
    )


def test_the_article_list_shows_status_and_claim_counts_in_constant_queries(
    reviewer_client, django_assert_max_num_queries
):
    for _ in range(5):
        ClaimFactory()
    ArticleFactory(status="failed")
    with django_assert_max_num_queries(8):
        response = reviewer_client.get(reverse("claims:article-list"))
    rows = response.context["page"].object_list
    assert len(rows) == 6
    assert sorted(a.claim_count for a in rows) == [0, 1, 1, 1, 1, 1]
    with django_assert_max_num_queries(8):
        reviewer_client.get(reverse("claims:article-list") + "?status=failed")


def test_csrf_is_enforced_on_upload(reviewer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer)
    response = strict.post(reverse("claims:article-upload"), {"text": "12 killed."})
    assert response.status_code == 403
