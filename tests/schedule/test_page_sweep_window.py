"""A page view's sweep reads only the audit events since this process's previous sweep began
(less the longest open transaction), yet finds every notice a change has cleared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opsdesk.audit.models import AuditEvent
from opsdesk.runs import compiled
from opsdesk.runs.models import Task
from opsdesk.schedule import clearing
from opsdesk.schedule.models import Notification
from tests.conftest import start_oss, task_by_ref

from .builders import tick

pytestmark = pytest.mark.django_db

PROOF = {"link": "https://github.com/example/db", "comment": "Opened an issue on GitHub"}


@pytest.fixture
def oss_run(api, with_oss):
    run = start_oss(api, anchor="2026-07-22")
    tick("2026-07-02")  # the first task is late: overdue, and its proof is missing
    return run


@pytest.fixture
def first_sweep_done(monkeypatch):
    """A process whose first page-view sweep (of every notice) is behind it."""
    monkeypatch.setattr(clearing.page_sweeps, "last_started", None)
    clearing.sweep_cleared()
    assert clearing.page_sweeps.last_started is not None


@pytest.fixture
def window_only(first_sweep_done, monkeypatch):
    """Fails a sweep that falls back to reading every notice."""

    ids = compiled.ids

    def refuse_every_notice(key, build):
        assert key != ("notices-changed",), "the page-view sweep read every notice"
        return ids(key, build)

    monkeypatch.setattr(compiled, "ids", refuse_every_notice)


def _unread_about(task_id: int) -> list[str]:
    unread = clearing._unread().filter(task_id=task_id)
    return sorted(unread.values_list("type", flat=True))


def _backdate(task_id: int, *, noticed, changed) -> None:
    """As if the task's notices were made at `noticed` and its change written at `changed`."""
    Notification.objects.filter(task_id=task_id).update(created_at=noticed)
    AuditEvent.objects.filter(task_id=task_id).update(at=changed)


def test_a_notice_whose_task_changed_is_cleared_by_the_next_page_view(
    api, operator_client, oss_run, window_only
):
    first = task_by_ref(oss_run, "reach-out-github-authors")
    assert _unread_about(first["id"]) == ["missing-evidence", "missing-evidence", "task-overdue"]

    status, _ = api.post(f"/tasks/{first['id']}/complete", PROOF)

    assert status == 200
    assert operator_client.get("/").status_code == 200
    assert _unread_about(first["id"]) == []


def test_a_change_begun_before_the_last_sweep_and_written_after_it_is_still_found(
    api, oss_run, window_only
):
    first = task_by_ref(oss_run, "reach-out-github-authors")
    last_sweep = clearing.page_sweeps.last_started
    api.post(f"/tasks/{first['id']}/complete", PROOF)
    # Its transaction stamped the change a minute before the last sweep began and committed
    # after that sweep had looked: the sweep could not see it.
    _backdate(
        first["id"],
        noticed=last_sweep - timedelta(minutes=3),
        changed=last_sweep - timedelta(minutes=1),
    )

    assert clearing.sweep_cleared() == 3
    assert _unread_about(first["id"]) == []


def test_a_change_made_between_two_sweeps_is_found_by_the_second(api, oss_run, window_only):
    first = task_by_ref(oss_run, "reach-out-github-authors")
    assert clearing.sweep_cleared() == 0
    api.post(f"/tasks/{first['id']}/complete", PROOF)
    assert clearing.sweep_cleared() == 3
    assert clearing.sweep_cleared() == 0


def test_the_first_page_view_of_a_process_reads_every_notice(api, oss_run, monkeypatch):
    first = task_by_ref(oss_run, "reach-out-github-authors")
    api.post(f"/tasks/{first['id']}/complete", PROOF)
    long_ago = timezone.now() - timedelta(days=3)
    _backdate(first["id"], noticed=long_ago, changed=long_ago + timedelta(hours=1))
    monkeypatch.setattr(clearing.page_sweeps, "last_started", None)

    assert clearing.sweep_cleared() == 3


def test_a_clock_gone_back_reads_every_notice(api, oss_run, monkeypatch):
    first = task_by_ref(oss_run, "reach-out-github-authors")
    api.post(f"/tasks/{first['id']}/complete", PROOF)
    long_ago = timezone.now() - timedelta(days=3)
    _backdate(first["id"], noticed=long_ago, changed=long_ago + timedelta(hours=1))
    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(clearing.page_sweeps, "last_started", later)

    assert clearing.sweep_cleared() == 3


def test_the_window_finds_what_the_plain_rule_finds_among_the_same_events(api, oss_run):
    tasks = {t["templateTaskRef"]: t["id"] for t in oss_run["tasks"]}
    api.post(f"/tasks/{tasks['reach-out-github-authors']}/complete", PROOF)
    noticed = Notification.objects.exclude(task_id=None).values_list("task_id", flat=True)
    still_true = next(t for t in noticed if t != tasks["reach-out-github-authors"])
    AuditEvent.objects.create(action="note", task_id=still_true, run_id=oss_run["id"])
    AuditEvent.objects.create(action="link-set", run_id=oss_run["id"])  # its link notices
    Task.objects.filter(id=next(t for t in noticed if t != still_true)).delete()  # gone
    moments = sorted(AuditEvent.objects.values_list("at", flat=True))

    for since in (moments[0] - timedelta(seconds=1), moments[len(moments) // 2], moments[-1]):
        events = AuditEvent.objects.filter(at__gt=since)
        plain = clearing._changed_since_noticed(events).values_list("id", flat=True)
        assert sorted(clearing._changed_ids_since(since)) == sorted(plain)
    assert len(clearing._changed_ids_since(moments[0] - timedelta(seconds=1))) > 3


def test_a_page_view_sweep_in_the_window_is_one_query(oss_run, window_only):
    with CaptureQueriesContext(connection) as queries:
        assert clearing.sweep_cleared() == 0
    assert len(queries) == 1


def test_the_newest_unread_and_their_count_are_read_from_the_unread_index(oss_run):
    unread = clearing._unread()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's few rows are cheaper to scan: ask whether the index serves the query.
            cursor.execute("SET LOCAL enable_seqscan = off")
        newest = unread.order_by("-created_at", "-id")[:3]
        assert "notification_unread_by_age" in newest.explain()
        assert "notification_unread_by_age" in unread.order_by().values("pk").explain()
