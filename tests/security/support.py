"""Helpers for the security tests: the API's own operation list, bodies that pass schema
validation, bearer tokens, and a snapshot of everything a refused request must not change."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from opsdesk.accounts.tokens import issue_token
from opsdesk.runs.models import AuditEvent, FollowUp, LinkSlot, Run, Task, TaskFile
from tests.conftest import make_user

WRITE_METHODS = ("post", "put", "patch", "delete")
# Writes only an admin may make (webhooks send the work's events to other systems); every
# other write is open to each operator role.
ADMIN_ONLY_WRITES = {
    ("post", "/api/webhooks"),
    ("patch", "/api/webhooks/{webhook_id}"),
    ("delete", "/api/webhooks/{webhook_id}"),
    ("post", "/api/webhooks/{webhook_id}/test"),
}
SHARED_DATA = (Run, LinkSlot, Task, TaskFile, FollowUp, AuditEvent)


@cache
def openapi() -> dict:
    from opsdesk.api import api

    return api.get_openapi_schema()


def operations(methods=WRITE_METHODS, *, authenticated: bool = True) -> list[tuple[str, str]]:
    """(method, path) of every operation the API registers, so new endpoints are covered."""
    found = []
    for path, entries in openapi()["paths"].items():
        for method, operation in entries.items():
            if method in methods and bool(operation.get("security")) == authenticated:
                found.append((method, path))
    return sorted(found)


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = openapi()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def minimal_value(schema: dict):
    """The smallest value the schema accepts: required properties only, strings of one letter."""
    schema = resolve(schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return minimal_value(next(o for o in options if o.get("type") != "null"))
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: minimal_value(properties[name]) for name in schema.get("required", [])}
    if schema.get("examples"):
        return schema["examples"][0]
    return {"string": "x", "integer": 1, "number": 1, "boolean": True, "array": []}.get(kind)


def request_body(method: str, path: str) -> tuple[str | None, object]:
    """(content kind, value) of a body that passes the operation's schema validation."""
    body = openapi()["paths"][path][method].get("requestBody")
    if body is None:
        return None, None
    kind, media = next(iter(body["content"].items()))
    if kind.startswith("multipart/"):
        fields = resolve(media["schema"]).get("properties", {})
        return "multipart", {
            name: SimpleUploadedFile("proof.txt", b"proof", "text/plain")
            if spec.get("format") == "binary"
            else "x"
            for name, spec in fields.items()
        }
    return "json", minimal_value(media["schema"])


def fill_path(path: str, ids: dict[str, object]) -> str:
    """/api/tasks/{task_id} with the world's ids; an id the world lacks becomes 1."""
    return re.sub(r"{(\w+)}", lambda m: str(ids.get(m.group(1), 1)), path)


def call(client: Client, method: str, path: str, ids: dict, headers: dict | None = None):
    """Send the operation at `path` (a template like /api/tasks/{task_id}) with its ids filled
    in and a schema-valid body; return the response."""
    kind, value = request_body(method, path)
    return send(client, method, fill_path(path, ids), kind, value, headers)


def send(client: Client, method: str, url: str, kind, value, headers: dict | None = None):
    headers = headers or {}
    if kind == "multipart":
        return getattr(client, method)(url, data=value, headers=headers)
    if kind == "json":
        return getattr(client, method)(
            url, data=json.dumps(value), content_type="application/json", headers=headers
        )
    return getattr(client, method)(url, headers=headers)


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)}"}


def writer_for(method: str, path: str, operator):
    """Who may make this write: `operator`, or for an admin-only write a new admin."""
    if (method, path) not in ADMIN_ONLY_WRITES:
        return operator
    return make_user("admin", "writer-admin@example.org")


def data_snapshot() -> dict:
    """Every row of the shared work data, and the files in the upload folder."""
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in SHARED_DATA}
    rows["uploads"] = sorted(p.name for p in Path(settings.UPLOAD_DIR).glob("*"))
    return rows


def assert_only_own_entries_added(before: dict, after: dict, user) -> int:
    """Between two snapshots only audit entries `user` wrote about themselves (no run, no
    task) were added, and nothing else changed; returns how many were added."""
    added = [e for e in after["AuditEvent"] if e not in before["AuditEvent"]]
    assert [(e["actor_id"], e["run_id"], e["task_id"]) for e in added] == [
        (user.pk, None, None)
    ] * len(added)
    assert after | {"AuditEvent": before["AuditEvent"]} == before
    return len(added)
