"""How API callers prove who they are: a session cookie (with CSRF) or a bearer token."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken, hash_token

LAST_USED_STEP = timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        # The hash is unique: one row or none. Every API call pays this lookup, so it is built
        # as the plainest query (no ordering, no filter across the join); the row is then
        # refused in Python for exactly what the query used to refuse.
        match = next(
            iter(ApiToken.objects.select_related("user").filter(token_hash=hash_token(token))[:1]),
            None,
        )
        if match is None or match.revoked_at is not None or not match.user.is_active:
            return None
        now = timezone.now()
        # "Last used" is read in minutes; a write per request would queue every API call for
        # the database's write lock.
        if match.last_used_at is None or now - match.last_used_at >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=match.pk).update(last_used_at=now)
        request.user = match.user
        return match.user


class ActiveSession(SessionAuth):
    """The browser's login session; its writes need the CSRF token.

    ninja checks CSRF before it asks who is logged in, so a caller with no session at all
    would hear "CSRF check failed" (403). Checking only once a person is known lets the
    anonymous, and callers with a bad or revoked token, hear that they must log in (401).
    """

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        return super().__call__(request)


API_AUTH = [BearerToken(), ActiveSession(csrf=True)]
