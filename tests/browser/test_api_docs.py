"""The API's interactive docs render offline, from the project's own static files, under a strict CSP."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser

# What the hardening branch sends: scripts only from this site, no 'unsafe-inline'.
STRICT_CSP = "default-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'"


def test_docs_render_offline_under_a_strict_csp(open_page, live_server, artifacts):
    page = open_page(device=DESKTOP)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    def serve(route):
        if not route.request.url.startswith(live_server.url):
            route.abort()  # offline: nothing but the test server answers
            return
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    page.route("**/*", serve)
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("ScalpSpectra API")
    expect(page.locator(".opblock")).to_have_count(6)
    page.locator("#operations-diagnoses-diagnosis_create .opblock-summary").click()
    expect(page.locator("#operations-diagnoses-diagnosis_create")).to_contain_text("multipart/form-data")
    page.screenshot(path=artifacts / "api-docs.png", full_page=True)
    assert page.outside_requests == []
    assert violations == []
