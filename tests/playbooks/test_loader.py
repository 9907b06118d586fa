"""Loading template files: the real OSS file loads; every mistake names file, task ref and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opsdesk.playbooks.loader import (
    TemplateFileError,
    load_template_file,
    load_templates,
    parse_template,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "content" / "tasks" / "templates"
OSS_YAML = TEMPLATES / "oss.yaml"
OSS_TEXT = OSS_YAML.read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    """The OSS file with exactly one occurrence of `old` replaced."""
    assert OSS_TEXT.count(old) == 1, f"{old!r} must occur once in oss.yaml"
    return OSS_TEXT.replace(old, new)


def refusal(text: str, source: str = "oss.yaml") -> TemplateFileError:
    with pytest.raises(TemplateFileError) as refused:
        parse_template(text, source)
    assert refused.value.code == "template-invalid"
    return refused.value


def test_the_real_oss_template_loads():
    loaded = load_template_file(OSS_YAML)
    template = loaded.template
    assert (template.type, template.name, template.titlePattern) == (
        "oss",
        "Open-Source Spotlight",
        "{tool} - {author}",
    )
    assert len(template.tasks) == 14
    assert loaded.path == OSS_YAML
    assert re.fullmatch(r"[0-9a-f]{16}", loaded.content_hash)
    assert loaded.definition["type"] == "oss"


def test_the_content_hash_depends_on_the_template_not_on_comments_or_layout(tmp_path):
    reformatted = tmp_path / "oss.yaml"
    reformatted.write_text("# a new comment\n" + OSS_TEXT.replace("type: oss\n", "type:   oss\n"))
    assert load_template_file(reformatted).content_hash == load_template_file(OSS_YAML).content_hash

    changed = tmp_path / "changed" / "oss.yaml"
    changed.parent.mkdir()
    changed.write_text(OSS_TEXT.replace("offsetDays: -14", "offsetDays: -15"))
    assert load_template_file(changed).content_hash != load_template_file(OSS_YAML).content_hash


def test_load_templates_finds_every_template_file_sorted_by_type():
    loaded = load_templates(TEMPLATES)
    types = [t.template.type for t in loaded]
    assert "oss" in types
    assert types == sorted(types)


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        (
            "    phase: recording-intake\n    instructions:\n"
            "      docId: reference.overview.events-pre-recorded-open-source-spotlight\n"
            '      stepId: "7"\n'
            "    systems: [zoom, youtube]\n",
            "    phase: recording-outtake\n    instructions:\n"
            "      docId: reference.overview.events-pre-recorded-open-source-spotlight\n"
            '      stepId: "7"\n'
            "    systems: [zoom, youtube]\n",
            ["task 'record-demo'", "phase", "unknown phase 'recording-outtake'"],
        ),
        (
            "offsetDays: -14",
            "offsetDays: soon",
            ["task 'record-demo' field offsetDays", "valid integer"],
        ),
        (
            "offsetDays: -14",
            "offsetDays: -400",
            ["task 'record-demo' field offsetDays", "greater than or equal to -365"],
        ),
        (
            "    description: Record the OSS demo\n",
            "",
            ["task 'record-demo' field description", "Field required"],
        ),
        (
            "    milestone: true\n",
            "    milestone: true\n    colour: red\n",
            ["task 'schedule-youtube-video' field colour", "Extra inputs are not permitted"],
        ),
        (
            "{type: external-status, label: Edit passed review}",
            "{type: video, label: Edit passed review}",
            ["task 'editing-video' field proof.0.type"],
        ),
        (
            "{type: comment, label: Review and links requested}",
            "{type: comment, slot: Author review}",
            ["task 'ask-authors-review-codes' field proof", "only url proof"],
        ),
        (
            "stageOnComplete: after-event",
            "stageOnComplete: published",
            ["task 'schedule-youtube-video' field stageOnComplete", "'published' not in stages"],
        ),
        (
            "      docId: sop.media.open-source-spotlight."
            'schedule-open-source-spotlight-youtube-videos\n      stepId: "2"\n',
            '      stepId: "2"\n',
            ["task 'add-to-oss-playlist' field instructions", "docId or a fallback url"],
        ),
        (
            "  - name: Process documents\n"
            "    url: https://docs.google.com/document/d/"
            "1FEmQV8myR3jN-8_kCG_tQh4jrrxFZJPpRag9iPf_RII/edit\n",
            "  - name: Process documents\n",
            ["field references.0", "reference 'Process documents' needs a docId or a url"],
        ),
        (
            "      sectionId: publication-date\n",
            '      sectionId: publication-date\n      stepId: "1"\n',
            ["task 'tell-author-publish-date' field instructions", "a step or a section, not both"],
        ),
        (
            "      docId: template.media.open-source-spotlight.oss-asking-for-revisions-and-links\n"
            "      sectionId: publication-date\n",
            "      sectionId: publication-date\n",
            ["task 'tell-author-publish-date' field instructions", "needs the docId"],
        ),
        (
            "      docId: reference.social-media.post-oss\n",
            "      docId: Reference/Post OSS\n",
            ["task 'schedule-social-media' field instructions.docId"],
        ),
        (
            '  - {id: publication, name: "YouTube schedule, playlist and publication notice",'
            " stage: after-event}",
            '  - {id: publication, name: "YouTube schedule, playlist and publication notice",'
            " stage: announced}",
            ["phase 'publication' maps to stage 'announced' not in stages"],
        ),
        (
            'titlePattern: "{tool} - {author}"',
            'titlePattern: "{tool} - {author} ({year})"',
            ["titlePattern uses undeclared variables ['year']"],
        ),
        (
            "stages: [preparation, after-event, done]",
            "stages: [preparation, done, after-event]",
            ["field stages", "must follow preparation, announced, after-event, done"],
        ),
        (
            'defaultTime: "17:00"',
            'defaultTime: "5pm"',
            ["field anchor.defaultTime"],
        ),
    ],
)
def test_a_schema_error_names_the_file_the_task_ref_and_the_field(old, new, fragments):
    error = refusal(edited(old, new))
    assert error.message.startswith("oss.yaml: ")
    for fragment in fragments:
        assert fragment in error.message
    assert error.details["problems"]
    assert all(p in error.message for p in error.details["problems"])


def test_a_duplicate_task_ref_is_refused():
    error = refusal(edited("ref: editing-video", "ref: record-demo"))
    assert "task 'record-demo' is defined twice" in error.message


def test_proof_bound_to_an_unknown_link_slot_is_refused():
    text = edited(
        "      - {type: url, slot: Social announcement}",
        "      - {type: url, slot: Mastodon post}",
    )
    error = refusal(text)
    assert "task 'schedule-social-media' field proof: unknown link slot 'Mastodon post'" in (
        error.message
    )


def test_several_problems_are_all_reported_at_once():
    text = edited("ref: editing-video", "ref: record-demo").replace(
        "stageOnComplete: after-event", "stageOnComplete: published"
    )
    error = refusal(text)
    assert "is defined twice" in error.message
    assert "'published' not in stages" in error.message


def _line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


@pytest.mark.parametrize(
    "broken",
    [
        "    description: Record: the OSS demo",  # a mapping value where none may be
        "\tdescription: Record the OSS demo",  # a tab for indentation
    ],
)
def test_a_yaml_syntax_error_names_the_line(broken):
    line = _line_of(OSS_TEXT, "    description: Record the OSS demo")
    error = refusal(edited("    description: Record the OSS demo", broken))
    assert error.message.startswith(f"oss.yaml line {line}: not valid YAML")


@pytest.mark.parametrize("text", ["", "- a list\n- of things\n", "just words\n"])
def test_a_file_that_is_not_a_mapping_is_refused(text):
    assert refusal(text, "podcast.yaml").message == (
        "podcast.yaml: a template file must be a mapping"
    )


def test_errors_from_a_file_on_disk_name_that_file(tmp_path):
    path = tmp_path / "oss.yaml"
    path.write_text(edited("offsetDays: -14", "offsetDays: soon"), encoding="utf-8")
    with pytest.raises(TemplateFileError, match=r"^oss\.yaml: task 'record-demo' field offsetDays"):
        load_template_file(path)


def test_the_type_must_match_the_file_name(tmp_path):
    path = tmp_path / "podcast.yaml"
    path.write_text(OSS_TEXT, encoding="utf-8")
    with pytest.raises(
        TemplateFileError, match="podcast.yaml: type 'oss' must match the file name"
    ):
        load_template_file(path)


@pytest.mark.parametrize("entry", ["  - just a string\n", "  -\n", "  - [1, 2]\n"])
def test_a_task_entry_that_is_not_a_mapping_is_refused_by_its_position(entry):
    at = OSS_TEXT.index("  - ref: record-demo")
    error = refusal(OSS_TEXT[:at] + entry + OSS_TEXT[at:])
    assert error.message.startswith("oss.yaml: task '#5' field (task): ")
    assert "valid dictionary" in error.message


def test_a_task_without_a_ref_is_named_by_its_position():
    error = refusal(edited("  - ref: record-demo\n    description:", "  - description:"))
    assert "task '#5' field ref: Field required" in error.message


def test_an_empty_stage_list_is_refused_not_a_crash():
    error = refusal(edited("stages: [preparation, after-event, done]", "stages: []"))
    assert "field stages" in error.message
    assert "must follow preparation, announced, after-event, done" in error.message


def test_a_link_slot_defined_twice_is_refused():
    # Two slots of one name cannot both exist on a run.
    error = refusal(
        edited("  - {name: Author review, required: false}", "  - {name: YouTube, required: false}")
    )
    assert "bundleLinks: link slot 'YouTube' is defined twice" in error.message


def test_an_unknown_anchor_timezone_is_refused_when_the_file_loads():
    error = refusal(
        edited("  timezone: Europe/Berlin\ntrigger", "  timezone: Europe/Berln\ntrigger")
    )
    assert "anchor.timezone" in error.message


def test_an_automatic_trigger_with_an_invalid_cron_is_refused_when_the_file_loads():
    error = refusal(edited("  type: manual\n", "  type: automatic\n  cron: every monday\n"))
    assert "trigger" in error.message
