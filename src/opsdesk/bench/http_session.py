"""A person's side of the HTTP bench: API calls with a token, pages with a logged-in session.

One new loopback connection per request, as a reverse proxy opens them; any answer other than
the expected status stops the bench, so a fast error is never timed as a fast page.
"""

from __future__ import annotations

import http.client
import json
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

TIMEOUT_SECONDS = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class UnexpectedAnswer(RuntimeError):
    pass


class HttpSession:
    def __init__(self, base_url: str, token: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.cookies: dict[str, str] = {}
        self.requests = 0

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        self.requests += 1
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data

    @staticmethod
    def _expect(status: int, wanted: tuple[int, ...], method: str, path: str, data: bytes):
        if status not in wanted:
            raise UnexpectedAnswer(f"{method} {path}: {status} {data[:300]!r}")

    def api(self, method: str, path: str, body: dict | None = None, wanted=(200, 201)):
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        payload = json.dumps(body).encode() if body is not None else None
        status, data = self._send(method, path, payload, headers)
        self._expect(status, wanted, method, path, data)
        return json.loads(data) if data else None

    def page(self, path: str) -> bytes:
        status, data = self._send("GET", path, None, self._cookie_header())
        self._expect(status, (200,), "GET", path, data)
        return data

    def _cookie_header(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def log_in(self, email: str, password: str) -> None:
        """The login form, as a browser sends it: its CSRF token, then a redirect home."""
        found = CSRF_FIELD.search(self.page("/login/").decode())
        if found is None:
            raise UnexpectedAnswer("the login page has no CSRF field")
        form = {"csrfmiddlewaretoken": found.group(1), "email": email, "password": password}
        headers = self._cookie_header() | {"Content-Type": "application/x-www-form-urlencoded"}
        status, data = self._send("POST", "/login/", urlencode(form).encode(), headers)
        self._expect(status, (302, 303), "POST", "/login/", data)
