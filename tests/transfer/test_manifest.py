"""The export format's checks on plain values: no database, no Django."""

from __future__ import annotations

import pytest

from opsdesk.transfer import manifest as fmt
from opsdesk.transfer.folder import check_folder

SPECS = {
    "runs": fmt.EntitySpec("runs"),
    "tasks": fmt.EntitySpec("tasks", references=(("run_id", "runs"),), unique=(("ref",),)),
}


def _problems(check, *args) -> list[str]:
    problems = fmt.Problems()
    check(*args, problems)
    return problems.items


def _manifest(**changes) -> dict:
    return {**fmt.build_manifest("2026-07-01T00:00:00+00:00", False, {}, {}), **changes}


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"format": "trello-export"}, "not an opsdesk export"),
        ({"schemaVersion": fmt.SCHEMA_VERSION + 1}, "newer opsdesk"),
        ({"schemaVersion": 0}, "older than any this reads"),
        ({"schemaVersion": "1"}, "must be a whole number"),
        ({"entities": []}, "'entities' must be an object"),
    ],
)
def test_a_manifest_from_elsewhere_is_refused_with_the_reason(changes, complaint):
    problems = _problems(fmt.check_header, _manifest(**changes))

    assert len(problems) == 1 and complaint in problems[0]


def test_the_manifest_this_version_writes_passes_its_own_check():
    assert _problems(fmt.check_header, _manifest()) == []


def test_a_reference_to_a_missing_record_is_named_by_file_and_line():
    records = {"runs": [{"id": 1}], "tasks": [{"id": 1, "run_id": 1}, {"id": 2, "run_id": 7}]}

    problems = _problems(fmt.check_references, SPECS, records)

    assert problems == ["tasks.jsonl line 2: run_id 7 refers to a runs record not in the export"]


def test_an_empty_reference_is_not_dangling():
    records = {"runs": [], "tasks": [{"id": 1, "run_id": None}]}

    assert _problems(fmt.check_references, SPECS, records) == []


def test_duplicate_ids_and_unique_values_are_refused():
    records = {
        "runs": [{"id": 1}, {"id": 1}],
        "tasks": [{"id": 1, "run_id": 1, "ref": "a"}, {"id": 2, "run_id": 1, "ref": "a"}],
    }

    problems = _problems(fmt.check_references, SPECS, records)

    assert problems == [
        "runs.jsonl line 2: duplicate id=1",
        "tasks.jsonl line 2: duplicate ref='a'",
    ]


def test_counts_must_match_the_manifest():
    manifest = _manifest(entities={"runs": {"file": "runs.jsonl", "count": 2, "sha256": "x"}})

    problems = _problems(fmt.check_counts, manifest, {"runs": [{"id": 1}]})

    assert problems == ["runs.jsonl: has 1 record(s); the manifest says 2"]


def test_an_entity_this_version_does_not_know_is_refused_rather_than_dropped():
    manifest = _manifest(entities={"invoices": {"file": "invoices.jsonl", "count": 0}})

    problems = _problems(fmt.check_entity_list, manifest, ["runs", "tasks"])

    assert problems == ["manifest.json: entity 'invoices' is unknown to this opsdesk"]


@pytest.mark.parametrize("name", ["../secret_key", ".hidden", "a/b", "", "x" * 101, None])
def test_only_plain_file_names_are_accepted_for_uploads(name):
    assert not fmt.is_stored_name(name)


def test_checksums_catch_a_changed_file_and_a_path_outside_the_export(tmp_path):
    (tmp_path / "runs.jsonl").write_text('{"id": 1}\n')
    manifest = _manifest(
        entities={"runs": {"file": "runs.jsonl", "count": 1, "sha256": "0" * 64}},
        files={"../outside": {"sha256": "0" * 64, "size": 1}},
    )

    problems = _problems(check_folder, tmp_path, manifest, 25)

    assert problems == [
        "runs.jsonl: its SHA-256 does not match the manifest (changed or damaged)",
        "../outside: a path outside the export is not allowed",
    ]
