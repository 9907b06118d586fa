"""The morning digest: once per person and weekday at their hour in Berlin time, across the
daylight-saving changes; never on a day with nothing to say."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.delivery.models import OutboxMessage
from opsdesk.delivery.passes import deliver
from opsdesk.delivery.prefs import update_prefs
from opsdesk.runs.models import Task

from .builders import at, person

pytestmark = pytest.mark.django_db


def overdue_task(**fields) -> Task:
    return Task.objects.create(
        description=fields.pop("description", "Send the <invoice> & receipt"),
        due_date=date(2026, 1, 5),
        status="todo",
        source="manual",
        **fields,
    )


def hourly_passes(first: str, days: int, mailbox) -> list[str]:
    """A pass every hour (UTC) for `days` days; the UTC hours at which a digest arrived."""
    arrived, start = [], at(first)
    for hour in range(days * 24):
        moment = start + timedelta(hours=hour)
        before = len(mailbox())
        deliver(now=lambda moment=moment: moment)
        arrived += [moment.strftime("%a %m-%d %H:%M")] * (len(mailbox()) - before)
    return arrived


def test_the_digest_arrives_once_each_weekday_at_8_berlin_time_across_spring_dst(smtp):
    person("operations-manager")
    overdue_task()

    arrived = hourly_passes("2026-03-23 00:00", 12, lambda: smtp.messages)

    # Berlin is UTC+1 until Sunday 29 March, then UTC+2: 08:00 there is 07:00, then 06:00 UTC.
    assert arrived == [
        "Mon 03-23 07:00", "Tue 03-24 07:00", "Wed 03-25 07:00", "Thu 03-26 07:00",
        "Fri 03-27 07:00", "Mon 03-30 06:00", "Tue 03-31 06:00", "Wed 04-01 06:00",
        "Thu 04-02 06:00", "Fri 04-03 06:00",
    ]  # fmt: skip


def test_the_digest_follows_the_autumn_change_and_the_persons_own_hour(mailoutbox):
    update_prefs(
        person("operations-manager"),
        digest=True,
        digest_hour=17,
        digest_days=["sat", "sun"],
        immediate=[],
    )
    overdue_task()

    arrived = hourly_passes("2026-10-19 00:00", 14, lambda: mailoutbox)

    assert arrived == [
        "Sat 10-24 15:00", "Sun 10-25 16:00", "Sat 10-31 16:00", "Sun 11-01 16:00",
    ]  # fmt: skip


def test_no_digest_on_a_day_with_nothing_to_say(mailoutbox):
    person("operations-manager")

    deliver(now=lambda: at("2026-03-24 07:00"))
    deliver(now=lambda: at("2026-03-24 12:00"))

    assert mailoutbox == []
    skipped = OutboxMessage.objects.get()
    assert (skipped.status, skipped.topic) == ("skipped", "digest")


def test_the_digest_lists_the_day_with_escaped_text_and_absolute_links(mailoutbox):
    person("operations-manager")
    task = overdue_task()
    Task.objects.create(
        description="Chase the guest",
        due_date=date(2026, 3, 20),
        status="waiting",
        waiting_for="Pat",
        follow_up_at=date(2026, 3, 24),
        source="manual",
    )

    deliver(now=lambda: at("2026-03-24 07:00"))

    [mail] = mailoutbox
    assert mail.subject == "opsdesk: 1 overdue, 1 follow-up due"
    html = mail.alternatives[0][0]
    assert "Send the &lt;invoice&gt; &amp; receipt, 78 days late" in html
    assert f'href="http://127.0.0.1:8000/tasks/{task.id}/"' in html
    assert "Follow up with Pat: Chase the guest" in mail.body
    assert "Send the <invoice> & receipt" in mail.body


def test_people_who_turned_the_digest_off_or_cannot_work_get_none(mailoutbox):
    update_prefs(person("host"), digest=False, digest_hour=8, digest_days=["tue"], immediate=[])
    person("viewer")
    overdue_task()

    deliver(now=lambda: at("2026-03-24 07:00"))

    assert mailoutbox == []
