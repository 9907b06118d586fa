"""Every answer carries headers that stop inline scripts, framing and referrer leaks."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from .support import bearer

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def _policy(response) -> dict:
    directives = (d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def _assert_protected(response) -> None:
    policy = _policy(response)
    assert {k: policy.get(k) for k in POLICY} == POLICY
    assert policy["style-src"].startswith("'self' ")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path", ["/api/health", "/api/dashboard", "/api/openapi.json", "/login/", "/admin/login/"]
)
def test_pages_and_api_answers_carry_the_security_headers(world, path):
    _assert_protected(Client().get(path, headers=bearer(world.operator)))


def test_refusals_carry_the_security_headers_too(world):
    _assert_protected(Client().get("/api/dashboard"))  # 401
    _assert_protected(Client().get("/api/tasks/999999", headers=bearer(world.operator)))  # 404
    _assert_protected(
        Client().post("/api/health", data=b"x" * (3 * 1024 * 1024), content_type="text/plain")
    )  # 413


@pytest.mark.parametrize("path", ["/login/", "/admin/login/", "/api/docs"])
def test_pages_need_no_inline_script_or_style_to_work_under_the_policy(path):
    html = Client().get(path).content.decode()

    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline_scripts == []
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"<style[\s>]|\sstyle\s*=", html), "inline style"


def test_the_api_docs_load_their_scripts_from_opsdesk_not_a_cdn():
    html = Client().get("/api/docs").content.decode()

    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources)
