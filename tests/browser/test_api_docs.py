"""The API's browsable documentation in a browser on a network without internet: Swagger UI and the
schema come from the site itself, and the page works with every other address unreachable. Like
the rest of the API, it speaks the language the browser asks for (Accept-Language), not the one
chosen for the screens."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD
from .ui import settle, sign_in

pytestmark = pytest.mark.browser


def test_the_api_docs_render_from_the_sites_own_files_with_no_internet(page, live_server, screens):
    elsewhere = []

    def only_the_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:  # as on a government network without internet
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_site)
    sign_in(page, "ldtbxh", DEMO_PASSWORD)
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Award dossiers API")
    expect(page.locator('.opblock-summary-path[data-path="/api/dossiers/{id}/transitions/approve/"]')).to_be_visible()
    expect(page.get_by_text("Sign the award decision")).to_be_visible()  # the browser asks for English
    settle(page)
    page.set_extra_http_headers({"Accept-Language": "vi"})
    page.reload()
    expect(page.get_by_text("Ký quyết định khen thưởng")).to_be_visible()  # the summaries in Vietnamese
    settle(page)
    screens("api-docs")
    assert elsewhere == []
