"""Schemathesis against /api/openapi.json, in process (no network): generated and mutated
requests from an operations manager must never produce a server error, and every answer must
match the schema — successes as declared, refusals as the API's {"error", "message"} body.

The served schema states the input bounds (security/fields.py): dates as a 2000–2100 pattern,
integers within 64 bits, text without control characters. So generated requests land inside
them and, in negative mode, just outside; either way the answer must be a documented one.

The served schema declares only successes; the error contract (DESIGN.md: `{"error": code,
"message": sentence}` with these statuses) is added here so refusals are checked too.
"""

from __future__ import annotations

import copy
from urllib.parse import unquote, urlsplit

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from opsdesk.accounts.tokens import issue_token
from opsdesk.wsgi import application

ERROR_STATUSES = {
    "400": "Bad request",
    "401": "Not logged in",
    "403": "Not allowed for this role",
    "404": "No such thing",
    "405": "Method not allowed",
    "409": "Stale or impossible change",
    "413": "Too large",
    "422": "Refused input",
    "429": "Too many login attempts",
}
ERROR_BODY = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"max-examples": 15, "deterministic": True, "mode": "all"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)


def with_error_contract(served: dict) -> dict:
    schema = copy.deepcopy(served)
    for entries in schema["paths"].values():
        for operation in entries.values():
            for status, description in ERROR_STATUSES.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_BODY}},
                    },
                )
    return schema


def _served_schema() -> dict:
    # Fetched while tests are collected, before the test run allows Django's "testserver"
    # host: ask as the browser on this machine would.
    response = Client().get("/api/openapi.json", headers={"Host": "localhost"})
    assert response.status_code == 200
    return response.json()


def read_whole_answer(app):
    """Wrap the WSGI app the way a server uses it: read each answer to the end, then close it
    (a file download otherwise stays open)."""

    def wsgi(environ, start_response):
        result = app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            result.close()

    return wsgi


def _routable(response) -> bool:
    """Whether the URL reaches an API operation; mutated path parameters ("/api/tasks/%00")
    fall through to Django's generic 404 page before the API sees them."""
    try:
        resolve(unquote(urlsplit(response.request.url).path))
    except Resolver404:
        return False
    return True


schema = schemathesis.openapi.from_dict(with_error_contract(_served_schema()), config=CONFIG)
schema.app = read_whole_answer(application)


@pytest.fixture
def in_process_requests():
    # Django's test client keeps the test's database connection open across requests; the
    # WSGI transport does not, so do the same here.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def operator_token(world) -> str:
    return issue_token(world.operator)


def _refused_before_routing(case) -> bool:
    # A NUL anywhere in the query string is refused by middleware before any route is matched.
    return any("\x00" in str(value) for value in (case.query or {}).values())


@schema.parametrize()
# The world and token are meant to persist across examples: later requests meet the state
# earlier ones left (a task already waiting, a slot already filled), which finds more. A busy
# machine must not turn generation speed into a failure.
@settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ]
)
def test_the_api_never_fails_and_always_answers_as_documented(
    case, world, operator_token, in_process_requests
):
    for name, value in list((case.path_parameters or {}).items()):
        # Half the generated ids become real ones, so bodies are tried on real runs and tasks.
        if name in world.ids and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = world.ids[name]

    response = case.call(headers={"Authorization": f"Bearer {operator_token}"})

    if _refused_before_routing(case):
        assert response.status_code == 422
    elif _routable(response):
        case.validate_response(response, checks=CHECKS)
    else:
        assert response.status_code == 404
