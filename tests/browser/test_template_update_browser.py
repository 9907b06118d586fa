"""In real Chromium: review and apply a template update from the run page, and from the
library's batch review."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from opsdesk.runs.models import Task
from tests.api.template_changes import oss_v2, reload_oss
from tests.conftest import make_user
from tests.web.builders import oss_run

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def operator(page):
    user = make_user("operations-manager", "olga@example.org")
    log_in(page, "olga@example.org")
    return user


def test_review_and_apply_a_template_update_from_the_run_page(
    page, operator, shoot, accessible, tmp_path
):
    run = oss_run(operator)
    reload_oss(tmp_path, oss_v2())

    page.goto(f"/workflows/{run.id}/")
    banner = page.locator("#template-update-banner")
    expect(banner).to_contain_text("Template changed")
    shoot(page, "template-update-banner-1280", at=banner)
    banner.get_by_role("link", name="review").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Template update")
    expect(page.locator(".update-changes")).to_contain_text("Thank the author")
    expect(page.locator(".update-changes")).to_contain_text("removed from the template")
    accessible(page, "the template update review")
    shoot(page, "template-update-review-1280")
    page.set_viewport_size(PHONE)
    shoot(page, "template-update-review-390")

    page.get_by_role("button", name="Apply these changes").click()

    expect(page.get_by_role("status")).to_contain_text("Updated to template v2")
    expect(page.locator("#template-update-banner")).to_have_count(0)
    assert Task.objects.get(run_id=run.id, template_ref="thank-author").status == "todo"
    shoot(page, "template-update-applied-390", at=page.get_by_role("status"))


def test_the_library_opens_a_batch_review_and_updates_the_ticked_run(
    page, operator, shoot, accessible, tmp_path
):
    first, second = oss_run(operator), oss_run(operator, anchor="2026-08-05")
    reload_oss(tmp_path, oss_v2())

    page.goto("/workflows/library/")
    page.get_by_role("link", name="2 runs on an older version").click()
    boxes = page.get_by_role("checkbox")
    expect(boxes).to_have_count(2)
    for i in range(2):
        expect(boxes.nth(i)).not_to_be_checked()
    accessible(page, "the batch review")
    shoot(page, "template-updates-batch-1280")
    page.set_viewport_size(PHONE)
    shoot(page, "template-updates-batch-390")

    boxes.nth(1).check()
    page.get_by_role("button", name="Update selected runs").click()

    expect(page.locator("#results")).to_contain_text("1 of 1 updated")
    assert Task.objects.filter(run=second, template_ref="thank-author").exists()
    assert not Task.objects.filter(run=first, template_ref="thank-author").exists()
    shoot(page, "template-updates-result-390")
