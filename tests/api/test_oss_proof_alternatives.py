"""Every OSS proof alternative completes its task the same way on every path a person can take:
the API, the run page's proof form, the review's bulk completion, and the operator doc's table.

The cases come from the template file itself, so a new alternative is tested without an edit here.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from opsdesk.domain.proof import proof_kind
from opsdesk.playbooks.loader import load_template_file
from opsdesk.playbooks.operator_doc import extract_task_table
from tests.conftest import start_oss, task_by_ref
from tests.refusals import refused_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_setup")]

CONTENT = Path(__file__).resolve().parents[2] / "content"
OSS = load_template_file(CONTENT / "tasks" / "templates" / "oss.yaml").template
FIELDS = {"url": "link", "comment": "comment", "external-status": "externalStatus"}


def _evidence(option) -> dict:
    """The one proof field an alternative needs, with a value a person would type."""
    if option.kind == "url":
        return {"link": f"https://example.org/{option.slot.lower().replace(' ', '-')}"}
    return {FIELDS[option.kind]: f"{option.label}: done on 23 Jul"}


def _alternatives() -> list:
    cases = []
    for task in OSS.tasks:
        rules = task.proof_rules()
        if any(len(rule.options) > 1 for rule in rules):
            # Each of these tasks needs its alternatives and nothing else, so one option suffices.
            assert len(rules) == 1, task.ref
            for option in rules[0].options:
                cases.append(pytest.param(task.ref, option, id=f"{task.ref}-{option.kind}"))
    return cases


ALTERNATIVES = _alternatives()


def test_the_alternatives_are_the_ones_the_originating_issue_allows():
    offered = {}
    for param in ALTERNATIVES:
        ref, option = param.values
        offered.setdefault(ref, []).append(option.slot or option.kind)
    assert offered == {
        "find-time-calendly": ["comment", "external-status"],
        "schedule-recording": ["comment", "external-status"],
        "record-demo": ["Recording source", "comment"],
        "editing-video": ["external-status", "comment"],
        "add-timecodes-youtube": ["external-status", "comment"],
        "tell-author-publish-date": ["comment", "external-status"],
        "add-to-oss-playlist": ["OSS playlist", "external-status", "comment"],
        "ask-guest-share-recording": ["comment", "external-status"],
        "schedule-social-media": ["Social announcement", "external-status"],
    }


def _proof_kept(api, task_id: int, evidence: dict) -> None:
    _, after = api.get(f"/tasks/{task_id}")
    assert after["status"] == "done" and after["missing"] == []
    for field, value in evidence.items():
        assert after[field] == value


def _slot_follows(api, run_id: int, option, evidence: dict) -> None:
    """A link alternative fills its slot; the others leave the slot as it was (empty)."""
    if option.slot is None:
        return
    _, run = api.get(f"/bundles/{run_id}")
    assert {s["name"]: s["url"] for s in run["bundleLinks"]}[option.slot] == evidence["link"]


@pytest.mark.parametrize(("ref", "option"), ALTERNATIVES)
def test_the_api_completes_the_task_with_this_alternative_alone(api, ref, option):
    run = start_oss(api)
    task = task_by_ref(run, ref)
    evidence = _evidence(option)

    status, body = api.post(f"/tasks/{task['id']}/complete", evidence)

    assert status == 200, body
    _proof_kept(api, task["id"], evidence)
    _slot_follows(api, run["id"], option, evidence)


@pytest.mark.parametrize(("ref", "option"), ALTERNATIVES)
def test_the_run_page_offers_a_field_for_this_alternative_and_completes_with_it(
    api, operator_client, ref, option
):
    run = start_oss(api)
    task = task_by_ref(run, ref)
    evidence = _evidence(option)
    page = operator_client.get(f"/workflows/{run['id']}/").content.decode()
    card = page[page.index(f'id="task-{task["id"]}"') :]
    form = card[card.index('class="proof-form"') :]
    form = form[: form.index("</form>")]
    assert f'name="{FIELDS[option.kind]}"' in form

    back = f"/workflows/{run['id']}/"
    response = operator_client.post(f"/tasks/{task['id']}/complete/", {"back": back, **evidence})

    assert response.status_code == 302, response.content.decode()[:500]
    _proof_kept(api, task["id"], evidence)
    _slot_follows(api, run["id"], option, evidence)


@pytest.mark.parametrize(("ref", "option"), ALTERNATIVES)
def test_bulk_completion_completes_the_task_once_this_alternative_is_saved(api, ref, option):
    run = start_oss(api)
    task = task_by_ref(run, ref)
    evidence = _evidence(option)
    status, body = api.post("/tasks/bulk/complete", {"taskIds": [task["id"]]})
    assert status == 200 and body["completed"] == []
    [refused] = body["notCompleted"]
    assert refused["missing"][0]["type"] == "any-of"

    _, saved = api.patch(f"/tasks/{task['id']}", {"version": task["version"], **evidence})
    status, body = api.post("/tasks/bulk/complete", {"taskIds": [task["id"]]})

    assert status == 200, body
    assert [t["id"] for t in body["completed"]] == [task["id"]], body
    _proof_kept(api, task["id"], evidence)
    _slot_follows(api, run["id"], option, evidence)


@pytest.mark.parametrize(("ref", "option"), ALTERNATIVES)
def test_the_operator_docs_task_table_names_this_alternative(ref, option):
    table = extract_task_table((CONTENT / "tasks" / "templates" / "oss.md").read_text())
    row = next(line for line in table.splitlines() if line.startswith(f"| `{ref}` |"))
    proof_cell = row.split(" | ")[5]
    kind = proof_kind(option.kind).table
    words = f"{kind}: {option.slot}" if option.slot else kind
    assert words in proof_cell
    assert " or " in proof_cell


@pytest.mark.parametrize("ref", sorted({p.values[0] for p in ALTERNATIVES}))
def test_without_any_alternative_every_path_refuses_and_names_each_one(api, operator_client, ref):
    run = start_oss(api)
    task = task_by_ref(run, ref)
    wanted = [o.slot or o.label for o in OSS.task(ref).proof_rules()[0].options]

    status, refused = api.post(f"/tasks/{task['id']}/complete", {})
    assert status == 422
    assert [o["label"] for o in refused["missing"][0]["options"]] == wanted
    page = refused_page(
        operator_client,
        f"/tasks/{task['id']}/complete/",
        {"back": f"/workflows/{run['id']}/"},
        lands_on=f"/workflows/{run['id']}/#task-{task['id']}",
    )
    assert html.escape(refused["message"]) in page
    _, bulk = api.post("/tasks/bulk/complete", {"taskIds": [task["id"]]})
    assert bulk["completed"] == [] and bulk["notCompleted"][0]["message"] == refused["message"]
    _, after = api.get(f"/tasks/{task['id']}")
    assert after["status"] == "todo" and after["version"] == task["version"]
