"""The docs a request reads: looked up once per request, and a save within it is seen at once."""

from __future__ import annotations

import pytest

from opsdesk.docs import runtime
from opsdesk.docs.editing import load_doc, save_doc
from opsdesk.docs.models import DocRevision
from opsdesk.docs.revisions import read_file, revisions_key

GUESTS = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"


@pytest.fixture
def in_request(db):
    runtime.request_started()
    yield
    runtime.request_finished()


def _guests_body() -> str:
    return runtime.current_registry().resolve(GUESTS).body


def test_a_request_keeps_the_registry_it_was_first_given(in_request, django_assert_num_queries):
    first = runtime.current_registry()
    with django_assert_num_queries(0):
        assert runtime.current_registry() is first
        assert runtime.current_index() is runtime.current_index()


def test_a_save_within_a_request_is_what_the_rest_of_it_reads(in_request, operator):
    before = _guests_body()
    source = read_file(load_doc(GUESTS).path)
    edited = source.replace("Turn a picked tool into a guest", "Turn a picked tool into a zanzibar")
    assert edited != source

    save_doc(operator, GUESTS, source=edited, base_revision=None, message="Clearer")

    assert "zanzibar" in _guests_body() and "zanzibar" not in before


def test_a_reload_within_a_request_is_what_the_rest_of_it_reads(in_request):
    first = runtime.current_registry()
    runtime.reload()
    assert runtime.current_registry() is not first


def test_the_revisions_key_is_the_newest_revision_id_and_hash(db, operator):
    def rule():
        return DocRevision.objects.order_by("-id").values_list("id", "content_hash").first()

    assert revisions_key() is None and rule() is None
    source, key = read_file(load_doc(GUESTS).path), None
    for word in ("alpha", "beta"):
        edited = source.replace("Turn a picked tool into a guest", f"Turn a tool into a {word}")
        base = key[0] if key else None
        save_doc(operator, GUESTS, source=edited, base_revision=base, message=word)
        key = revisions_key()
        assert key == rule() and key[0] == DocRevision.objects.latest("id").id
