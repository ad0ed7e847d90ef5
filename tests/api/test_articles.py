"""Articles: upload by text, file or URL; duplicates; list filters; detail; re-parse."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Article
from tests.api.conftest import assert_error, ingest
from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db

UPLOAD = "/api/v1/articles/upload/"
TEXT = "Ukraine's General Staff said 14,000 Russian soldiers had been killed."


def test_a_reviewer_uploads_text_and_gets_202_with_the_articles_url(
    reviewer_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_api.post(
            UPLOAD,
            {
                "text": TEXT,
                "title": "Losses",
                "outlet": "Kyiv Independent",
                "published": "2022-03-10",
                "source_url": "https://example.org/a",
            },
            format="json",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    article = Article.objects.get(pk=body["id"])
    assert response["Location"] == body["url"]
    assert body["url"].endswith(f"/api/v1/articles/{article.pk}/")
    assert body["duplicate"] is False
    assert article.outlet.name == "Kyiv Independent"
    assert article.url == "https://example.org/a"
    assert article.published == datetime.date(2022, 3, 10)
    # Tasks run in-process in tests: once committed, the article is parsed.
    detail = reviewer_api.get(body["url"]).json()
    assert detail["status"] == "parsed"
    assert detail["claims"][0]["sentence"]


def test_the_same_text_again_returns_the_existing_article_with_200(reviewer_api):
    first = reviewer_api.post(UPLOAD, {"text": TEXT}, format="json").json()
    again = reviewer_api.post(UPLOAD, {"text": TEXT}, format="json")
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["id"] == first["id"]
    assert Article.objects.count() == 1


def test_a_file_is_uploaded_as_multipart(reviewer_api):
    upload = SimpleUploadedFile("report.txt", TEXT.encode(), "text/plain")
    response = reviewer_api.post(UPLOAD, {"file": upload}, format="multipart")
    assert response.status_code == 202, response.content
    article = Article.objects.get()
    assert (article.origin, article.original_filename) == ("file", "report.txt")


def test_a_url_is_fetched_when_no_text_or_file_is_given(reviewer_api, monkeypatch):
    from claims.services import articles
    from claims.uploads.fetch import FetchedPage

    def fake_fetch(url, **kwargs):
        return FetchedPage(
            url=url, final_url=url, content_type="text/plain", data=TEXT.encode()
        )

    monkeypatch.setattr(articles, "fetch_url", fake_fetch)
    response = reviewer_api.post(
        UPLOAD, {"source_url": "https://example.org/a"}, format="json"
    )
    assert response.status_code == 202, response.content
    assert Article.objects.get().origin == "url"


def test_nothing_to_upload_is_a_400_with_the_services_message(reviewer_api):
    error = assert_error(reviewer_api.post(UPLOAD, {}, format="json"), 400, "invalid")
    assert "exactly one" in error["message"]


def test_field_errors_are_listed_by_field(reviewer_api):
    response = reviewer_api.post(
        UPLOAD, {"text": TEXT, "published": "soon"}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert "published" in error["fields"]


def test_malformed_json_is_a_400_in_the_error_shape(reviewer_api):
    response = reviewer_api.post(UPLOAD, "{nope", content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_a_viewer_cannot_upload(viewer_api):
    response = viewer_api.post(UPLOAD, {"text": TEXT}, format="json")
    assert_error(response, 403, "permission_denied")
    assert not Article.objects.exists()


def test_a_body_over_the_limit_is_a_json_413(reviewer_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = reviewer_api.post(UPLOAD, {"text": "x" * 2000}, format="json")
    assert_error(response, 413, "payload_too_large")
    assert response["Content-Type"] == "application/json"


def test_a_file_over_the_upload_limit_is_a_json_413(reviewer_api, settings):
    settings.UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.txt", b"x" * 500, "text/plain")
    response = reviewer_api.post(UPLOAD, {"file": upload}, format="multipart")
    assert_error(response, 413, "payload_too_large")


def test_the_list_filters_by_status_outlet_and_published_range(viewer_api):
    kyiv = OutletFactory(name="Kyiv Independent")
    march = ArticleFactory(
        outlet=kyiv, published=datetime.date(2022, 3, 1), status="parsed"
    )
    ArticleFactory(outlet=kyiv, published=datetime.date(2022, 5, 1), status="parsed")
    ArticleFactory(published=datetime.date(2022, 3, 2), status="failed")

    def ids(**params) -> set[int]:
        response = viewer_api.get("/api/v1/articles/", params)
        assert response.status_code == 200, response.content
        return {a["id"] for a in response.json()["results"]}

    assert ids(status="parsed", outlet=kyiv.pk, published_before="2022-03-31") == {
        march.pk
    }
    assert len(ids(outlet_name="kyiv independent")) == 2
    assert len(ids(published_after="2022-03-02")) == 2
    assert_error(viewer_api.get("/api/v1/articles/", {"status": "done"}), 400)


def test_the_detail_shows_status_error_and_claims(viewer_api):
    article = ArticleFactory(status="failed", error="Extraction failed: boom")
    body = viewer_api.get(f"/api/v1/articles/{article.pk}/").json()
    assert (body["status"], body["error"], body["claims"]) == (
        "failed",
        "Extraction failed: boom",
        [],
    )


def test_an_unknown_article_is_a_404_in_the_error_shape(viewer_api):
    assert_error(viewer_api.get("/api/v1/articles/999999/"), 404, "not_found")


def test_an_editor_reparses_an_article(editor_api):
    article = ingest(TEXT)
    Article.objects.filter(pk=article.pk).update(status="failed", parse_attempts=3)
    response = editor_api.post(f"/api/v1/articles/{article.pk}/reparse/")
    assert response.status_code == 202, response.content
    article.refresh_from_db()
    assert article.parse_attempts == 0


def test_a_reviewer_cannot_reparse(reviewer_api):
    article = ArticleFactory()
    response = reviewer_api.post(f"/api/v1/articles/{article.pk}/reparse/")
    assert_error(response, 403)


def test_uploads_have_their_own_rate(reviewer_api, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"uploads": "1/min"})
    assert reviewer_api.post(UPLOAD, {"text": TEXT}, format="json").status_code == 202
    response = reviewer_api.post(UPLOAD, {"text": TEXT + " Again."}, format="json")
    assert_error(response, 429, "throttled")
