"""A changed, incomplete or foreign export is refused by --dry-run and by import alike, and
nothing at all is written."""

from __future__ import annotations

import json
import shutil

import pytest

from opsdesk.cli import main
from opsdesk.transfer.manifest import SCHEMA_VERSION

from .builders import (
    assert_refused_and_nothing_written,
    change_record,
    lines_of,
    replace_upload,
    reseal_entity,
    rewrite,
    stored_counts,
)


def change_a_comment_only(folder, facts):
    tasks = lines_of(folder, "tasks")
    tasks[0]["comment"] = "We never promised Pat a fee"
    rewrite(folder, "tasks", tasks, reseal=False, count=False)


def change_an_uploaded_file(folder, facts):
    target = sorted((folder / "files").iterdir())[0]
    target.write_bytes(target.read_bytes() + b"tampered")


def drop_a_follow_up(folder, facts):
    rewrite(folder, "follow_ups", lines_of(folder, "follow_ups")[:-1], count=False)


def drop_a_task_others_refer_to(folder, facts):
    tasks = [t for t in lines_of(folder, "tasks") if t["id"] != facts["waiting_task"]]
    rewrite(folder, "tasks", tasks)


def claim_a_newer_schema(folder, facts):
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["schemaVersion"] = SCHEMA_VERSION + 1
    (folder / "manifest.json").write_text(json.dumps(manifest))


def add_a_field_this_version_lacks(folder, facts):
    change_record(folder, "tasks", 4, priority="high")


def point_a_file_outside_the_uploads(folder, facts):
    change_record(folder, "task_files", 1, stored_name="../../secret_key")


def slip_in_an_unlisted_file(folder, facts):
    (folder / "files" / "payload.sh").write_text("echo hi\n")


def give_a_task_an_impossible_date(folder, facts):
    change_record(folder, "tasks", 2, due_date="2026-02-30")


def remove_the_manifest(folder, facts):
    (folder / "manifest.json").unlink()


def leave_an_entity_file_out_of_the_manifest(folder, facts):
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["entities"]["process_gaps"]
    (folder / "manifest.json").write_text(json.dumps(manifest))


def put_an_extra_file_at_the_root(folder, facts):
    (folder / "notes.txt").write_text("import me too\n")


def link_an_upload_to_a_file_outside(folder, facts):
    secret = folder.parent / "secret_key"
    secret.write_text("django-insecure-not-for-your-eyes\n")
    replace_upload(folder, link_to=secret)


def give_a_task_a_date_past_2100(folder, facts):
    change_record(folder, "tasks", 2, due_date="9999-12-31")


def give_a_task_a_version_beyond_64_bits(folder, facts):
    change_record(folder, "tasks", 1, version=2**64)


def put_a_nul_in_a_run_variable(folder, facts):
    change_record(folder, "runs", 1, variables={"tool": "a\u0000b", "author": "Pat"})


def put_a_lone_surrogate_in_a_comment(folder, facts):
    change_record(folder, "tasks", 1, comment="half an emoji \ud83d")


def put_not_a_number_in_a_run_variable(folder, facts):
    change_record(folder, "runs", 1, variables={"tool": "ExampleDB", "budget": float("nan")})


def write_a_number_too_long_for_json(folder, facts):
    path = folder / "runs.jsonl"
    path.write_text(path.read_text().replace('"ExampleDB"', "9" * 5000, 1))
    reseal_entity(folder, "runs")


def write_bytes_that_are_not_utf8(folder, facts):
    path = folder / "tasks.jsonl"
    path.write_bytes(path.read_bytes().replace(b"Opened a discussion", b"Opened a \xff", 1))
    reseal_entity(folder, "tasks")


TAMPERING = [
    (change_a_comment_only, "tasks.jsonl: its SHA-256 does not match the manifest"),
    (change_an_uploaded_file, "the manifest says (changed or damaged)"),
    (drop_a_follow_up, "follow_ups.jsonl: has 2 record(s); the manifest says 3"),
    (drop_a_task_others_refer_to, "refers to a tasks record not in the export"),
    (claim_a_newer_schema, f"schema version {SCHEMA_VERSION + 1} was written by a newer opsdesk"),
    (add_a_field_this_version_lacks, "unknown field 'priority'"),
    (point_a_file_outside_the_uploads, "is not a plain file name"),
    (slip_in_an_unlisted_file, "files/payload.sh: not listed in the manifest"),
    (give_a_task_an_impossible_date, "due_date '2026-02-30'"),
    (remove_the_manifest, "not a finished opsdesk export"),
    (leave_an_entity_file_out_of_the_manifest, "process_gaps.jsonl: not listed in the manifest"),
    (put_an_extra_file_at_the_root, "notes.txt: not listed in the manifest"),
    (link_an_upload_to_a_file_outside, "is a symbolic link"),
    (give_a_task_a_date_past_2100, "tasks.jsonl line 2: due_date must lie between 2000-01-01"),
    (give_a_task_a_version_beyond_64_bits, "tasks.jsonl line 1: version must be a whole number"),
    (
        put_a_nul_in_a_run_variable,
        'runs.jsonl line 1: variables["tool"] holds the control character U+0000',
    ),
    (put_a_lone_surrogate_in_a_comment, "tasks.jsonl line 1: comment is not valid Unicode"),
    (put_not_a_number_in_a_run_variable, 'variables["budget"] is not a finite number'),
    (write_a_number_too_long_for_json, "runs.jsonl line 1: not JSON"),
    (write_bytes_that_are_not_utf8, "not UTF-8 text"),
]


@pytest.mark.parametrize(("tamper", "complaint"), TAMPERING, ids=[t.__name__ for t, _ in TAMPERING])
def test_a_tampered_export_is_refused_and_nothing_is_written(
    db, history, tmp_path, capsys, tamper, complaint
):
    folder = tmp_path / "export"
    shutil.copytree(history["plain"].directory, folder)
    tamper(folder, history)

    assert_refused_and_nothing_written(folder, complaint, capsys)


def test_an_instance_with_data_is_refused_and_keeps_what_it_had(operator, history, capsys):
    from opsdesk.accounts.models import User

    code = main(["import", str(history["plain"].directory)])

    _, err = capsys.readouterr()
    assert code == 1 and "already holds data (1 users)" in err
    assert list(User.objects.values_list("email", flat=True)) == [operator.email]
    assert set(stored_counts()) == {"users"}


def _what_init_loads() -> None:
    from opsdesk.resources.services import sync_resources
    from opsdesk.runs.services.templates import sync_templates

    sync_templates()
    sync_resources()


def test_what_init_loaded_from_the_content_folder_is_replaced_by_the_import(db, history, capsys):
    _what_init_loads()

    code = main(["import", str(history["plain"].directory)])

    _, err = capsys.readouterr()
    assert code == 0, err
    exported = {name: count for name, count in history["plain"].counts.items() if count}
    assert stored_counts() == exported


def test_a_team_resource_a_person_edited_is_data_and_the_import_is_refused(db, history, capsys):
    from opsdesk.resources.models import TeamResource

    _what_init_loads()
    TeamResource.objects.filter(key="oss-playlist").update(
        edited_in_app=True, value="https://example.org/our-playlist"
    )
    before = stored_counts()

    code = main(["import", str(history["plain"].directory)])

    _, err = capsys.readouterr()
    assert code == 1 and "already holds data (1 team_resources)" in err
    assert stored_counts() == before


def test_export_refuses_a_folder_that_already_holds_files(db, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me")

    code = main(["export", str(tmp_path)])

    _, err = capsys.readouterr()
    assert code == 1 and "is not an empty folder" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
