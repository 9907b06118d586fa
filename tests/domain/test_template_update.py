"""Planning a template update: what each of a run's tasks would become."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from opsdesk.domain.template_update import (
    RunTask,
    change_summary,
    changed_fields,
    is_due_by_hand,
    plan_update,
)

ANCHOR = date(2026, 7, 22)


def definition(ref: str, offset: int, **fields) -> dict:
    return {"ref": ref, "description": f"Do {ref}", "offsetDays": offset, "phase": "p"} | fields


def run_task(task_id: int, d: dict, status: str = "todo", due: date | None = None) -> RunTask:
    planned = date.fromordinal(ANCHOR.toordinal() + d["offsetDays"])
    due = due or planned
    return RunTask(task_id, d["ref"], status, due, d, due_by_hand=due != planned)


def plan(old: list[dict], new: list[dict], tasks: list[RunTask], slots=(), new_slots=()):
    return plan_update(
        old_tasks=old,
        new_tasks=new,
        run_tasks=tasks,
        anchor=ANCHOR,
        slot_names=list(slots),
        new_slots=list(new_slots),
    )


def test_an_unchanged_template_plans_nothing():
    old = [definition("a", -2), definition("b", 0)]
    result = plan(old, old, [run_task(1, old[0]), run_task(2, old[1], "done")])
    assert result.is_empty
    assert change_summary(result) == "No task changes"


def test_a_new_task_is_added_dated_from_the_anchor():
    old = [definition("a", -2)]
    new = old + [definition("b", 3)]
    (change,) = plan(old, new, [run_task(1, old[0])]).changes
    assert (change.kind, change.ref, change.task_id) == ("add", "b", None)
    assert change.due_after == date(2026, 7, 25)


def test_an_open_task_takes_a_new_offset_and_lists_old_and_new():
    old = [definition("a", -2)]
    new = [definition("a", -5)]
    (change,) = plan(old, new, [run_task(7, old[0], "waiting")]).changes
    assert change.kind == "update"
    assert [(f.name, f.old, f.new) for f in change.fields] == [("offsetDays", -2, -5)]
    assert (change.due_before, change.due_after) == (date(2026, 7, 20), date(2026, 7, 17))


def test_a_changed_proof_updates_an_open_task_without_moving_it():
    old = [definition("a", 1, proof=[{"type": "comment", "label": "note"}])]
    new = [definition("a", 1, proof=[{"type": "url", "label": "", "slot": "YouTube"}])]
    (change,) = plan(old, new, [run_task(1, old[0])]).changes
    assert change.kind == "update"
    assert change.field_names == ("proof",)
    assert change.due_after == change.due_before == date(2026, 7, 23)


def test_done_and_skipped_tasks_are_kept_whatever_changed():
    old = [definition("a", 0), definition("b", 1)]
    new = [definition("a", 4, description="Changed"), definition("b", 2)]
    tasks = [run_task(1, old[0], "done"), run_task(2, old[1], "skipped")]
    changes = plan(old, new, tasks).changes
    assert [(c.kind, c.status) for c in changes] == [
        ("keep-done", "done"),
        ("keep-done", "skipped"),
    ]
    assert all(c.due_after == c.due_before for c in changes)


def test_a_date_set_by_hand_stays_when_only_the_offset_changes():
    old = [definition("a", 0)]
    new = [definition("a", 3)]
    (change,) = plan(old, new, [run_task(1, old[0], due=date(2026, 8, 1))]).changes
    assert change.kind == "keep-override"
    assert change.due_after == date(2026, 8, 1)


def test_a_date_set_by_hand_stays_while_other_fields_update():
    old = [definition("a", 0)]
    new = [definition("a", 3, description="New words")]
    (change,) = plan(old, new, [run_task(1, old[0], due=date(2026, 8, 1))]).changes
    assert change.kind == "update"
    assert set(change.field_names) == {"description", "offsetDays"}
    assert change.due_after == date(2026, 8, 1)


def test_a_removed_open_task_is_removed_and_a_removed_done_task_is_kept():
    old = [definition("a", 0), definition("b", 1), definition("c", 2)]
    new = [definition("a", 0)]
    tasks = [run_task(1, old[0]), run_task(2, old[1], "waiting"), run_task(3, old[2], "done")]
    changes = plan(old, new, tasks).changes
    assert [(c.kind, c.ref) for c in changes] == [("remove", "b"), ("keep-done", "c")]


def test_only_link_slots_the_run_lacks_are_added():
    old = [definition("a", 0)]
    result = plan(
        old,
        old,
        [run_task(1, old[0])],
        slots=["YouTube"],
        new_slots=[{"name": "YouTube"}, {"name": "Podcast", "kind": "url", "required": False}],
    )
    assert result.slots_added == ({"name": "Podcast", "kind": "url", "required": False},)
    assert change_summary(result) == "1 link slot added"


def test_the_summary_counts_each_kind():
    old = [definition("a", 0), definition("b", 1)]
    new = [definition("a", 2), definition("c", 3)]
    result = plan(old, new, [run_task(1, old[0]), run_task(2, old[1])])
    assert change_summary(result) == "1 added, 1 updated, 1 removed"


def test_changed_fields_include_ones_the_new_definition_drops():
    old = {"ref": "a", "milestone": True, "phase": "p"}
    new = {"ref": "a", "phase": "q"}
    assert [(f.name, f.old, f.new) for f in changed_fields(old, new)] == [
        ("phase", "p", "q"),
        ("milestone", True, None),
    ]


def test_a_due_date_on_plan_is_not_by_hand():
    assert not is_due_by_hand(date(2026, 7, 20), ANCHOR, -2)
    assert is_due_by_hand(date(2026, 7, 21), ANCHOR, -2)


REFS = ("a", "b", "c", "d", "e")
definitions = st.dictionaries(
    st.sampled_from(REFS),
    st.tuples(st.integers(-30, 30), st.sampled_from(("Do it", "Do it well"))),
    min_size=1,
)
states = st.sampled_from(("todo", "waiting", "done", "skipped"))


@given(
    old=definitions,
    new=definitions,
    statuses=st.dictionaries(st.sampled_from(REFS), states),
    hand_dated=st.sets(st.sampled_from(REFS)),
)
def test_settled_work_is_never_changed_and_open_work_follows_the_new_plan(
    old, new, statuses, hand_dated
):
    old_defs = [definition(r, o, description=d) for r, (o, d) in old.items()]
    new_defs = [definition(r, o, description=d) for r, (o, d) in new.items()]
    tasks = [
        run_task(
            i,
            d,
            statuses.get(d["ref"], "todo"),
            due=date(2026, 1, 1) if d["ref"] in hand_dated else None,
        )
        for i, d in enumerate(old_defs, start=1)
    ]
    result = plan(old_defs, new_defs, tasks)

    by_ref = {c.ref: c for c in result.changes}
    for task in tasks:
        change = by_ref.get(task.ref)
        if task.status in ("done", "skipped"):
            assert change is None or change.kind == "keep-done"
        elif task.ref not in new:
            assert change.kind == "remove"
        elif change is not None and not task.due_by_hand:
            assert change.due_after == date.fromordinal(ANCHOR.toordinal() + new[task.ref][0])
        elif change is not None:
            assert change.due_after == task.due
    for ref, (offset, _) in new.items():
        if ref not in old:
            assert by_ref[ref].kind == "add"
            assert by_ref[ref].due_after == date.fromordinal(ANCHOR.toordinal() + offset)
