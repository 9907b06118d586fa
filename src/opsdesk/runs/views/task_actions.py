"""Form targets for one task: complete, save proof, wait, follow up, skip, reopen, attach a file.

Each calls one service; a refusal re-renders the page the form came from with the message
beside the task's control, and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.errors import DomainError, InvalidInput
from opsdesk.runs.models import Run, Task
from opsdesk.runs.queries import active_runs
from opsdesk.runs.run_picker import pick_run
from opsdesk.runs.services import completion, editing, files, waiting
from opsdesk.web.access import not_found, write_action
from opsdesk.web.rerender import done, refused

from .run_picks import PICK_REFUSED

PROOF_FIELDS = {"link": "link", "comment": "comment", "externalStatus": "externalStatus"}


def _id(value: str | None, field: str) -> int | None:
    """An id picked from a list; anything else is refused rather than reaching the database."""
    if value in (None, ""):
        return None
    picked = whole_number(value)
    if picked is None:
        raise InvalidInput(f"Pick the {field} from the list.", field=field)
    return picked


def _version(request) -> int | None:
    return whole_number(request.POST.get("version", ""))


def _home_of(task_id: int) -> str | None:
    """Where a task lives when the form did not say: its run's page, or its own (None: no
    such task)."""
    found = Task.objects.filter(pk=task_id).values_list("run_id", flat=True)
    if not found:
        return None
    return f"/workflows/{found[0]}/" if found[0] else f"/tasks/{task_id}/"


def _stage(task) -> str | None:
    return Run.objects.filter(pk=task.run_id).values_list("stage", flat=True).first()


def _complete(request, task_id, version):
    post = request.POST
    before = Task.objects.filter(pk=task_id).values_list("run__stage", flat=True).first()
    task = completion.complete_task(
        request.user,
        task_id=task_id,
        link=post.get("link"),
        comment=post.get("comment"),
        external_status=post.get("externalStatus"),
        version=version,
    )
    stage = _stage(task)
    moved = f" The workflow moved to {stage.replace('-', ' ')}." if stage != before else ""
    return f"Completed “{task.description}”.{moved}"


def _save(request, task_id, version):
    post = request.POST
    changes = {key: post[name] for name, key in PROOF_FIELDS.items() if name in post}
    if "assigneeId" in request.POST:
        changes["assigneeId"] = _id(request.POST["assigneeId"], "assignee")
    if "date" in request.POST:
        changes["date"] = request.POST["date"]
    task = editing.patch_task(request.user, task_id=task_id, version=version, changes=changes)
    return f"Saved “{task.description}”."


def _waiting(request, task_id, version):
    post = request.POST
    task = waiting.mark_waiting(
        request.user,
        task_id=task_id,
        waiting_for=post.get("waitingFor", ""),
        follow_up_at=post.get("followUpAt"),
        note=post.get("note", ""),
        version=version,
    )
    return f"Waiting on {task.waiting_for}; follow up on {task.follow_up_at:%a %d %b}."


def _follow_up(request, task_id, version):
    post = request.POST
    task = waiting.record_follow_up(
        request.user,
        task_id=task_id,
        channel=post.get("channel", ""),
        note=post.get("note", ""),
        next_follow_up_at=post.get("nextFollowUpAt"),
        version=version,
    )
    return f"Follow-up recorded; next look on {task.follow_up_at:%a %d %b}."


def _snooze(request, task_id, version):
    post = request.POST
    task = waiting.snooze(
        request.user,
        task_id=task_id,
        until=post.get("followUpAt"),
        # A one-line row's form also holds the skip reason, so its snooze says why apart.
        reason=post.get("snoozeReason", post.get("reason", "")),
        version=version,
    )
    return f"Snoozed until {task.follow_up_at:%a %d %b}."


def _response(request, task_id, version):
    task = waiting.response_received(
        request.user, task_id=task_id, note=request.POST.get("note", ""), version=version
    )
    return f"Response received: “{task.description}” is back to do."


def _skip(request, task_id, version):
    task = completion.skip_task(
        request.user, task_id=task_id, reason=request.POST.get("reason", ""), version=version
    )
    return f"Skipped “{task.description}”."


def _reopen(request, task_id, version):
    task = completion.reopen_task(
        request.user, task_id=task_id, version=version, note=request.POST.get("note", "")
    )
    return f"Reopened “{task.description}”."


def _attach(request, task_id, version):
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput("Choose a file to upload.", field="file")
    record = files.attach_file(request.user, task_id=task_id, upload=upload)
    return f"Attached {record.original_name}."


ACTIONS = {
    "complete": _complete,
    "save": _save,
    "waiting": _waiting,
    "follow-up": _follow_up,
    "snooze": _snooze,
    "response": _response,
    "skip": _skip,
    "reopen": _reopen,
    "file": _attach,
}


@write_action
def task_action(request, task_id: int, action: str):
    if action not in ACTIONS:
        raise Http404(f"No task action {action!r}.")
    home = _home_of(task_id)
    if home is None:  # nothing to act on and no page to go back to: a plain 404, as ever
        return not_found(request, f"No task with id {task_id}.")
    try:
        message = ACTIONS[action](request, task_id, _version(request))
    except DomainError as error:
        return refused(request, home, f"task-{task_id}", action, error)
    messages.success(request, message)
    return done(request, home, f"task-{task_id}")


def _picked_run(post) -> int | None:
    """The run a form names: the run page's own id, else the one typed into the picker (a
    refusal of the typed text names the runs it could be)."""
    if post.get("bundleId"):
        return _id(post.get("bundleId"), "workflow")
    chosen = pick_run(post.get("run", ""), active_runs())
    return chosen.id if chosen else None


@write_action
def new_task(request):
    post = request.POST
    try:
        bundle_id = _picked_run(post)
    except DomainError as error:
        return refused(request, "/", "new-task", PICK_REFUSED, error)
    try:
        task = editing.create_adhoc_task(
            request.user,
            description=post.get("description", ""),
            date=post.get("date", ""),
            bundle_id=bundle_id,
            assignee_id=_id(post.get("assigneeId"), "assignee"),
            comment=post.get("comment", ""),
        )
    except DomainError as error:
        return refused(request, "/", "new-task", "new-task", error)
    messages.success(request, f"Added “{task.description}”.")
    return done(request, f"/tasks/{task.id}/", f"task-{task.id}")
