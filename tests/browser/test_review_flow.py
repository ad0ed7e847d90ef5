"""A reviewer logs in, opens the top conflict, records a verdict, sees the history."""

import datetime
from pathlib import Path

import pytest
from django.db import connection

from claims import services
from claims.models import ComparisonGroup
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
KYIV = (
    "Ukraine's General Staff said 14,000 Russian soldiers had been killed since the "
    "invasion began."
)
US = (
    "US intelligence estimates that about 7,000 Russian soldiers have been killed "
    "since "
    "the invasion began."
)


@pytest.fixture
def conflict(django_capture_on_commit_callbacks) -> ComparisonGroup:
    for text, day in ((KYIV, 4), (US, 6)):
        with django_capture_on_commit_callbacks(execute=True):
            services.article_ingest(text=text, published=datetime.date(2022, 4, day))
    group = ComparisonGroup.objects.open_conflicts().first()
    assert group is not None, "the Kyiv and US figures should make an open conflict"
    return group


def test_a_reviewer_records_a_verdict_from_the_dashboard(live_server, page, conflict):
    make_user("rita", "reviewer")
    page.goto(live_server.url + "/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", "pw-rita")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    page.locator("a.group-link").first.click()
    page.wait_for_url(f"**/groups/{conflict.pk}/")
    assert page.locator(".claim-card").count() == 2
    assert page.locator("svg.timeline").count() == 1

    page.select_option("#id_verdict", "confirmed_conflict")
    page.fill(
        "#id_note", "Kyiv counts all ranks; the US estimate only confirmed deaths."
    )
    page.click("form.review-form button[type=submit]")
    page.wait_for_url(f"**/groups/{conflict.pk}/")
    history = page.locator("ol.reviews").inner_text()
    assert "Kyiv counts all ranks" in history
    assert "Confirmed conflict" in history
    assert "Verdict recorded." in page.locator(".messages").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "compare.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.exists() and shot.stat().st_size > 0
    conflict.refresh_from_db()
    # Playwright's running event loop gives this query its own connection context;
    # close it here, or it outlives the run and blocks dropping the test database.
    connection.close()
    assert conflict.verdict == "confirmed_conflict"
