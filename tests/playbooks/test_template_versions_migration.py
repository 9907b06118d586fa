"""The migration that starts keeping versions gives every template, and every run, one."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("runs", "0002_slot_due_date")]
AFTER = [("runs", "0003_template_versions")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _run(apps, template, content_hash: str, snapshot: dict):
    return apps.get_model("runs", "Run").objects.create(
        template=template,
        type="oss",
        title=content_hash,
        anchor_date=date(2026, 7, 22),
        anchor_time=time(17),
        timezone="Europe/Berlin",
        snapshot=snapshot,
        template_version=content_hash,
    )


@pytest.fixture
def back_to_the_latest_schema():
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_older_contents_of_runs_become_earlier_versions_and_the_loaded_one_the_newest():
    old_apps = _migrate(BEFORE)
    template = old_apps.get_model("runs", "WorkflowTemplate").objects.create(
        type="oss", name="OSS", definition={"tasks": [1, 2]}, content_hash="new", source_path="x"
    )
    _run(old_apps, template, "old", {"tasks": [1]})
    _run(old_apps, template, "new", {"tasks": [1, 2]})

    new_apps = _migrate(AFTER)

    versions = new_apps.get_model("runs", "TemplateVersion").objects.order_by("number")
    assert [(v.number, v.content_hash, v.definition) for v in versions] == [
        (1, "old", {"tasks": [1]}),
        (2, "new", {"tasks": [1, 2]}),
    ]
