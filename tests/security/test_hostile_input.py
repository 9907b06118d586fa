"""Whatever is pasted in: unsafe links are refused, markdown loses its scripts, unknown or
oversized fields are refused with 422, and a refused request changes nothing."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from opsdesk.docs.render import render_markdown

from .support import bearer, data_snapshot, fill_path, minimal_value, openapi, operations, resolve

HOSTILE_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "//evil.example/x",
    "http://",
    "https:///nohost",
    "https://exa mple.org",
    "https://example.org/\x00",
    "https://example.org/a\u2028b",
    "http://[not-an-address",
    "https://[x]/",
    "https://exa\u2100mple.org/",
    "mailto:pat@example.org",
    "https://" + "a" * 5000 + ".org",
]


@pytest.fixture
def auth(world) -> dict:
    return bearer(world.operator)


def _json(client_method, url, body, auth):
    return client_method(url, data=json.dumps(body), content_type="application/json", headers=auth)


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_hostile_link_slot_value_is_refused_and_nothing_changes(world, auth, link):
    before = data_snapshot()

    response = _json(
        Client().put, f"/api/bundles/{world.ids['bundle_id']}/links/YouTube", {"url": link}, auth
    )

    assert response.status_code == 422 and response.json()["error"] == "invalid-input"
    assert data_snapshot() == before


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_hostile_proof_link_does_not_complete_the_task(world, auth, link):
    before = data_snapshot()

    response = _json(
        Client().post, f"/api/tasks/{world.ids['task_id']}/complete", {"link": link}, auth
    )

    assert response.status_code == 422
    assert data_snapshot() == before


@pytest.mark.parametrize("link", ["javascript:alert(1)", "mailto:x@example.org"])
def test_a_hostile_link_cannot_be_patched_onto_a_task(world, auth, link):
    task = Client().get(f"/api/tasks/{world.ids['task_id']}", headers=auth).json()
    before = data_snapshot()

    response = _json(
        Client().patch,
        f"/api/tasks/{world.ids['task_id']}",
        {"version": task["version"], "link": link},
        auth,
    )

    assert response.status_code == 422
    assert data_snapshot() == before


def test_an_email_slot_takes_mailto_but_never_a_script(world, auth):
    slot = f"/api/bundles/{world.ids['bundle_id']}/links/Guest email"

    accepted = _json(Client().put, slot, {"url": "mailto:pat@example.org"}, auth)
    refused = _json(Client().put, slot, {"url": "mailto:pat@example.org?body=<script>"}, auth)

    assert accepted.status_code == 200
    assert refused.status_code == 422


def _body_operations() -> list[tuple[str, str]]:
    found = []
    for method, path in operations():
        body = openapi()["paths"][path][method].get("requestBody")
        if body and "application/json" in body["content"]:
            found.append((method, path))
    return found


def _body_schema(method: str, path: str) -> dict:
    schema = openapi()["paths"][path][method]["requestBody"]["content"]["application/json"]
    schema = resolve(schema["schema"])
    options = schema.get("anyOf")
    return resolve(next(o for o in options if o.get("type") != "null")) if options else schema


@pytest.mark.parametrize(("method", "path"), _body_operations())
def test_unknown_json_fields_are_refused_with_422_everywhere(world, auth, method, path):
    body = {**minimal_value(_body_schema(method, path)), "isAdmin": True}
    before = data_snapshot()

    response = _json(getattr(Client(), method), fill_path(path, world.ids), body, auth)

    assert response.status_code == 422, response.content[:300]
    assert "isAdmin" in response.json()["message"]
    assert data_snapshot() == before


# A process doc's full source may hold up to 1 MB (more is 413: tests/docs/test_doc_editing_api.py).
WHOLE_DOCUMENTS = {("put", "/api/docs/{ref}", "source"), ("post", "/api/docs/", "source")}


def _text_fields() -> list[tuple[str, str, str]]:
    fields = []
    for method, path in _body_operations():
        for name, spec in _body_schema(method, path).get("properties", {}).items():
            if (method, path, name) in WHOLE_DOCUMENTS:
                continue
            kinds = {o.get("type") for o in spec.get("anyOf", [spec])}
            if "string" in kinds or spec.get("type") == "object":
                fields.append((method, path, name))
    return fields


# Bodies whose refusal would otherwise come from an unknown template before any length check.
REALISTIC = {"StartRunIn": {"type": "oss", "anchorDate": "2026-07-22", "variables": {"tool": "X"}}}


@pytest.mark.parametrize(("method", "path", "field"), _text_fields())
def test_every_text_field_refuses_a_100k_character_value(world, auth, method, path, field):
    schema = _body_schema(method, path)
    body = {**minimal_value(schema), **REALISTIC.get(schema.get("title"), {})}
    huge = "x" * 100_000
    if schema["properties"][field].get("type") == "object":
        body[field] = {key: huge for key in body.get(field) or {"k": ""}}
    else:
        body[field] = huge
    before = data_snapshot()

    response = _json(getattr(Client(), method), fill_path(path, world.ids), body, auth)

    assert response.status_code == 422, response.content[:300]
    assert data_snapshot() == before


HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="vbscript:msgbox(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg><script>alert(1)</script></svg>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<form action=https://evil.example><input name=p></form>",
    '<object data="x.swf"></object><embed src="x.swf">',
    "![x](javascript:alert(1))",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
]


class _Elements(HTMLParser):
    """Every tag and attribute in a piece of HTML, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {k: v or "" for k, v in attrs}))


SAFE_URL = re.compile(r"^(https?:|mailto:|/|#|\?|[^:]*$)", re.IGNORECASE)


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN)
def test_hostile_markdown_renders_without_anything_that_can_run(text):
    parser = _Elements()
    parser.feed(render_markdown(text))

    for tag, attributes in parser.found:
        assert tag not in {"script", "iframe", "form", "object", "embed", "svg", "style"}
        if tag == "input":  # only the disabled checkbox of a task list survives
            assert attributes.get("disabled") and attributes.get("type", "checkbox") == "checkbox"
        assert not [a for a in attributes if a.startswith("on") or a == "style"]
        for name in ("href", "src"):
            assert SAFE_URL.match(attributes.get(name, "")), (tag, attributes)


def test_a_hostile_comment_is_shown_as_text_on_the_run_page(world, auth):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    task = f"/api/tasks/{world.ids['task_id']}"
    version = Client().get(task, headers=auth).json()["version"]
    saved = _json(Client().patch, task, {"version": version, "comment": payload}, auth)
    assert saved.status_code == 200
    client = Client()
    client.force_login(world.operator)

    page = client.get(f"/workflows/{world.ids['bundle_id']}/").content.decode()

    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page


@pytest.mark.parametrize(("method", "path", "field"), _text_fields())
def test_every_text_field_survives_control_characters_without_a_server_error(
    world, auth, method, path, field
):
    # PostgreSQL refuses NUL in text and JSON; it must be refused or dropped before it gets there.
    schema = _body_schema(method, path)
    body = {**minimal_value(schema), **REALISTIC.get(schema.get("title"), {})}
    nasty = "a\x00b\x1bc\u202ed"
    if schema["properties"][field].get("type") == "object":
        body[field] = {key: nasty for key in body.get(field) or {"k": ""}}
    else:
        body[field] = nasty

    response = _json(getattr(Client(), method), fill_path(path, world.ids), body, auth)

    assert response.status_code < 500, response.content[:300]


@pytest.mark.parametrize(
    "path", ["/api/process-gaps?template=%00", "/api/tasks?source=a%00b", "/api/search?q=%00"]
)
def test_a_nul_in_the_query_string_is_refused_before_any_database_sees_it(api, path):
    status, error = api.get(path.removeprefix("/api"))

    assert status == 422 and error["error"] == "invalid-input"
