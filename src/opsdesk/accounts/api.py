"""Health, session login and logout, and who am I.

Login is throttled per account and per address by django-axes (accounts/throttle.py): a locked
out caller gets 429 with Retry-After instead of this view's 401.
"""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.db import connection
from django.middleware.csrf import get_token
from ninja import Router
from pydantic import Field

from opsdesk.domain.errors import InvalidInput, NotAuthenticated
from opsdesk.security.fields import Body

router = Router(tags=["accounts"])


class LoginIn(Body):
    # No control characters: the address is looked up and logged (PostgreSQL refuses NUL).
    email: str = Field(max_length=254, pattern=r"^[^\x00-\x1f\x7f]*$")
    password: str = Field(max_length=1024)


def user_json(user) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role}


@router.get("/health", auth=None)
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


@router.post("/auth/login", auth=None)
def session_login(request, body: LoginIn):
    # Login needs no CSRF token, but a cross-site HTML form cannot send JSON: refusing other
    # content types stops another site from logging a visitor in as someone else.
    if request.content_type != "application/json":
        raise InvalidInput("Send the login as JSON (Content-Type: application/json).")
    user = authenticate(request, email=body.email.strip().lower(), password=body.password)
    if user is None or not user.is_active:
        raise NotAuthenticated("Email or password is wrong.")
    login(request, user)
    return {"user": user_json(user), "csrfToken": get_token(request)}


@router.post("/auth/logout")
def session_logout(request):
    logout(request)
    return {"status": "logged-out"}


@router.get("/me")
def me(request):
    return user_json(request.auth)
