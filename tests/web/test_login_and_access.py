"""Logging in and out, and who may do what on the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import make_user

from .builders import oss_run, snapshot, task

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-1"


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/workflows/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/workflows/"


def test_logging_in_with_email_and_password_opens_the_page_asked_for(client, operator):
    page = client.get("/login/?next=/tasks/")
    assert b'<label for="login-email">Email</label>' in page.content
    response = client.post(
        "/login/",
        {"email": "Operations-Manager@Example.org ", "password": PASSWORD, "next": "/tasks/"},
    )
    assert response.status_code == 302 and response["Location"] == "/tasks/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_with_a_sentence_and_no_session(client, operator):
    response = client.post("/login/", {"email": operator.email, "password": "nope"})
    assert response.status_code == 401
    assert "Email or password is wrong." in response.content.decode()
    assert client.get("/").status_code == 302


def test_login_never_redirects_to_another_site(client, operator):
    response = client.post(
        "/login/", {"email": operator.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_logging_out_needs_a_post(operator_client):
    assert operator_client.get("/logout/").status_code == 405
    assert operator_client.get("/").status_code == 200
    assert operator_client.post("/logout/")["Location"] == "/login/"
    assert operator_client.get("/").status_code == 302


def test_a_viewer_reads_the_run_but_sees_no_write_controls(operator, viewer):
    run = oss_run(operator)
    client = Client()
    client.force_login(viewer)
    for path in (
        f"/workflows/{run.id}/",
        "/",
        "/workflows/",
        "/tasks/",
        "/notifications/",
        f"/tasks/{task(run, 'record-demo').id}/",
    ):
        page = client.get(path).content.decode()
        assert "ExampleDB - Pat" in page or path in ("/notifications/",)
        # The only form a viewer gets to post is "Log out".
        assert page.count('method="post"') == 1, path
    assert (
        "Create"
        not in client.get(
            "/workflows/start/oss/?preview=1&anchorDate=2026-07-22&var-tool=A&var-author=B"
        ).content.decode()
    )


@pytest.mark.parametrize(
    "path, fields",
    [
        ("/tasks/{task}/complete/", {"link": "https://youtu.be/x"}),
        ("/tasks/{task}/waiting/", {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "n"}),
        ("/tasks/{task}/skip/", {"reason": "not needed"}),
        ("/workflows/{run}/links/", {"name": "YouTube", "url": "https://youtu.be/x"}),
        ("/workflows/{run}/stage/", {"stage": "after-event", "comment": "because"}),
        ("/workflows/{run}/archive/", {"archived": "1"}),
        ("/tasks/new/", {"description": "Call Pat", "date": "2026-07-05"}),
        (
            "/workflows/start/oss/run/",
            {"anchorDate": "2026-07-22", "var-tool": "A", "var-author": "B"},
        ),
    ],
)
def test_a_viewer_posting_a_form_is_forbidden_and_nothing_changes(operator, viewer, path, fields):
    run = oss_run(operator)
    client = Client()
    client.force_login(viewer)
    before = snapshot(run)
    url = path.format(run=run.id, task=task(run, "download-upload-youtube").id)
    response = client.post(url, fields)
    assert response.status_code == 403
    assert "can read opsdesk but not change it" in response.content.decode()
    assert snapshot(run) == before
    assert run.__class__.objects.count() == 1


def test_a_form_without_its_csrf_token_is_refused_and_nothing_changes(operator):
    run = oss_run(operator)
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    before = snapshot(run)
    response = client.post(
        f"/tasks/{task(run, 'download-upload-youtube').id}/complete/",
        {"link": "https://youtu.be/abc123"},
    )
    assert response.status_code == 403
    assert snapshot(run) == before


def test_a_form_with_its_csrf_token_goes_through(operator):
    run = oss_run(operator)
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    page = client.get(f"/workflows/{run.id}/")
    token = page.context["csrf_token"]
    response = client.post(
        f"/tasks/{task(run, 'download-upload-youtube').id}/complete/",
        {"link": "https://youtu.be/abc123", "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302
    assert task(run, "download-upload-youtube").status == "done"


def test_an_inactive_user_cannot_log_in(client):
    user = make_user("host", "gone@example.org")
    user.is_active = False
    user.save()
    response = client.post("/login/", {"email": "gone@example.org", "password": PASSWORD})
    assert response.status_code == 401
