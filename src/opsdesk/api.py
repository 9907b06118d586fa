"""The JSON API: one NinjaAPI, one place where domain errors become HTTP responses."""

from __future__ import annotations

import orjson
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from opsdesk.accounts.auth import API_AUTH
from opsdesk.domain import errors
from opsdesk.security.api_errors import error_code

STATUS_BY_CODE = {
    errors.InvalidInput.code: 422,
    errors.NotFound.code: 404,
    errors.ProofMissing.code: 422,
    errors.WaitingIncomplete.code: 422,
    errors.InvalidTransition.code: 409,
    errors.SkipRefused.code: 422,
    errors.ClosureBlocked.code: 422,
    errors.StaleVersion.code: 409,
    errors.PermissionDenied.code: 403,
    errors.NotAuthenticated.code: 401,
    errors.InUse.code: 409,
    "template-invalid": 422,
    "too-large": 413,
    "doc-id-clash": 409,
}


class FastJSONRenderer(BaseRenderer):
    """orjson writes the large lists several times faster than the standard library. Datetimes
    and anything else orjson does not know go through ninja's encoder, so values are written
    exactly as before (e.g. "2026-07-01T08:00:00Z")."""

    media_type = "application/json"
    _fallback = NinjaJSONEncoder().default
    _options = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS

    def render(self, request, data, *, response_status: int) -> bytes:
        return orjson.dumps(data, default=self._fallback, option=self._options)


api = NinjaAPI(
    title="opsdesk API",
    version="1",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    renderer=FastJSONRenderer(),
)


def error_body(code: str, message: str, **details) -> dict:
    return {"error": code, "message": message, **details}


@api.exception_handler(errors.DomainError)
def _domain_error(request: HttpRequest, exc: errors.DomainError):
    status = STATUS_BY_CODE.get(exc.code, 422)
    return api.create_response(
        request, error_body(exc.code, exc.message, **exc.details), status=status
    )


def _field(location: tuple) -> str:
    """The field as the client spelled it: ("body", "body", "date") and ("query", "asOf") give
    "date" and "asOf" (the second body entry is the view's parameter, not the client's)."""
    parts = [str(p) for p in location[1:]]
    if location[:1] == ("body",) and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _problem(error: dict) -> str:
    field = _field(tuple(error.get("loc", ())))
    # A refusal from the domain's bounds already names the field in a whole sentence.
    message = str(error.get("msg", "")).removeprefix("Value error, ").rstrip(".")
    return message if message.startswith(field.split(".")[0]) else f"{field}: {message}"


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError):
    problems = [_problem(e) for e in exc.errors]
    fields = [_field(tuple(e.get("loc", ()))) for e in exc.errors]
    return api.create_response(
        request,
        error_body(
            "invalid-input",
            "Invalid request: " + "; ".join(problems) + ".",
            field=fields[0] if fields else "body",
            detail=problems,
        ),
        status=422,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request,
        error_body("unauthorized", "Log in or send an Authorization: Bearer token."),
        status=401,
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(
        request, error_body(error_code(exc.status_code), str(exc)), status=exc.status_code
    )


def _register_routers() -> None:
    from opsdesk.accounts.api import router as accounts_router
    from opsdesk.delivery.api import router as delivery_router
    from opsdesk.docs.api import router as docs_router
    from opsdesk.docs.edit_api import router as docs_edit_router
    from opsdesk.gaps.api import router as gaps_router
    from opsdesk.insights.api import router as insights_router
    from opsdesk.resources.api import router as resources_router
    from opsdesk.review.api import router as review_router
    from opsdesk.runs.api import bundles_router, dashboard_router, tasks_router, templates_router
    from opsdesk.runs.template_update_api import template_update_router, template_versions_router
    from opsdesk.schedule.api import router as schedule_router
    from opsdesk.search.api import router as search_router

    api.add_router("/", accounts_router)
    api.add_router("/templates", templates_router)
    api.add_router("/bundles", bundles_router)
    api.add_router("/templates", template_versions_router)
    api.add_router("/bundles", template_update_router)
    api.add_router("/tasks", tasks_router)
    api.add_router("/dashboard", dashboard_router)
    api.add_router("/", schedule_router)
    # Before the docs router: its GET /docs/{path} would also take /docs/{id}/process-gaps.
    api.add_router("/", gaps_router)
    api.add_router("/", review_router)
    api.add_router("/", docs_edit_router)
    api.add_router("/", search_router)
    api.add_router("/", docs_router)
    api.add_router("/", resources_router)
    api.add_router("/", delivery_router)
    api.add_router("/", insights_router)


_register_routers()
