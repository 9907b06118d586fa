"""A refused page form answers see-other to its page; the page shows the refusal once."""

from __future__ import annotations


def refused_page(client, url: str, data: dict, *, lands_on: str, **extra) -> str:
    """Post a form that is refused, check it sends the browser to `lands_on` (a page and its
    anchor, never the form's target) and return the HTML of that page."""
    response = client.post(url, data, **extra)
    assert response.status_code == 302, response.content[:300]
    assert response["Location"] == lands_on
    page = client.get(lands_on)
    assert page.status_code == 200
    return page.content.decode()
