"""Every entry of the registries shows up everywhere a person meets it: API, page and CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from opsdesk.cli import main
from opsdesk.domain.buckets import BUCKETS
from opsdesk.domain.proof import PROOF_KIND_REGISTRY, ProofOption
from opsdesk.runs.models import Task

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 1)
# One open task per bucket: (status, due, follow-up date).
IN_BUCKET = {
    "overdue": ("todo", TODAY - timedelta(days=2), None),
    "follow-up-due": ("waiting", TODAY - timedelta(days=5), TODAY),
    "today": ("todo", TODAY, None),
    "waiting": ("waiting", TODAY, TODAY + timedelta(days=3)),
    "upcoming": ("todo", TODAY + timedelta(days=4), None),
}


def _cli(capsys, *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_the_bucket_test_has_a_task_for_every_bucket():
    assert set(IN_BUCKET) == {b.key for b in BUCKETS}


def test_every_bucket_is_a_dashboard_list_a_page_section_and_a_cli_section(
    api, operator_client, operator, capsys
):
    for bucket in BUCKETS:
        status, due, follow_up = IN_BUCKET[bucket.key]
        Task.objects.create(
            description=f"Task in {bucket.key}",
            due_date=due,
            status=status,
            follow_up_at=follow_up,
            waiting_for="Pat" if status == "waiting" else "",
            source="manual",
        )
    _, board = api.get(f"/dashboard?scope=all&asOf={TODAY}")
    page = operator_client.get(f"/?scope=all&asOf={TODAY}").content.decode()
    text = _cli(capsys, "today", "--all", "--as-of", str(TODAY), "--as", operator.email)

    for bucket in BUCKETS:
        listed = [t["description"] for t in board[bucket.api_name]]
        assert listed == [f"Task in {bucket.key}"], bucket.key
        assert board["counts"][bucket.api_name] == 1, bucket.key
        assert board[bucket.api_name][0]["state"] == bucket.key
        assert f'id="{bucket.api_name}"' in page and bucket.title in page, bucket.key
        assert f"\n{bucket.title}\n" in text and f"Task in {bucket.key}" in text, bucket.key


def test_an_empty_bucket_says_so_on_the_page_and_in_the_cli(operator_client, operator, capsys):
    page = operator_client.get(f"/?scope=all&asOf={TODAY}").content.decode()
    text = _cli(capsys, "today", "--all", "--as-of", str(TODAY), "--as", operator.email)
    for bucket in BUCKETS:
        assert bucket.empty in page and bucket.empty in text, bucket.key


@pytest.mark.parametrize("kind", PROOF_KIND_REGISTRY, ids=lambda k: k.key)
def test_every_proof_kind_is_asked_for_in_the_api_on_the_page_and_in_the_cli(
    kind, api, operator_client, operator, capsys
):
    label = f"Evidence {kind.key}"
    task = Task.objects.create(
        description=f"Prove it with {kind.key}",
        due_date=TODAY,
        definition={"proof": [{"type": kind.key, "label": label}]},
        source="manual",
    )
    message = f"Add {kind.phrase.format(ProofOption(kind.key, label).name)} first"

    _, body = api.get(f"/tasks/{task.id}?asOf={TODAY}")
    page = operator_client.get(f"/tasks/{task.id}/?asOf={TODAY}").content.decode()
    text = _cli(capsys, "today", "--all", "--as-of", str(TODAY), "--as", operator.email)

    assert body["proof"][0]["type"] == kind.key
    assert [m["message"] for m in body["missing"]] == [message]
    # The page asks for it once, in the registry's words, beside Complete (the checklist
    # now shows only on settled or read-only cards, so the proof is not said twice).
    assert message in page
    assert message in text
    board = json.loads(_cli(capsys, "today", "--all", "--as-of", str(TODAY), "--json"))
    assert board["today"][0]["missing"][0]["type"] == kind.key
