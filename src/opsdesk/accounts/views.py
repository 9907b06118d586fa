"""Logging in with email and password, and out again (POST with CSRF)."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from opsdesk.web.context import safe_next

WRONG = "Email or password is wrong."


def _next_page(request) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), "/")


@require_http_methods(["GET", "HEAD", "POST"])
def login_page(request):
    if request.method != "POST":
        if request.user.is_authenticated:
            return redirect(_next_page(request))
        return render(request, "accounts/login.html", {"next": _next_page(request)})
    email = request.POST.get("email", "").strip().lower()[:254]
    password = request.POST.get("password", "")[:1024]
    user = authenticate(request, email=email, password=password) if email and password else None
    if user is None or not user.is_active:
        context = {"next": _next_page(request), "email": email, "error": WRONG}
        return render(request, "accounts/login.html", context, status=401)
    login(request, user)
    return redirect(_next_page(request))


@require_POST
def logout_page(request):
    logout(request)
    return redirect("/login/")
