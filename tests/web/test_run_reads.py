"""The run page reads its cards' files, histories and skip reasons, and its moves, together
(runs/views/run_reads.py): what it reads equals what each part reads on its own, and the page
costs a fixed number of queries however much the run holds."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.runs.models import Run
from opsdesk.runs.queries import run_detail
from opsdesk.runs.services.moving import move_run, run_moves
from opsdesk.runs.services.starting import start_run
from opsdesk.runs.views.run_reads import run_page_reads
from opsdesk.runs.views.task_cards import card_extras

from .builders import form, oss_run, task

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 6)


def _busy_run(client, operator) -> Run:
    """A run with files, history, own and shared skip reasons, and more moves than are shown."""
    run = start_run(
        operator,
        template_type="newsletter",
        anchor_date="2026-07-20",
        anchor_time=None,
        variables={"number": "101"},
    )
    run.snapshot["skipReasons"] = ["issue cancelled"]
    run.save(update_fields=["snapshot"])
    back = f"/workflows/{run.id}/"
    for number, first in enumerate(run.tasks.order_by("position", "id")[:3]):
        upload = SimpleUploadedFile(f"notes-{number}.txt", b"draft", "text/plain")
        client.post(f"/tasks/{first.id}/file/", {"back": back, "file": upload})
        client.post(f"/tasks/{first.id}/save/", form(back, comment=f"note {number}"))
    for week in range(3):
        run.refresh_from_db()
        anchor = date(2026, 7, 27 + week) if week < 2 else date(2026, 8, 3)
        move_run(operator, run_id=run.id, anchor_date=anchor, version=run.version, today=TODAY)
    return Run.objects.get(pk=run.id)


def test_the_pages_reads_equal_each_parts_own(operator_client, operator):
    run = _busy_run(operator_client, operator)

    reads = run_page_reads(run, TODAY, moves_limit=2)

    # The API counts each task's files in its task query; the page counts the files it lists.
    assert reads.detail == run_detail(run.id, TODAY)
    assert sorted(t["fileCount"] for t in reads.detail["tasks"] if t["fileCount"]) == [1, 1, 1]
    ids = [t["id"] for t in reads.detail["tasks"]]
    plain = card_extras(ids)
    assert {i: reads.extras.files.get(i, []) for i in ids} == {i: plain.files[i] for i in ids}
    assert any(reads.extras.files.values())
    assert {i: reads.extras.history.get(i, []) for i in ids} == {i: plain.history[i] for i in ids}
    assert {i: reads.extras.skip_reasons.get(i, ()) for i in ids} == {
        i: plain.skip_reasons.get(i, ()) for i in ids
    }
    assert {"issue cancelled"} < {r for rs in plain.skip_reasons.values() for r in rs}
    assert reads.moves == run_moves(run.id, limit=2)
    assert len(run_moves(run.id)) == 3


def _page_queries(client, path: str) -> int:
    client.get(path)  # a first load reads what a process caches (the docs' newest revision)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_run_page_costs_ten_queries_however_much_its_run_holds(operator_client, operator):
    bare = oss_run(operator)
    busy = _busy_run(operator_client, operator)
    draft = task(bare, "download-upload-youtube")
    operator_client.post(
        f"/tasks/{draft.id}/save/", form(f"/workflows/{bare.id}/", comment="first")
    )

    counts = {
        run.id: _page_queries(operator_client, f"/workflows/{run.id}/?asOf=2026-07-06")
        for run in (bare, busy)
    }

    # Session, user, run, its template's hash, slots, tasks, files, audit trail, users, the docs'
    # revision. (The run and the hash were one query with a join, which cost more to build.)
    assert set(counts.values()) == {10}, counts
