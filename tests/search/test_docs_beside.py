"""The docs index answers on a thread of its own while the database is asked for the rest."""

from __future__ import annotations

import threading

import pytest

from opsdesk.docs.search import SearchIndex
from opsdesk.search import docs_beside
from opsdesk.search import services as search_services


@pytest.fixture
def watched(monkeypatch):
    """Which thread asked the docs index, and whether the database kinds were asked before the
    docs answer was awaited."""
    seen = {"docs thread": None, "asked before the wait": []}
    index_search = SearchIndex.search

    def search(index, *args, **kwargs):
        seen["docs thread"] = threading.current_thread().name
        return index_search(index, *args, **kwargs)

    def tasks(q, limit):
        seen["asked before the wait"].append("tasks")
        return {"count": 0, "countCapped": False, "items": []}

    monkeypatch.setattr(SearchIndex, "search", search)
    monkeypatch.setitem(search_services.SEARCHERS, "tasks", tasks)
    return seen


def test_the_docs_group_comes_from_the_docs_thread_in_its_place(fast_setup, api, watched):
    status, body = api.get("/search?q=guest&kinds=tasks,docs")

    assert status == 200
    assert [g["kind"] for g in body["groups"]] == ["docs", "tasks"]
    assert body["groups"][0]["count"] > 0 and body["results"]
    assert watched["docs thread"].startswith("docs-search")
    assert watched["asked before the wait"] == ["tasks"]


def test_the_search_page_still_shows_the_docs_it_found(fast_setup, operator_client):
    page = operator_client.get("/search/?q=guest").content.decode()
    assert "<mark>" in page and "Docs" in page


def test_an_error_of_the_docs_index_reaches_the_caller(db, fast_setup, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the docs index is gone")

    monkeypatch.setattr(SearchIndex, "search", broken)
    answer = docs_beside.search_docs_beside("guest", limit=5)
    with pytest.raises(RuntimeError, match="the docs index is gone"):
        answer()


def test_a_forked_process_gets_a_thread_of_its_own(monkeypatch):
    here = docs_beside._executor()
    monkeypatch.setattr(docs_beside.os, "getpid", lambda: -1)
    forked = docs_beside._executor()
    assert forked is not here and docs_beside._executor() is forked
    forked.shutdown()
    monkeypatch.undo()
    docs_beside._executors.pop(-1, None)
