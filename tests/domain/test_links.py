"""Which links a task or link slot accepts: http(s) everywhere, email addresses in email slots."""

from __future__ import annotations

import pytest

from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.links import MAX_URL_LENGTH, clean_link


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://youtu.be/abc123", "https://youtu.be/abc123"),
        ("http://example.org/path?q=1#top", "http://example.org/path?q=1#top"),
        ("  https://github.com/exampledb/exampledb  ", "https://github.com/exampledb/exampledb"),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
    ],
)
def test_web_links_are_accepted_and_trimmed(value, expected):
    assert clean_link(value) == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("javascript:alert(1)", "must be an http(s) link"),
        ("JavaScript:alert(document.cookie)", "must be an http(s) link"),
        ("data:text/html,<script>alert(1)</script>", "must be an http(s) link"),
        ("ftp://x", "must be an http(s) link"),
        ("file:///etc/passwd", "must be an http(s) link"),
        ("youtube", "must be an http(s) link"),
        ("www.youtube.com/watch", "must be an http(s) link"),
        ("//example.org/x", "must be an http(s) link"),
        ("https://", "must be an http(s) link"),
        ("http:example.org", "must be an http(s) link"),
        ("pat@example.org", "must be an http(s) link"),
        ("mailto:pat@example.org", "must be an http(s) link"),
        ("https://example.org/a b", "must be an http(s) link (no spaces)"),
        ("my video link", "must be an http(s) link (no spaces)"),
        ("https://example.org/\x00", "must be an http(s) link (no spaces)"),
        ("https://example.org/\tx", "must be an http(s) link (no spaces)"),
        ("https://example.org/\nx", "must be an http(s) link (no spaces)"),
        ("", "is empty; give an http(s) link"),
        ("   ", "is empty; give an http(s) link"),
        (None, "is empty; give an http(s) link"),
        ("https://example.org/" + "a" * MAX_URL_LENGTH, f"longer than {MAX_URL_LENGTH}"),
    ],
)
def test_anything_but_a_safe_web_link_is_refused_naming_the_field(value, says):
    with pytest.raises(InvalidInput) as refused:
        clean_link(value, field="YouTube")
    assert refused.value.message.startswith("YouTube ")
    assert says in refused.value.message
    assert refused.value.details == {"field": "YouTube"}


def test_the_refusal_quotes_at_most_80_characters_of_the_value():
    with pytest.raises(InvalidInput) as refused:
        clean_link("ftp://" + "x" * 500, field="YouTube")
    assert "x" * 74 + "'" in refused.value.message
    assert "x" * 75 not in refused.value.message


def test_a_link_of_exactly_the_maximum_length_is_accepted():
    link = "https://example.org/" + "a" * (MAX_URL_LENGTH - len("https://example.org/"))
    assert len(link) == MAX_URL_LENGTH
    assert clean_link(link) == link


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pat@example.org", "mailto:pat@example.org"),
        (" pat.lee+oss@mail.example.org ", "mailto:pat.lee+oss@mail.example.org"),
        ("mailto:pat@example.org", "mailto:pat@example.org"),
        ("MAILTO:pat@example.org", "MAILTO:pat@example.org"),
        ("https://github.com/pat", "https://github.com/pat"),
        # A web link with a user part stays a web link, not a mailto.
        ("https://pat@github.com/pat", "https://pat@github.com/pat"),
    ],
)
def test_email_slots_accept_addresses_as_mailto_links_and_web_contact_links(value, expected):
    assert clean_link(value, allow_email=True, field="Guest email") == expected


@pytest.mark.parametrize(
    "value",
    [
        "pat",
        "pat@",
        "@example.org",
        "pat@example",
        "pat@@example.org",
        "mailto:",
        "mailto:pat",
        "mailto:pat@example",
        "javascript:alert(1)",
        "data:text/html,hi",
        "ftp://x",
        "<pat@example.org>",
        "pat @example.org",
        "mailto:pat @example.org",
    ],
)
def test_email_slots_still_refuse_what_is_neither_an_address_nor_a_web_link(value):
    with pytest.raises(InvalidInput, match="must be an http\\(s\\) link or an email address"):
        clean_link(value, allow_email=True, field="Guest email")
