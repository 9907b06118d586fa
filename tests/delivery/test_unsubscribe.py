"""The unsubscribe link of an email: no login, one kind for one person, once; a tampered or
expired link changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client

from opsdesk.delivery import unsubscribe
from opsdesk.delivery.passes import deliver
from opsdesk.delivery.prefs import prefs_of, update_prefs
from opsdesk.delivery.unsubscribe import SALT
from opsdesk.runs.models import AuditEvent

from .builders import person
from .test_emails import queue_plain_email

pytestmark = pytest.mark.django_db


def prefs(user):
    """What is stored now (the user object caches its preference row)."""
    return prefs_of(type(user).objects.get(pk=user.pk))


def link_in(mail) -> str:
    return re.search(
        r"<http://127\.0\.0\.1:8000(/unsubscribe/[^>]+)>", mail["List-Unsubscribe"]
    ).group(1)


@pytest.fixture
def host():
    user = person("host")
    update_prefs(user, digest=True, digest_hour=8, digest_days=["mon"], immediate=["assigned"])
    return user


def test_the_link_asks_first_then_turns_off_that_kind_for_that_person_once(host, smtp, now):
    other = person("content-editor")
    update_prefs(other, digest=True, digest_hour=8, digest_days=["mon"], immediate=["assigned"])
    queue_plain_email(1, user=host)
    deliver(now=lambda: now)
    link = link_in(smtp.messages[0])
    browser = Client()

    asked = browser.get(link)
    assert (
        asked.status_code == 200 and b"Stop emails when a task is assigned to you?" in asked.content
    )
    assert prefs(host).immediate == ("assigned",)

    done = browser.post(link)
    again = browser.post(link)

    assert done.status_code == 200 and b"no longer receives" in done.content
    assert again.status_code == 400 and b"already used" in again.content
    assert prefs(host).immediate == () and prefs(host).digest is True
    assert prefs(other).immediate == ("assigned",)
    assert AuditEvent.objects.filter(action="notification-unsubscribed").count() == 1


def test_one_click_from_a_mail_client_works_without_a_csrf_token(host, mailoutbox, now):
    queue_plain_email(1, user=host)
    deliver(now=lambda: now)
    link = (
        mailoutbox[0]
        .extra_headers["List-Unsubscribe"]
        .strip("<>")
        .removeprefix("http://127.0.0.1:8000")
    )

    answer = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})

    assert answer.status_code == 200 and prefs(host).immediate == ()


@pytest.mark.parametrize("how", ["tampered", "forged-kind", "garbage", "expired"])
def test_a_bad_link_is_refused_and_changes_nothing(host, mailoutbox, now, how, monkeypatch):
    message = queue_plain_email(1, user=host)
    deliver(now=lambda: now)
    token = mailoutbox[0].extra_headers["List-Unsubscribe"].split("/unsubscribe/")[1].split("/")[0]
    if how == "tampered":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    elif how == "forged-kind":
        token = signing.dumps({"d": str(message.delivery_id), "k": "digest"}, salt="guessed")
    elif how == "garbage":
        token = "not-a-token"
    else:
        token = signing.dumps({"d": str(message.delivery_id), "k": "assigned"}, salt=SALT)
        monkeypatch.setattr(unsubscribe, "VALID_FOR", timedelta(seconds=-1))

    answer = Client().post(f"/unsubscribe/{token}/")

    assert answer.status_code == 400
    assert prefs(host).immediate == ("assigned",) and prefs(host).digest is True
    assert not AuditEvent.objects.filter(action="notification-unsubscribed").exists()
