"""In real Chromium, the pages people use work under the Content-Security-Policy: the browser
reports no refused script, style or image on any of them."""

from __future__ import annotations

import pytest

from tests.browser.conftest import browser, log_in  # noqa: F401  (browser is a fixture)
from tests.conftest import make_user
from tests.web.builders import oss_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):  # noqa: F811
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_no_page_breaks_the_content_security_policy(page):
    admin = make_user("admin", "ada@example.org")
    type(admin).objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    run = oss_run(admin)
    task = run.tasks.order_by("position").first()
    refused: list[str] = []

    def note_refusal(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", note_refusal)

    log_in(page, "ada@example.org")
    for path in (
        "/",
        "/workflows/",
        "/workflows/start/oss/?anchorDate=2026-07-22&tool=X&author=Y",
        f"/workflows/{run.id}/",
        f"/tasks/{task.id}/",
        "/tasks/",
        "/docs/task-template.tasks.oss/",
        "/search/?q=youtube",
        "/notifications/",
        "/recurring/",
        "/calendar/",
        "/gaps/",
        "/review/",
        "/admin/",
        f"/admin/accounts/user/{admin.pk}/change/",
        "/api/docs",
    ):
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        page.wait_for_load_state("networkidle")

    assert refused == [], "\n".join(sorted(set(r[:160] for r in refused)))
