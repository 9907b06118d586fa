"""Search stays cheap as data grows: a fixed number of queries, and PostgreSQL's stored vectors
always equal the text they are computed from."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.gaps.models import ProcessGap
from opsdesk.runs.models import Task
from opsdesk.search.backends import (
    WORDS_PER_PREFIX,
    _postgres_prefix_query,
    _postgres_query,
    matches,
)
from opsdesk.search.schema import SOURCES, VOCABULARY, drop_vocabulary, ensure
from opsdesk.search.services import TASK, search_everything
from tests.conftest import start_oss, task_by_ref
from tests.search.test_search_everything import groups


def searched(operator, q: str, limit: int = 20) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as captured:
        found = search_everything(operator, q, ("runs", "tasks", "gaps"), limit)
    return found, len(captured)


def test_each_kind_is_one_query_plus_a_count_only_when_its_page_is_full(fast_setup, api, operator):
    run = start_oss(api, tool="Okapidb", author="Pat")
    noted = Task.objects.filter(run_id=run["id"]).order_by("id")[:3].values_list("id", flat=True)
    Task.objects.filter(id__in=list(noted)).update(comment="Okapidb notes")
    ProcessGap.objects.create(description="Okapidb step about invites is unclear")
    found, queries = searched(operator, "okapidb")
    counts = {g["kind"]: g["count"] for g in found["groups"]}
    assert counts == {"runs": 1, "tasks": 3, "gaps": 1}
    # runs with their slots, tasks with their follow-ups, gaps; SQLite counts no page that is not
    # full, PostgreSQL reads the words each prefix starts once and counts each kind first
    assert queries == (1 + 3 * 2 if connection.vendor == "postgresql" else 3)

    newer = [start_oss(api, tool=tool, author="Pat") for tool in ("Okapidb two", "Okapidb three")]
    found, queries = searched(operator, "okapidb", limit=2)
    runs = next(g for g in found["groups"] if g["kind"] == "runs")
    tasks = next(g for g in found["groups"] if g["kind"] == "tasks")
    assert runs["count"] == 3 and [r["id"] for r in runs["items"]] == [
        newer[1]["id"],
        newer[0]["id"],
    ]
    assert tasks["count"] == 3 and [t["id"] for t in tasks["items"]] == sorted(noted)[::-1][:2]
    assert not runs["countCapped"] and not found["totalCapped"]
    # runs and tasks fill their page of 2 and are counted, on SQLite in one more query each
    assert queries == (1 + 3 * 2 if connection.vendor == "postgresql" else 3 + 2)


def test_a_follow_up_shows_its_task_with_the_run_it_belongs_to(fast_setup, api, operator):
    run = start_oss(api, tool="Quagga", author="Pat")
    task = task_by_ref(run, "reach-out-tool-author")
    api.post(
        f"/tasks/{task['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "Invite sent"},
    )
    api.post(
        f"/tasks/{task['id']}/follow-ups",
        {"channel": "email", "note": "Nudged about the pangolin", "nextFollowUpAt": "2026-07-07"},
    )
    found, _ = searched(operator, "pangolin")
    [item] = next(g for g in found["groups"] if g["kind"] == "tasks")["items"]
    stored = Task.objects.get(pk=task["id"])
    assert item["id"] == task["id"] and item["bundleId"] == run["id"]
    assert item["bundleTitle"] == run["title"] and item["date"] == stored.due_date.isoformat()
    assert item["description"] == stored.description and "<mark>pangolin</mark>" in item["snippet"]


def test_stored_postgresql_vectors_equal_their_text_and_their_words_are_in_the_vocabulary(
    fast_setup, api
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches FTS5 tables kept by triggers (see test_search_everything)")
    run = start_oss(api, tool="Wombatdb", author="Pat")
    task = task_by_ref(run, "reach-out-tool-author")
    api.put(f"/bundles/{run['id']}/links/Tool GitHub", {"url": "https://github.com/wombat/db"})
    api.post(
        f"/tasks/{task['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "Pinged on Mastodon"},
    )
    api.post(
        f"/tasks/{task['id']}/follow-ups",
        {"channel": "email", "note": "Nudged again", "nextFollowUpAt": "2026-07-07"},
    )
    Task.objects.filter(run_id=run["id"]).update(comment="edited in bulk")
    gap = ProcessGap.objects.create(description="Wombat step is unclear")
    ProcessGap.objects.filter(pk=gap.pk).update(resolution="Rewrote the step")
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            cursor.execute(
                f"SELECT count(*), count(*) FILTER (WHERE {source.vector_column}"
                f" IS DISTINCT FROM {source.vector_sql()}) FROM {source.table}"
            )
            rows, stale = cursor.fetchone()
            assert rows > 0 and stale == 0, source.name
            cursor.execute(
                f"SELECT count(*) FROM (SELECT unnest(tsvector_to_array({source.vector_column}))"
                f" w FROM {source.table}) words WHERE w NOT IN (SELECT word FROM {VOCABULARY})"
            )
            assert cursor.fetchone()[0] == 0, f"words of {source.name} missing in the vocabulary"


def test_sqlite_reindexes_a_task_only_when_a_searched_column_is_written(fast_setup, api):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's trigger names its columns (see the stored-vector test)")
    run = start_oss(api, tool="Quokkadb", author="Pat")
    task = Task.objects.get(pk=task_by_ref(run, "reach-out-tool-author")["id"])
    raw = connection.connection  # the sqlite3 connection: its total counts trigger writes too

    before = raw.total_changes
    Task.objects.filter(pk=task.pk).update(version=task.version + 1, status="waiting")
    assert raw.total_changes - before == 1, "a status change rewrote the task's index entry"

    before = raw.total_changes
    Task.objects.filter(pk=task.pk).update(comment="numbat notes")
    assert raw.total_changes - before > 1
    _, body = api.get("/search?q=numbat&kinds=tasks")
    assert groups(body)["tasks"]["items"][0]["id"] == task.pk
    with connection.cursor() as cursor:
        for source in SOURCES.values():  # raises when an index disagrees with its table
            cursor.execute(
                f"INSERT INTO {source.fts}({source.fts}, rank) VALUES ('integrity-check', 1)"
            )


def _ids(tsquery: str) -> set[int]:
    """The tasks a tsquery text matches, asked of the stored vectors directly."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM runs_task WHERE search_vector @@ to_tsquery('simple', %s)", [tsquery]
        )
        return {row[0] for row in cursor.fetchall()}


def test_postgresql_reads_a_prefix_as_the_words_it_starts_and_finds_the_same_rows(fast_setup, api):
    if connection.vendor != "postgresql":
        pytest.skip("FTS5 reads prefixes from its own index")
    run = start_oss(api, tool="Kiwi", author="Pat")
    tasks = list(Task.objects.filter(run_id=run["id"]).order_by("id"))
    many = " ".join(f"kiwimany{n}" for n in range(WORDS_PER_PREFIX + 1))
    notes = ["kiwifruit kiwis", "kiwi", "KIWIS ripen", "kiwiaa kiwiab kiwiac", "kiwïsh", many]
    for task, note in zip(tasks, notes, strict=False):
        Task.objects.filter(pk=task.pk).update(comment=note)
    with connection.cursor() as cursor:
        for terms in (["kiwi"], ["kiwis"], ["kiwi", "ripen"], ["kiwia"], ["kiwimany"], ["ki"]):
            expanded = _postgres_query(cursor, terms)
            assert _ids(expanded) == _ids(_postgres_prefix_query(terms)), terms
        # a prefix of at most WORDS_PER_PREFIX plain words becomes them; one of more, or one
        # starting a word of other letters, stays a prefix
        assert _postgres_query(cursor, ["kiwia"]) == "('kiwiaa' | 'kiwiab' | 'kiwiac')"
        assert _postgres_query(cursor, ["kiwimany"]) == "'kiwimany':*"
        assert _postgres_query(cursor, ["kiwi"]) == "'kiwi':*"  # kiwïsh is not ASCII
        # a word no row holds: nothing can match, so no source is asked
        assert _postgres_query(cursor, ["kiwi", "zzqqxx"]) is None
    found = matches(("tasks",), "zzqqxx", 20, TASK)
    assert found.count == 0 and found.sources == [[]]


def test_a_new_postgresql_vocabulary_starts_with_every_word_already_stored(fast_setup, api):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL keeps a vocabulary")
    start_oss(api, tool="Tuatara", author="Pat")
    with connection.cursor() as cursor:  # the test's transaction: no table may await its checks
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    drop_vocabulary(connection)
    ensure(connection)
    with connection.cursor() as cursor:
        assert _postgres_query(cursor, ["tuatar"]) == "('tuatara')"
