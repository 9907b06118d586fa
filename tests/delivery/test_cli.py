"""`opsdesk deliver`, `opsdesk outbox list` and `opsdesk webhooks`."""

from __future__ import annotations

import json

import pytest

from opsdesk.cli import main
from opsdesk.delivery.models import OutboxMessage

from .builders import admin, queued_call, webhook
from .receivers import HttpReceiver

pytestmark = pytest.mark.django_db


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_deliver_once_sends_what_is_due_and_reports_it(capsys, receiver):
    queued_call(webhook(receiver.url), 1)

    code, out, _ = run(capsys, "deliver", "--once", "--json")

    assert code == 0 and json.loads(out)["sent"] == 1
    assert len(receiver.received) == 1


def test_outbox_list_shows_failed_messages(capsys):
    with HttpReceiver(statuses=[500]) as down:
        message = queued_call(webhook(down.url), 1)
    OutboxMessage.objects.filter(pk=message.pk).update(status="failed", last_error="answered 500")

    code, out, _ = run(capsys, "outbox", "list", "--failed", "--json")
    _, table, _ = run(capsys, "outbox", "list", "--failed")

    assert code == 0
    [item] = json.loads(out)["outbox"]
    assert (item["status"], item["lastError"], item["deliveryId"]) == (
        "failed", "answered 500", str(message.delivery_id),
    )  # fmt: skip
    assert "answered 500" in table


def test_webhooks_add_list_and_test(capsys, receiver):
    admin()

    code, out, _ = run(
        capsys, "webhooks", "add", "--url", receiver.url, "--event", "run.done",
        "--event", "gap.reported", "--name", "Chat",
    )  # fmt: skip
    assert code == 0 and "secret (shown once" in out
    _, listed, _ = run(capsys, "webhooks", "list", "--json")
    [hook] = json.loads(listed)["webhooks"]
    assert hook["events"] == ["run.done", "gap.reported"] and "secret" not in hook

    code, out, _ = run(capsys, "webhooks", "test", str(hook["id"]))

    assert code == 0 and out.startswith("sent: The receiver answered 200")


def test_webhooks_add_refuses_an_unknown_event_with_one_line(capsys):
    admin()

    code, _, err = run(
        capsys, "webhooks", "add", "--url", "https://hooks.example.org/x", "--event", "nope"
    )

    assert code == 1 and "unknown event 'nope'" in err and err.count("\n") == 1


def test_tick_delivers_what_its_pass_queued(capsys, receiver, settings, tmp_path):
    settings.TEMPLATES_DIR = tmp_path
    queued_call(webhook(receiver.url), 1)

    code, out, _ = run(capsys, "tick", "--json")

    assert code == 0 and json.loads(out)["delivery"]["sent"] == 1


def test_the_scheduler_of_serve_delivers_after_each_tick(monkeypatch):
    from opsdesk.schedule import scheduler

    rounds = []

    class OneRound(scheduler.Scheduler):
        def run(self):
            rounds.append([p.name for p in self.passes])

    monkeypatch.setattr(scheduler, "Scheduler", OneRound)

    assert main(["scheduler"]) == 0
    assert rounds == [["tick", "statistics", "deliver"]]
