"""Health, session login and logout, and who am I."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.db import connection
from django.middleware.csrf import get_token
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from opsdesk.domain.errors import NotAuthenticated

router = Router(tags=["accounts"])


class LoginIn(Schema):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254)
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
