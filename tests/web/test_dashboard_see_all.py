"""A long dashboard section shows its first rows, the full count, and a link to all of them."""

from __future__ import annotations

import re

from tests.conftest import start_oss


def test_a_long_overdue_list_links_to_every_overdue_task(api, operator_client):
    start_oss(api, tool="ExampleDB", author="Pat")
    start_oss(api, tool="Quiver", author="Ana")

    page = operator_client.get("/?asOf=2026-07-20").content.decode()

    assert "Show all 18</a> in the task list" in page
    link = re.search(r'href="(/tasks/\?state=overdue[^"]*)"', page).group(1).replace("&amp;", "&")
    listed = operator_client.get(link).content.decode()
    assert "18 tasks" in listed
