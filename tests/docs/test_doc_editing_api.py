"""Editing docs through the API: save, validation, staleness, history, diff and restore."""

from __future__ import annotations

import pytest

from tests.conftest import make_user, start_oss, task_by_ref

GUESTS = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"


@pytest.fixture
def editor_api(fast_setup, api):
    return api


def source_of(api, ref=GUESTS) -> dict:
    status, body = api.get(f"/docs/{ref}/source")
    assert status == 200, body
    return body


def save(api, source, base=None, message="Clearer wording", ref=GUESTS):
    return api.put(f"/docs/{ref}", {"source": source, "baseRevision": base, "message": message})


def test_a_saved_edit_is_what_the_doc_its_task_instructions_and_search_show(editor_api):
    api = editor_api
    original = source_of(api)["source"]
    edited = original.replace(
        "Turn a picked tool into a guest", "Turn a picked tool into a zanzibar guest"
    )
    status, revision = save(api, edited)
    assert status == 200, revision
    assert revision["number"] == 1 and revision["message"] == "Clearer wording"

    _, doc = api.get(f"/docs/{GUESTS}")
    assert "zanzibar guest" in doc["html"]
    run = start_oss(api)
    task = task_by_ref(run, "reach-out-github-authors")
    _, instructions = api.get(f"/tasks/{task['id']}/instructions")
    assert instructions["docId"] == GUESTS and instructions["resolved"]
    _, found = api.get("/search?q=zanzibar")
    assert [hit["id"] for hit in found["results"]] == [GUESTS]
    assert source_of(api)["source"] == edited


def test_a_save_that_drops_a_step_used_by_oss_is_refused_naming_the_task(editor_api):
    api = editor_api
    original = source_of(api)["source"]
    without_step_1 = original.replace("<!-- sop-step-start id=1 -->", "<!-- step one -->")
    status, body = save(api, without_step_1)
    assert status == 422
    assert "oss.yaml task reach-out-github-authors" in body["fields"]["body"]
    assert api.get(f"/docs/{GUESTS}/revisions")[1]["revisions"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: s.replace("doc_type: sop", "doc_type: poem"), "doc_type"),
        (lambda s: s.replace(f"id: {GUESTS}", "id: sop.renamed"), "id"),
        (lambda s: s.replace("# Reach out", "See [[no.such.doc]].\n\n# Reach out"), "body"),
        (lambda s: s.replace("schema_version: 1\n---", "schema_version: [1\n---"), "frontmatter"),
        (lambda s: s.replace("  - task-template.tasks.oss", "  - gone.doc"), "related_docs"),
    ],
)
def test_invalid_edits_are_refused_next_to_their_field_and_nothing_is_saved(
    editor_api, change, field
):
    api = editor_api
    status, body = save(api, change(source_of(api)["source"]))
    assert status == 422, body
    assert field in body["fields"]
    assert api.get(f"/docs/{GUESTS}/revisions")[1]["revisions"] == []


def test_a_rename_keeps_the_old_id_as_an_alias(editor_api):
    api = editor_api
    source = source_of(api)["source"].replace(
        f"id: {GUESTS}\naliases: [oss-guest-outreach]",
        f"id: sop.oss.guests\naliases: [oss-guest-outreach, {GUESTS}]",
    )
    status, body = save(api, source)
    assert status == 200, body
    assert api.get(f"/docs/{GUESTS}")[1]["id"] == "sop.oss.guests"


def test_an_id_that_clashes_with_another_doc_is_409(editor_api):
    api = editor_api
    source = source_of(api)["source"].replace(
        "aliases: [oss-guest-outreach]", "aliases: [oss-guest-outreach, task-template.tasks.oss]"
    )
    status, body = save(api, source)
    assert status == 409 and body["error"] == "doc-id-clash"


def test_a_save_based_on_an_older_revision_is_409_with_what_changed_since(editor_api):
    api = editor_api
    original = source_of(api)["source"]
    _, first = save(api, original.replace("Purpose", "Purpose of it"))
    status, body = save(api, original.replace("Purpose", "Aim"), base=None)
    assert status == 409 and body["error"] == "stale-version"
    assert body["newestRevision"] == first["id"]
    assert "+## Purpose of it" in body["changes"]
    assert len(api.get(f"/docs/{GUESTS}/revisions")[1]["revisions"]) == 1


def test_a_body_over_one_megabyte_is_413(editor_api):
    api = editor_api
    source = source_of(api)["source"] + "x" * (1024 * 1024)
    status, body = save(api, source)
    assert status == 413 and body["error"] == "too-large"


def test_hostile_markdown_is_stored_as_typed_and_never_rendered_live(editor_api):
    api = editor_api
    hostile = (
        '<script>alert(1)</script> <img src=x onerror="alert(2)">'
        " [click](javascript:alert(3)) <iframe src=https://evil.example></iframe>\n"
    )
    source = source_of(api)["source"].replace("# Reach out", hostile + "\n# Reach out")
    assert save(api, source)[0] == 200
    assert source_of(api)["source"] == source
    html = api.get(f"/docs/{GUESTS}")[1]["html"]
    for live in ("<script", "onerror=", 'href="javascript:', "<iframe"):
        assert live not in html


def test_history_diff_and_restore(editor_api):
    api = editor_api
    original = source_of(api)["source"]
    _, first = save(api, original.replace("Purpose", "Goal"), message="Goal, not purpose")
    _, second = save(api, original.replace("Purpose", "Aim"), base=first["id"], message="Aim")
    _, listed = api.get(f"/docs/{GUESTS}/revisions")
    assert [r["message"] for r in listed["revisions"]] == ["Aim", "Goal, not purpose"]

    _, diff = api.get(f"/docs/{GUESTS}/diff?from={first['id']}&to={second['id']}")
    assert "-## Goal" in diff["unified"] and "+## Aim" in diff["unified"]
    assert {"kind": "changed", "left": "## Goal", "right": "## Aim"}.items() <= next(
        row for row in diff["rows"] if row["kind"] == "changed"
    ).items()

    status, restored = api.post(f"/docs/{GUESTS}/restore", {"revision": first["id"]})
    assert status == 201, restored
    assert restored["number"] == 3 and restored["message"] == "Restored revision 1"
    assert source_of(api)["source"] == original.replace("Purpose", "Goal")


def test_a_new_doc_is_created_in_its_folder_and_paths_outside_the_tree_are_refused(editor_api):
    api = editor_api
    source = "---\nid: sop.media.new-checklist\ntitle: New checklist\ndoc_type: sop\n---\nHello.\n"
    for path in ("../outside.md", "/etc/passwd.md", "media/../../x.md", ".hidden/x.md"):
        status, body = api.post("/docs", {"path": path, "source": source})
        assert status == 422 and body["field"] == "path", path
    status, created = api.post("/docs", {"path": "media/sops/new-checklist", "source": source})
    assert status == 201, created
    assert created["path"] == "content/media/sops/new-checklist.md"
    assert api.get("/docs/sop.media.new-checklist")[0] == 200
    status, body = api.post("/docs", {"path": "media/sops/other.md", "source": source})
    assert status == 409 and body["error"] == "doc-id-clash"


@pytest.mark.parametrize("role", ["viewer", "host"])
def test_readers_get_403_on_every_write(db, fast_setup, client, role):
    from tests.conftest import ApiClient

    client.force_login(make_user(role))
    reader = ApiClient(client)
    body = reader.get(f"/docs/{GUESTS}/source")[1]
    assert body["canEdit"] is False
    source = body["source"]
    assert reader.put(f"/docs/{GUESTS}", {"source": source + "x"})[0] == 403
    doc = "---\nid: a.b\ntitle: T\ndoc_type: sop\n---\n"
    assert reader.post("/docs", {"path": "a/b.md", "source": doc})[0] == 403
    assert reader.post(f"/docs/{GUESTS}/restore", {"revision": 1})[0] == 403
    assert reader.get(f"/docs/{GUESTS}/revisions")[1]["revisions"] == []


def test_a_placeholder_must_name_a_team_resource_once_resources_exist(
    editor_api, settings, tmp_path
):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    (content / "resources.yaml").write_text(
        "resources:\n"
        "  - id: oss-playlist\n"
        "    name: Open-Source Spotlight playlist\n"
        "    kind: url\n"
        "    value: https://www.youtube.com/playlist?list=PL-example\n"
        "    description: The playlist every video is added to.\n"
    )
    settings.CONTENT_DIR = content
    settings.TEMPLATES_DIR = content / "tasks" / "templates"
    api = editor_api
    original = source_of(api)["source"]
    status, body = save(api, original.replace("# Reach out", "{{resource:nope}}\n\n# Reach out"))
    assert status == 422 and "No such resource: nope." in body["fields"]["body"]
    known = original.replace("# Reach out", "{{resource:oss-playlist}}\n\n# Reach out")
    assert save(api, known)[0] == 200


def test_a_save_through_the_api_can_fix_a_gap(editor_api):
    from opsdesk.gaps.models import ProcessGap

    api = editor_api
    gap = ProcessGap.objects.create(description="Unclear", doc_id=GUESTS, step_id="1")
    other = ProcessGap.objects.create(description="Elsewhere", doc_id="task-template.tasks.oss")
    edited = source_of(api)["source"].replace("Purpose", "Aim")
    status, body = api.put(
        f"/docs/{GUESTS}", {"source": edited, "message": "Clearer", "fixesGap": other.id}
    )
    assert status == 422 and body["field"] == "fixesGap"
    status, revision = api.put(
        f"/docs/{GUESTS}", {"source": edited, "message": "Clearer", "fixesGap": gap.id}
    )
    assert status == 200 and revision["fixesGap"] == gap.id
    _, resolved = api.get("/process-gaps?status=resolved")
    assert resolved["processGaps"][0]["fixedByRevision"] == revision["id"]
