"""The API docs work offline under the site's CSP: no inline scripts, no CDN."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["api-docs", "api-redoc"])
def test_the_docs_pages_load_only_local_scripts_and_no_inline_ones(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts, "the docs page loads its UI"
    assert all('src="/' in attributes for attributes in scripts)  # files, not inline
    assert "googleapis" not in html and "cdn." not in html
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "unsafe-inline" not in script_src


def test_swagger_ui_start_up_script_is_served_as_a_file(client):
    html = client.get(reverse("api-docs")).content.decode()
    script_url = re.findall(r'<script src="([^"]*script[^"]*)"', html)[-1]
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
