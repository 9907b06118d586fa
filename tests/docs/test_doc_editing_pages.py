"""The doc editor, history and new-doc pages as a person uses them, without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.docs.form_source import form_values
from opsdesk.docs.models import DocRevision
from opsdesk.gaps.models import ProcessGap
from tests.conftest import ApiClient, make_user, start_oss

GUESTS = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"
EDIT = f"/docs/{GUESTS}/edit/"


@pytest.fixture
def editor(fast_setup, operator_client):
    return operator_client


def form(client, **changes) -> dict:
    page = client.get(EDIT)
    assert page.status_code == 200
    values = form_values(_source(client))
    return {**values, "base_revision": page.context["base_revision"] or "", **changes}


def _source(client) -> str:
    return client.get(f"/api/docs/{GUESTS}/source").json()["source"]


def test_preview_renders_without_saving_and_save_shows_the_new_text(editor):
    data = form(editor)
    data["body"] = data["body"].replace("Turn a picked tool", "Turn a quokka tool")
    preview = editor.post(EDIT, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert "quokka" in str(preview.context["preview"])
    assert not DocRevision.objects.exists()

    saved = editor.post(EDIT, {**data, "action": "save", "message": "Quokka", "step": "2"})
    assert saved.status_code == 302 and saved["Location"] == f"/docs/{GUESTS}/#step-2"
    assert "quokka" in editor.get(f"/docs/{GUESTS}/").content.decode()
    history = editor.get(f"/docs/{GUESTS}/history/").content.decode()
    assert "Quokka" in history and "diff-changed" in history


def test_a_refused_save_keeps_what_was_typed_and_names_the_field(editor):
    data = form(editor, related_docs="no.such.doc")
    page = editor.post(EDIT, {**data, "action": "save"})
    assert page.status_code == 422
    assert "Not a known doc: no.such.doc." in page.content.decode()
    assert 'value="no.such.doc"' in page.content.decode()
    assert not DocRevision.objects.exists()


def test_fix_in_the_doc_resolves_the_gap_and_links_the_revision(editor, operator):
    gap = ProcessGap.objects.create(
        description="Step 2 does not say where to look", doc_id=GUESTS, step_id="2"
    )
    gaps_page = editor.get("/gaps/").content.decode()
    assert f"/docs/{GUESTS}/edit/?gap={gap.id}&amp;step=2" in gaps_page
    page = editor.get(f"{EDIT}?gap={gap.id}&step=2")
    assert "This save fixes process gap" in page.content.decode()
    data = form(editor)
    data["body"] = data["body"].replace("Turn a picked tool", "Turn the picked tool")
    saved = editor.post(
        EDIT,
        {**data, "action": "save", "message": "Say where", "gap": gap.id, "fixes_gap": "1"},
    )
    assert saved.status_code == 302
    gap.refresh_from_db()
    revision = DocRevision.objects.get()
    assert gap.status == "resolved" and gap.fixed_by == revision
    assert revision.fixes_gap_id == gap.id
    resolved = editor.get("/gaps/?status=resolved").content.decode()
    assert "fixed by" in resolved and f"#revision-{revision.pk}" in resolved


def test_restore_from_the_history_page_makes_a_new_revision(editor):
    data = form(editor)
    editor.post(EDIT, {**data, "body": data["body"] + "\nFirst.\n", "action": "save"})
    data = form(editor)
    editor.post(EDIT, {**data, "body": data["body"] + "Second.\n", "action": "save"})
    first = DocRevision.objects.order_by("id").first()
    response = editor.post(f"/docs/{GUESTS}/history/", {"revision": first.pk})
    assert response.status_code == 302
    assert DocRevision.objects.order_by("-id").first().source == first.source
    assert DocRevision.objects.count() == 3


def test_a_new_doc_shows_its_derived_id_before_saving_and_is_created(editor):
    fields = {"doc_type": "checklist", "folder": "media/podcast", "title": "Mic check"}
    shown = editor.post("/docs/new/", {**fields, "action": "show-id"})
    assert "checklist.media.podcast.mic-check" in shown.content.decode()
    assert not DocRevision.objects.exists()
    created = editor.post("/docs/new/", {**fields, "action": "create", "body": "# Mic check\n"})
    assert created.status_code == 302
    assert DocRevision.objects.get().path == "media/podcast/checklists/mic-check.md"
    assert editor.get("/docs/checklist.media.podcast.mic-check/").status_code == 200


@pytest.mark.parametrize("role", ["viewer", "host"])
def test_readers_may_look_but_every_write_is_403(db, fast_setup, role):
    client = Client()
    client.force_login(make_user(role))
    page = client.get(EDIT)
    assert page.status_code == 200 and 'value="save"' not in page.content.decode()
    assert client.post(EDIT, {"body": "x", "action": "save"}).status_code == 403
    assert client.post(f"/docs/{GUESTS}/history/", {"revision": 1}).status_code == 403
    assert client.post("/docs/new/", {"title": "X", "action": "create"}).status_code == 403
    assert not DocRevision.objects.exists()


def test_a_doc_page_offers_fix_in_the_doc_for_its_open_gaps(editor):
    gap = ProcessGap.objects.create(description="Which forum?", doc_id=GUESTS, step_id="3")
    page = editor.get(f"/docs/{GUESTS}/").content.decode()
    assert f"/docs/{GUESTS}/edit/?gap={gap.id}&amp;step=3" in page


def test_a_run_page_shows_a_step_title_as_it_reads_after_an_edit(editor):
    api = ApiClient(editor)
    run = start_oss(api)
    page = f"/workflows/{run['id']}/"
    old_title = "Step 1: Find likely maintainers and contributors on GitHub"
    assert old_title in editor.get(page).content.decode()

    source = _source(editor).replace(old_title, "Step 1: Find the people who build the tool")
    status, body = api.put(f"/docs/{GUESTS}", {"source": source, "baseRevision": None})
    assert status == 200, body

    shown = editor.get(page).content.decode()
    assert "Step 1: Find the people who build the tool" in shown
    assert old_title not in shown
