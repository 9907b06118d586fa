"""Whatever arrives under /api/, the answer is JSON and never a server error.

Schemathesis (test_api_fuzz.py) explores the operations as the schema describes them. This
property goes where a schema does not lead: ids and dates at and beyond every bound, numbers
wider than 64 bits, control characters and other scripts' digits in paths, query strings and
bodies, bodies that are not JSON, methods an address does not take, missing or bad tokens.
The two answers that are not JSON by design are the interactive API docs page and a file
download.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsdesk.security.fields import DAY_PATTERN, NO_CONTROL_CHARACTERS

from .support import bearer, openapi

WORDS = [
    "9999-12-31",
    "0001-01-01",
    "1999-12-31",
    "2000-01-01",
    "2100-12-31",
    "2101-01-01",
    "2026-02-30",
    "99999999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "²",
    "١٢",
    "a\x00b",
    "\x1b[31m",
    "\u202e",
    "",
    " ",
    "null",
    "me",
    "none",
    "all",
    "%",
    "../../etc/passwd",
    "x" * 3000,
]
words = st.one_of(
    st.sampled_from(WORDS),
    st.integers(-(2**70), 2**70).map(str),
    st.dates().map(str),
    st.text(max_size=30),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    words,
)


def _operations() -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path, query names, body field names) of every operation the API serves."""
    found = []
    for path, entries in openapi()["paths"].items():
        for method, operation in entries.items():
            query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            found.append((method, path, query, sorted(_body_fields(operation))))
    return found


def _body_fields(operation: dict) -> set[str]:
    content = operation.get("requestBody", {}).get("content", {})
    names = set()
    for media in content.values():
        schema = media["schema"]
        if "$ref" in schema:
            schema = openapi()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        names |= set(schema.get("properties", {}))
    return names


OPERATIONS = _operations()
FIELDS = sorted({name for *_, fields in OPERATIONS for name in fields} | {"version", "taskIds"})


@st.composite
def requests(draw, ids: dict):
    method, path, query_names, body_fields = draw(st.sampled_from(OPERATIONS))
    method = draw(st.sampled_from([method] * 4 + ["get", "post", "put", "patch", "delete"]))
    real = st.sampled_from(sorted({str(v) for v in ids.values()}))
    real_or_odd = st.one_of(real, real, real, words)
    url = path
    while "{" in url:
        head, rest = url.split("{", 1)
        url = head + quote(draw(real_or_odd), safe="") + rest.split("}", 1)[1]
    query = draw(st.dictionaries(st.sampled_from(query_names or ["asOf"]), words, max_size=3))
    if query:
        url += "?" + urlencode(query)
    names = st.sampled_from(body_fields or FIELDS)
    values = st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
        max_leaves=8,
    )
    fields = st.dictionaries(names, values, max_size=5).map(json.dumps)
    body = draw(
        st.one_of(
            fields,
            fields,
            values.map(json.dumps),
            st.sampled_from(["", "{", "[]", "1e999", '{"date": 1e400}']),
            st.binary(max_size=40),
        )
    )
    kind = draw(st.sampled_from(["application/json"] * 4 + ["text/plain", "multipart/form-data"]))
    return method, url, body, kind


def _auth(draw_kind: str, world) -> dict:
    if draw_kind == "operator":
        return bearer(world.operator)
    if draw_kind == "bad token":
        return {"Authorization": "Bearer ods_not-a-real-token"}
    return {}


def _json_by_design_exception(url: str, response) -> bool:
    docs_page = url.split("?")[0] in ("/api/docs", "/api/docs/")
    download = response.status_code == 200 and "attachment" in response.get(
        "Content-Disposition", ""
    )
    return docs_page or download


@settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data(), who=st.sampled_from(["operator"] * 3 + ["anonymous", "bad token"]))
def test_every_api_answer_is_json_and_never_a_server_error(world, data, who):
    method, url, body, kind = data.draw(requests(world.ids))
    client = Client(raise_request_exception=False)

    response = client.generic(
        method.upper(), url, data=body, content_type=kind, headers=_auth(who, world)
    )

    content = b"".join(getattr(response, "streaming_content", [response.content]))
    assert response.status_code < 500, (method, url, content[:300])
    if not _json_by_design_exception(url, response):
        assert response["Content-Type"].startswith("application/json"), (method, url, content[:200])
        assert isinstance(json.loads(content), (dict, list))


def test_the_served_schema_declares_the_bounds_schema_driven_clients_generate_from():
    schemas = openapi()["components"]["schemas"]
    start = schemas["StartRunIn"]["properties"]
    task = schemas["AdhocTaskIn"]["properties"]
    dashboard = openapi()["paths"]["/api/dashboard"]["get"]["parameters"]

    assert start["anchorDate"]["pattern"] == DAY_PATTERN
    assert start["variables"]["additionalProperties"]["pattern"] == NO_CONTROL_CHARACTERS
    assert task["description"]["pattern"] == NO_CONTROL_CHARACTERS
    assert task["bundleId"]["anyOf"][0]["maximum"] == 2**63 - 1
    as_of = next(p for p in dashboard if p["name"] == "asOf")["schema"]
    assert as_of["anyOf"][0]["pattern"] == DAY_PATTERN
