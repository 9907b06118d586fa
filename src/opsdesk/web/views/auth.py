"""Logging in with email and password, and out again (POST with CSRF)."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

WRONG = "Email or password is wrong."


def _next_page(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else "/"


@require_http_methods(["GET", "HEAD", "POST"])
def login_page(request):
    if request.method != "POST":
        if request.user.is_authenticated:
            return redirect(_next_page(request))
        return render(request, "web/login.html", {"next": _next_page(request)})
    email = request.POST.get("email", "").strip().lower()[:254]
    password = request.POST.get("password", "")[:1024]
    user = authenticate(request, email=email, password=password) if email and password else None
    if user is None or not user.is_active:
        context = {"next": _next_page(request), "email": email, "error": WRONG}
        return render(request, "web/login.html", context, status=401)
    login(request, user)
    return redirect(_next_page(request))


@require_POST
def logout_page(request):
    logout(request)
    return redirect("/login/")
