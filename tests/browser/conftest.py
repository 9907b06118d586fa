"""Real Chromium (Debian's) driven by Playwright against a live server on loopback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PASSWORD = "a-long-test-password-1"
# Moderate and minor findings are reported in the message but do not fail a page.
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module; stopped afterwards so no other test sees its event loop."""
    if not os.path.exists(CHROMIUM):
        reason = f"Debian chromium is not installed at {CHROMIUM} (make browser installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop marked as running in this thread, which makes
    # Django refuse ORM calls from the test itself; the server answers from its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2's cost protects real accounts, not test fixtures."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shoot():
    """Save a full-page screenshot under screenshots/ (git-ignored) for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(page, name: str, at=None) -> Path:
        """The whole page, or the window scrolled so that the locator `at` is in the middle."""
        path = SCREENSHOTS / f"{name}.png"
        if at is not None:
            at.evaluate("element => element.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(path), full_page=at is None)
        return path

    return save


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def accessible(axe):
    """Fail when axe-core finds a serious or critical problem on the page as it is now."""

    def check(page, where: str) -> None:
        violations = axe.run(page).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        described = [
            f"{v['impact']} {v['id']}: {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in blocking
        ]
        assert not blocking, f"accessibility problems on {where}:\n" + "\n".join(described)

    return check


def log_in(page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
