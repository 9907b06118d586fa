"""The load scenario's clients: the daily loop's reads and writes over HTTP, 70% / 30%, and a
ledger of every write the server acknowledged, checked against the server afterwards.

Each client starts a run of its own and writes only to it, so no two clients fight over one
task's version: any answer other than 200/201 is an error, and a 409 would be one too.
"""

from __future__ import annotations

import http.client
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

TODAY = "2026-07-01"
ANCHOR = "2026-07-22"
REQUEST_TIMEOUT_SECONDS = 30
FAILED = 0  # the status recorded when no answer came (refused, reset, timed out)


@dataclass
class Answer:
    action: str
    status: int
    ms: float
    write: bool


@dataclass
class Ledger:
    """What the server acknowledged: every entry must be found afterwards."""

    task_versions: dict[int, int] = field(default_factory=dict)
    comments: dict[int, list[str]] = field(default_factory=dict)
    added_tasks: dict[int, str] = field(default_factory=dict)
    started_runs: dict[int, int] = field(default_factory=dict)
    acknowledged: int = 0

    def task_written(self, task: dict) -> None:
        self.acknowledged += 1
        self.task_versions[task["id"]] = max(task["version"], self.task_versions.get(task["id"], 0))

    def merge(self, other: Ledger) -> None:
        for task_id, version in other.task_versions.items():
            self.task_versions[task_id] = max(version, self.task_versions.get(task_id, 0))
        for task_id, comments in other.comments.items():
            self.comments.setdefault(task_id, []).extend(comments)
        self.added_tasks.update(other.added_tasks)
        self.started_runs.update(other.started_runs)
        self.acknowledged += other.acknowledged


class Http:
    """JSON over one new loopback connection per request, as a reverse proxy would open."""

    def __init__(self, base_url: str, token: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=REQUEST_TIMEOUT_SECONDS
        )
        try:
            payload = json.dumps(body) if body is not None else None
            connection.request(method, path, body=payload, headers=self.headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):  # refused, reset, cut off, timed out
            return FAILED, None
        finally:
            connection.close()
        is_json = (response.getheader("Content-Type") or "").startswith("application/json")
        return response.status, json.loads(data) if is_json and data else None


@dataclass(frozen=True)
class Action:
    name: str
    weight: int
    write: bool
    run: Callable[[LoadClient], tuple[int, object]]


class LoadClient:
    def __init__(self, number: int, servers: list[Http], seed: int = 1):
        self.number = number
        self.servers = servers
        self.rng = random.Random(seed * 1000 + number)
        self.ledger = Ledger()
        self.run_id: int | None = None
        self.tasks: dict[int, dict] = {}  # this client's tasks as last acknowledged
        self.sequence = 0

    @property
    def http(self) -> Http:
        return self.rng.choice(self.servers)

    def next_label(self) -> str:
        self.sequence += 1
        return f"load client {self.number} write {self.sequence}"

    def start_own_run(self) -> tuple[int, object]:
        variables = {"tool": f"Load {self.number}-{self.sequence}", "author": "Bench"}
        body = {"type": "oss", "anchorDate": ANCHOR, "variables": variables}
        status, run = self.http.call("POST", "/api/bundles", body)
        if status == 201:
            self.ledger.acknowledged += 1
            self.ledger.started_runs[run["id"]] = len(run["tasks"])
            if self.run_id is None:
                self.run_id = run["id"]
                self.tasks = {t["id"]: t for t in run["tasks"]}
        return status, run

    def own_task(self) -> dict:
        return self.tasks[self.rng.choice(sorted(self.tasks))]

    def task_write(self, method: str, path: str, body: dict) -> tuple[int, object]:
        status, task = self.http.call(method, path, body)
        if status == 200:
            self.tasks[task["id"]] = task
            self.ledger.task_written(task)
        return status, task

    def step(self, actions: tuple[Action, ...]) -> Answer:
        action = self.rng.choices(actions, weights=[a.weight for a in actions])[0]
        started = time.perf_counter()
        status, _ = action.run(self)
        return Answer(action.name, status, (time.perf_counter() - started) * 1000, action.write)


def _get(path: Callable[[LoadClient], str]):
    return lambda client: client.http.call("GET", path(client))


def _edit(client: LoadClient):
    task, comment = client.own_task(), client.next_label()
    status, answer = client.task_write(
        "PATCH", f"/api/tasks/{task['id']}", {"version": task["version"], "comment": comment}
    )
    if status == 200:
        client.ledger.comments.setdefault(task["id"], []).append(comment)
    return status, answer


def _wait_or_answer(client: LoadClient):
    task = client.own_task()
    if task["status"] == "waiting":
        body = {"version": task["version"], "note": "Answered"}
        return client.task_write("POST", f"/api/tasks/{task['id']}/response-received", body)
    if task["status"] != "todo":
        return _edit(client)
    body = {"waitingFor": "Pat", "followUpAt": "2026-07-08", "note": client.next_label()}
    body["version"] = task["version"]
    return client.task_write("POST", f"/api/tasks/{task['id']}/waiting", body)


def _add_task(client: LoadClient):
    description = client.next_label()
    body = {"description": description, "date": "2026-07-03", "bundleId": client.run_id}
    status, task = client.http.call("POST", "/api/tasks", body)
    if status == 201:
        client.ledger.acknowledged += 1
        client.ledger.added_tasks[task["id"]] = description
    return status, task


READS = (
    Action("dashboard (all)", 20, False, _get(lambda c: f"/api/dashboard?scope=all&asOf={TODAY}")),
    Action("dashboard (mine)", 10, False, _get(lambda c: f"/api/dashboard?asOf={TODAY}")),
    Action("run detail", 15, False, _get(lambda c: f"/api/bundles/{c.run_id}?asOf={TODAY}")),
    Action("task list", 10, False, _get(lambda c: f"/api/tasks?status=todo&asOf={TODAY}")),
    Action("task detail", 10, False, _get(lambda c: f"/api/tasks/{c.own_task()['id']}")),
    Action("notifications", 5, False, _get(lambda c: "/api/notifications")),
)
WRITES = (
    Action("edit a task", 15, True, _edit),
    Action("add a task", 7, True, _add_task),
    Action("wait / answer", 5, True, _wait_or_answer),
    Action("start a run", 3, True, LoadClient.start_own_run),
)
MIX = READS + WRITES  # weights sum to 100: 70 reads, 30 writes


def lost_writes(ledger: Ledger, http: Http) -> list[str]:
    """Every acknowledged write that the server no longer shows, one line each."""
    lost = []
    for task_id, version in sorted(ledger.task_versions.items()):
        status, task = http.call("GET", f"/api/tasks/{task_id}")
        if status != 200 or task["version"] < version:
            lost.append(f"task {task_id}: acknowledged version {version}, found {status} {task}")
    for task_id, comments in sorted(ledger.comments.items()):
        status, answer = http.call("GET", f"/api/tasks/{task_id}/history")
        seen = {e["after"].get("comment") for e in (answer or {}).get("history", [])}
        lost += [f"task {task_id}: edit {c!r} missing" for c in comments if c not in seen]
    for task_id, description in sorted(ledger.added_tasks.items()):
        status, task = http.call("GET", f"/api/tasks/{task_id}")
        if status != 200 or task["description"] != description:
            lost.append(f"added task {task_id} ({description!r}) missing: {status}")
    for run_id, count in sorted(ledger.started_runs.items()):
        status, run = http.call("GET", f"/api/bundles/{run_id}")
        if status != 200 or len(run["tasks"]) < count:
            lost.append(f"started run {run_id} missing or short of its {count} tasks: {status}")
    return lost
