"""The outbox: queued once, claimed by one pass, retried with backoff, re-sent after a crash."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection

from opsdesk.delivery.models import OutboxMessage, WebhookAttempt
from opsdesk.delivery.outbox import LEASE, claim_next
from opsdesk.delivery.passes import deliver
from opsdesk.delivery.prefs import update_prefs
from opsdesk.domain.delivery import signature_matches
from opsdesk.runs.models import AuditEvent
from opsdesk.schedule.models import Notification

from .builders import SECRET, admin, queued_call, webhook
from .receivers import HttpReceiver


def clock(moment):
    return lambda: moment


@pytest.mark.django_db
def test_a_message_key_is_queued_once(receiver, now):
    endpoint = webhook(receiver.url)

    first, second = queued_call(endpoint, 1), queued_call(endpoint, 1)

    assert first is not None and second is None
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_pass_sends_a_due_call_signed_with_its_delivery_id(receiver, now):
    endpoint = webhook(receiver.url)
    message = queued_call(endpoint, 1)

    report = deliver(now=clock(now))

    assert report.sent == 1
    [call] = receiver.received
    assert call.headers["X-Opsdesk-Delivery"] == str(message.delivery_id)
    assert call.json["deliveryId"] == str(message.delivery_id)
    assert call.json["text"] == "message 1"
    assert signature_matches(SECRET, call.body, call.headers["X-Opsdesk-Signature"])
    assert not signature_matches(
        "another-secret-entirely", call.body, call.headers["X-Opsdesk-Signature"]
    )
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1
    assert deliver(now=clock(now + timedelta(hours=1))).sent == 0


@pytest.mark.django_db
def test_a_receiver_answering_500_then_200_gets_the_event_twice_with_one_delivery_id(now):
    with HttpReceiver(statuses=[500, 200]) as flaky:
        endpoint = webhook(flaky.url)
        message = queued_call(endpoint, 1)

        first = deliver(now=clock(now))
        too_early = deliver(now=clock(now + timedelta(seconds=59)))
        retried = deliver(now=clock(now + timedelta(minutes=1)))

    assert (first.retrying, too_early.sent, retried.sent) == (1, 0, 1)
    ids = [r.headers["X-Opsdesk-Delivery"] for r in flaky.received]
    assert ids == [str(message.delivery_id)] * 2
    log = list(WebhookAttempt.objects.filter(message=message).order_by("id"))
    assert [(a.attempt, a.status_code) for a in log] == [(1, 500), (2, 200)]


@pytest.mark.django_db
def test_failures_back_off_then_give_up_with_one_notification_and_switch_the_webhook_off(now):
    with HttpReceiver(statuses=[503] * 10) as down:
        endpoint = webhook(down.url)
        message = queued_call(endpoint, 1)
        moment = now
        for wait in (0, 1, 5, 30, 120, 720):
            moment += timedelta(minutes=wait)
            deliver(now=clock(moment))
        deliver(now=clock(moment + timedelta(days=2)))

    assert len(down.received) == 6
    message.refresh_from_db()
    endpoint.refresh_from_db()
    assert message.status == "failed"
    assert not endpoint.enabled and "6 failed attempts" in endpoint.disabled_reason
    assert AuditEvent.objects.filter(action="webhook-switched-off").count() == 1
    failures = Notification.objects.filter(type="automation-failure")
    assert failures.count() == 1 and "503" in failures.get().message


@pytest.mark.django_db
def test_a_crash_after_claiming_sends_again_once_after_the_lease(receiver, now):
    endpoint = webhook(receiver.url)
    message = queued_call(endpoint, 1)
    # A pass claims the message, then dies before sending or recording anything.
    assert claim_next("crashed-pass", now) is not None

    during_lease = deliver(now=clock(now + LEASE - timedelta(seconds=1)))
    after_lease = deliver(now=clock(now + LEASE))
    later = deliver(now=clock(now + LEASE + timedelta(hours=1)))

    assert (during_lease.sent, after_lease.sent, later.sent) == (0, 1, 0)
    assert [r.headers["X-Opsdesk-Delivery"] for r in receiver.received] == [
        str(message.delivery_id)
    ]


@pytest.mark.django_db
def test_a_receiver_that_hangs_is_left_after_the_timeout_and_the_pass_goes_on(settings, now):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    with HttpReceiver(hang=1.0) as slow, HttpReceiver() as quick:
        queued_call(webhook(slow.url), 1)
        queued_call(webhook(quick.url), 2)

        report = deliver(now=clock(now))

    assert (report.sent, report.retrying) == (1, 1)
    assert len(quick.received) == 1
    assert "no answer within 0.3 seconds" in WebhookAttempt.objects.get(status_code=None).error


@pytest.mark.django_db
def test_a_webhook_to_loopback_is_refused_at_send_time_without_the_setting(receiver, settings, now):
    endpoint = webhook(receiver.url)
    queued_call(endpoint, 1)
    settings.WEBHOOK_ALLOW_PRIVATE = False

    report = deliver(now=clock(now))

    assert report.retrying == 1 and receiver.received == []
    assert "127.0.0.1" in WebhookAttempt.objects.get().error


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_passes_send_each_message_once(smtp, now):
    from .test_emails import queue_plain_email

    with HttpReceiver() as http:
        endpoint = webhook(http.url)
        messages = [queued_call(endpoint, n) for n in range(30)]
        emails = [queue_plain_email(n) for n in range(10)]
        start = threading.Barrier(2)

        def one_pass(name):
            try:
                start.wait()
                deliver(now=clock(now), holder=name)
            finally:
                connection.close()

        passes = [threading.Thread(target=one_pass, args=(f"pass-{n}",)) for n in range(2)]
        for thread in passes:
            thread.start()
        for thread in passes:
            thread.join(30)

    sent_calls = sorted(r.headers["X-Opsdesk-Delivery"] for r in http.received)
    assert sent_calls == sorted(str(m.delivery_id) for m in messages)
    sent_mail = sorted(m["X-Opsdesk-Delivery"] for m in smtp.messages)
    assert sent_mail == sorted(str(e.delivery_id) for e in emails)
    # Only the queued ones: a pass run at someone's digest hour also queues (and skips) a digest.
    queued = OutboxMessage.objects.filter(pk__in=[m.pk for m in [*messages, *emails]])
    assert set(queued.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_finished_messages_are_removed_after_120_days_and_waiting_ones_never(receiver, now):
    endpoint = webhook(receiver.url)
    # No digest of the admin's is queued when a pass happens to run at their digest hour.
    update_prefs(admin(), digest=False, digest_hour=8, digest_days=["mon"], immediate=[])
    sent, waiting = queued_call(endpoint, 1), queued_call(endpoint, 2)
    deliver(now=clock(now))
    OutboxMessage.objects.filter(pk=waiting.pk).update(
        status="pending", next_attempt_at=now + timedelta(days=400)
    )

    deliver(now=clock(now + timedelta(days=119)))
    kept = set(OutboxMessage.objects.values_list("pk", flat=True))
    deliver(now=clock(now + timedelta(days=121)))

    assert kept == {sent.pk, waiting.pk}
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert not WebhookAttempt.objects.filter(message_id=sent.pk).exists()
