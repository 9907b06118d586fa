"""Emails: through a real SMTP server, multipart, escaped, with absolute links and the headers
receivers and mail clients rely on; without SMTP, .eml files in the outbox folder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from opsdesk.delivery.compose import queue_email
from opsdesk.delivery.mail_settings import EML_BACKEND, SMTP_BACKEND, email_settings, sender
from opsdesk.delivery.passes import deliver

from .builders import person


def queue_plain_email(n: int, user=None, body: str = "Plain words"):
    user = user or person("operations-manager", f"person{n}@example.org")
    return queue_email(
        user,
        "assigned",
        f"email:test:{n}",
        f"Test email {n}",
        "immediate",
        {"headline": "A <b>bold</b> claim & more", "body": body, "url": "http://x.test/t/1"},
    )


@pytest.mark.django_db
def test_an_email_arrives_as_text_and_html_with_delivery_and_unsubscribe_headers(smtp, now):
    message = queue_plain_email(1, body='<script>alert("x")</script>')

    assert deliver(now=lambda: now).sent == 1

    [mail] = smtp.messages
    assert mail["To"] == "person1@example.org"
    assert mail["X-Opsdesk-Delivery"] == str(message.delivery_id)
    assert mail["Message-ID"] == f"<{message.delivery_id}@127.0.0.1>"
    assert mail["List-Unsubscribe"].strip().startswith("<http://127.0.0.1:8000/unsubscribe/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "A <b>bold</b> claim & more" in text
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &amp; more" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="http://127.0.0.1:8000/settings/notifications/"' in html


@pytest.mark.django_db
def test_without_smtp_the_email_is_an_eml_file_named_by_its_delivery_id(settings, tmp_path, now):
    settings.EMAIL_BACKEND = EML_BACKEND
    settings.OUTBOX_DIR = tmp_path / "outbox"
    message = queue_plain_email(1)

    deliver(now=lambda: now)
    deliver(now=lambda: now + timedelta(hours=1))

    [eml] = list((tmp_path / "outbox").iterdir())
    assert eml.name == f"{message.delivery_id}.eml"
    content = eml.read_text()
    assert "Subject: Test email 1" in content and "text/html" in content


@pytest.mark.django_db
def test_a_mail_server_that_refuses_leaves_the_email_to_retry(settings, now):
    from .receivers import free_port

    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    message = queue_plain_email(1)

    report = deliver(now=lambda: now)

    message.refresh_from_db()
    assert report.retrying == 1
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.next_attempt_at == now + timedelta(minutes=1)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", {"EMAIL_BACKEND": EML_BACKEND}),
        (
            "smtp://mailer:s%40cret@mail.example.org:2525",
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 2525,
                "EMAIL_HOST_USER": "mailer",
                "EMAIL_HOST_PASSWORD": "s@cret",
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtp+starttls://mail.example.org", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True}),
        ("smtps://mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
    ],
)
def test_smtp_urls_become_django_email_settings(url, expected):
    settings = email_settings(url)
    assert {k: settings[k] for k in expected} == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://mail.example.org",
        "smtp://",
        "smtp://mail.example.org:notaport",
        "smtp://mail.example.org/path",
        "mail.example.org:25",
    ],
)
def test_a_malformed_smtp_url_names_the_variable_and_hides_the_password(url):
    with pytest.raises(ImproperlyConfigured, match="OPSDESK_SMTP_URL"):
        email_settings(url)
    with pytest.raises(ImproperlyConfigured) as refused:
        email_settings("ftp://user:hunter2@mail.example.org")
    assert "hunter2" not in str(refused.value)


def test_the_sender_must_hold_an_address():
    assert sender("opsdesk <ops@example.org>") == "opsdesk <ops@example.org>"
    for bad in ("opsdesk", "ops@example.org\r\nBcc: x@example.org"):
        with pytest.raises(ImproperlyConfigured, match="OPSDESK_EMAIL_FROM"):
            sender(bad)
