"""Authentication backends: the login throttle first, then password login by email."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class LoginThrottle(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that arrive over HTTP.

    A login without a request (the test client's `login()`, a shell) has no address to count
    and is not reachable from outside, so it passes instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD)
        # PostgreSQL refuses NUL in a query; a control character never belongs to an address.
        if email is not None and not str(email).isprintable():
            return None
        return super().authenticate(request, username, password, **kwargs)
