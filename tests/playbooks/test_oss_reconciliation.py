"""The OSS reconciliation section keeps itself honest: on a copy of the real content, a task that
departs from the team's earlier mapping without a listed reason fails `docs check`, and so does a
listed reason for a difference that is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from opsdesk.docs.check import render_operator_doc, run_check

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def copy(tmp_path) -> Path:
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def oss_yaml(content: Path) -> Path:
    return content / "tasks" / "templates" / "oss.yaml"


def oss_md(content: Path) -> Path:
    return content / "tasks" / "templates" / "oss.md"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def edit_template(content: Path, old: str, new: str) -> None:
    """Change the template and regenerate its table, so only the reconciliation can object."""
    replace_once(oss_yaml(content), old, new)
    render_operator_doc("oss", templates_dir=content / "tasks" / "templates", content_dir=content)


def errors(content: Path) -> list:
    return list(run_check(content, content / "tasks" / "templates").errors)


def line_of(content: Path, text: str) -> int:
    lines = oss_md(content).read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_the_copy_passes_as_the_repository_does(copy):
    assert errors(copy) == []


def test_an_offset_changed_without_a_reason_fails_naming_the_task_and_its_earlier_row(copy):
    edit_template(copy, "offsetDays: -14", "offsetDays: -15")

    [problem] = errors(copy)

    assert problem.code == "reconciliation-unexplained"
    assert "'record-demo' departs from the earlier mapping in its offset" in problem.message
    assert "(earlier: -14; now: -15)" in problem.message
    assert problem.path == "content/tasks/templates/oss.md"
    assert problem.line == line_of(copy, "| `record-demo` | -14 |")


def test_a_proof_alternative_dropped_without_a_reason_fails(copy):
    edit_template(
        copy,
        "      - anyOf:\n"
        "          - {type: comment, label: Share request sent}\n"
        "          - {type: external-status, label: Share request sent}\n",
        "      - {type: external-status, label: Share request sent}\n",
    )

    [problem] = errors(copy)

    assert "'ask-guest-share-recording' departs" in problem.message
    assert "in its proof (earlier: comment or external status; now: external status)" in (
        problem.message
    )


def test_a_task_opening_another_doc_that_still_resolves_fails(copy):
    edit_template(
        copy,
        "      docId: sop.media.open-source-spotlight."
        'schedule-open-source-spotlight-youtube-videos\n      stepId: "1"\n',
        '      docId: sop.media.video-youtube.add-timecodes-to-youtube-videos\n      stepId: "1"\n',
    )

    [problem] = errors(copy)

    assert "'schedule-youtube-video' departs from the earlier mapping in its instructions" in (
        problem.message
    )
    assert "now: sop.media.video-youtube.add-timecodes-to-youtube-videos #step-1)" in (
        problem.message
    )


def test_a_listed_departure_does_not_cover_a_further_change_of_the_same_field(copy):
    edit_template(
        copy,
        '      docId: reference.social-media.post-oss\n      stepId: "1"\n',
        '      docId: reference.social-media.post-oss\n      stepId: "4"\n',
    )

    [problem] = errors(copy)

    assert problem.code == "reconciliation-unexplained"
    assert "'schedule-social-media' departs from the earlier mapping in its instructions" in (
        problem.message
    )
    assert "explains it as now being reference.social-media.post-oss #step-1" in problem.message
    assert problem.line == line_of(copy, "| `schedule-social-media` | instructions |")


def test_removing_a_listed_reason_fails_for_the_difference_it_explained(copy):
    text = oss_md(copy).read_text()
    row = next(
        line for line in text.splitlines() if line.startswith("| `add-to-oss-playlist` | proof")
    )
    replace_once(oss_md(copy), row + "\n", "")

    [problem] = errors(copy)

    assert problem.code == "reconciliation-unexplained"
    assert "'add-to-oss-playlist' departs from the earlier mapping in its proof" in problem.message


def test_a_reason_for_a_difference_that_is_not_there_is_stale(copy):
    replace_once(
        oss_md(copy),
        "<!-- departures:end -->",
        "| `reach-out-tool-author` | offset | -20 | Moved a day. |\n\n<!-- departures:end -->",
    )

    [problem] = errors(copy)

    assert problem.code == "reconciliation-stale"
    assert "explains 'reach-out-tool-author' in offset" in problem.message
    assert problem.line == line_of(copy, "| `reach-out-tool-author` | offset |")


def test_a_departure_without_a_reason_or_with_an_unknown_field_is_refused(copy):
    replace_once(
        oss_md(copy),
        "<!-- departures:end -->",
        "| `record-demo` | offset | -14 |  |\n| `record-demo` | colour | red | Prettier. |\n\n"
        "<!-- departures:end -->",
    )

    messages = [p.message for p in errors(copy) if p.code == "reconciliation-table"]

    assert messages == [
        "departure 'record-demo': the difference in offset gives no reason",
        "departure 'record-demo': 'colour' is not one of"
        " offset, phase, proof, instructions, added, removed",
    ]


def test_a_new_task_needs_a_reason_too(copy):
    new_task = (
        "  - ref: thank-the-host\n"
        "    description: Thank the host for the recording\n"
        "    offsetDays: 3\n"
        "    phase: promotion-follow-up\n"
        "    instructions:\n"
        "      docId: reference.overview.events\n"
    )
    text = oss_yaml(copy).read_text()
    oss_yaml(copy).write_text(text + new_task)
    render_operator_doc("oss", templates_dir=copy / "tasks" / "templates", content_dir=copy)

    [problem] = errors(copy)

    assert "task 'thank-the-host' is not in the earlier mapping" in problem.message
    replace_once(
        oss_md(copy),
        "<!-- departures:end -->",
        "| `thank-the-host` | added | — | The host asked for a note after each recording. |\n\n"
        "<!-- departures:end -->",
    )
    assert errors(copy) == []
