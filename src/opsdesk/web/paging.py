"""Numbered pages for long lists: the links a pager shows, with gaps marked."""

from __future__ import annotations

NEAR = 2


def page_links(query, page: int, pages: int, name: str = "page", anchor: str = "") -> list[dict]:
    """First, last and the pages near `page`, each with its query string (the page number in
    parameter `name`, other parameters kept) and an optional `#anchor`; None marks a gap."""
    wanted = sorted({1, pages, *range(max(1, page - NEAR), min(pages, page + NEAR) + 1)})
    links, previous = [], 0
    for number in wanted:
        if number - previous > 1:
            links.append(None)
        params = query.copy()
        params[name] = str(number)
        href = "?" + params.urlencode() + (f"#{anchor}" if anchor else "")
        links.append({"number": number, "href": href, "current": number == page})
        previous = number
    return links
