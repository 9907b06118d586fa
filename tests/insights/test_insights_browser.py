"""In real Chromium: on seed-demo's history the insights page says, within one screen, which OSS
steps slip most and by how much; charts carry their words; nothing overflows on a phone."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from opsdesk.demo.seed import seed_demo
from tests.browser.conftest import (  # noqa: F401
    SCREENSHOTS,
    accessible,
    axe,
    browser,
    log_in,
    page,
    shoot,
)
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERY = "/insights/?type=oss&from=2025-07-01&to=2026-07-31&asOf=2026-07-01"


def _no_horizontal_overflow(page) -> None:  # noqa: F811
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_the_slipping_steps_are_on_the_first_screen_with_charts_and_csv(
    page,  # noqa: F811
    shoot,  # noqa: F811
    accessible,  # noqa: F811
):
    make_user("viewer", "vera@example.org")
    seed_demo(150, seed=4, today=date(2026, 7, 1), past_fraction=0.7)
    log_in(page, "vera@example.org")

    page.goto(QUERY)
    slipping = page.locator("#sum-slip + ol li")
    expect(slipping).to_have_count(5)
    expect(slipping.first).to_contain_text("% late")
    assert slipping.last.bounding_box()["y"] < 900
    expect(page.get_by_role("img", name="Open-Source Spotlight: share of each step done late"))
    expect(page.locator("svg[role=img] desc")).to_have_count(2)
    expect(page.get_by_role("link", name="Download CSV of Steps")).to_be_visible()
    _no_horizontal_overflow(page)
    accessible(page, "the insights page")
    shoot(page, "insights-01-wide")
    # The first screen alone: what a person sees before scrolling.
    page.screenshot(path=str(SCREENSHOTS / "insights-00-first-screen.png"))

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV of Steps").click()
    assert download.value.suggested_filename.startswith("insights-oss-steps-")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(QUERY)
    expect(slipping).to_have_count(5)
    _no_horizontal_overflow(page)
    accessible(page, "the insights page on a phone")
    shoot(page, "insights-02-phone")
