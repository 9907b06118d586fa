"""What the benchmark times: the screens and actions of the daily loop, and docs at scale."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client

from opsdesk.accounts.tokens import issue_token
from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Run
from opsdesk.runs.services.starting import start_run
from opsdesk.wsgi import application

from .corpus import write_corpus
from .insights import insights_timings
from .loopback import LoopbackServer
from .ticking import during_tick, pass_batch
from .timing import Timing, measure

TODAY = date(2026, 7, 1)


def _operator():
    return get_user_model().objects.create_user(
        email="bench@example.org", password=None, name="Bench", role="operations-manager"
    )


def _in_process(client: Client, scale: str, samples: int, run_id: int) -> list[Timing]:
    def get(path):
        return lambda: _ok(client.get(path))

    return [
        measure("dashboard (all)", scale, get(f"/api/dashboard?scope=all&asOf={TODAY}"), samples),
        measure("dashboard (mine)", scale, get(f"/api/dashboard?scope=mine&asOf={TODAY}"), samples),
        measure("run detail", scale, get(f"/api/bundles/{run_id}?asOf={TODAY}"), samples),
        measure("task list (API)", scale, get(f"/api/tasks?status=todo&asOf={TODAY}"), samples),
        measure("task list page", scale, get(f"/tasks/?asOf={TODAY}"), samples),
        measure("dashboard page", scale, get(f"/?asOf={TODAY}"), samples),
    ]


def _ok(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.content[:200]!r}")
    return response


def _writes(client: Client, user, scale: str, samples: int) -> list[Timing]:
    def start():
        start_run(
            user,
            template_type="oss",
            anchor_date=TODAY,
            anchor_time=None,
            variables={"tool": "Bench", "author": "Pat"},
        )

    def complete():
        run = start_run(
            user,
            template_type="oss",
            anchor_date=TODAY,
            anchor_time=None,
            variables={"tool": "Bench", "author": "Pat"},
        )
        task = run.tasks.get(template_ref="editing-video")
        _ok(
            client.post(
                f"/api/tasks/{task.id}/complete",
                data={"externalStatus": "Reviewed"},
                content_type="application/json",
            )
        )

    return [
        measure("start an OSS run", scale, start, samples),
        measure("start + complete a task", scale, complete, samples),
    ]


def _over_http(token: str, scale: str, samples: int, run_id: int) -> list[Timing]:
    with LoopbackServer(application) as server:
        return [
            measure(
                "HTTP dashboard (all)",
                scale,
                lambda: server.get(f"/api/dashboard?scope=all&asOf={TODAY}", token),
                samples,
            ),
            measure(
                "HTTP run detail",
                scale,
                lambda: server.get(f"/api/bundles/{run_id}?asOf={TODAY}", token),
                samples,
            ),
        ]


def _docs(samples: int) -> list[Timing]:
    from opsdesk.docs.registry import load_registry
    from opsdesk.docs.search import build_index

    state = {}
    with tempfile.TemporaryDirectory(prefix="opsdesk-corpus-") as folder:
        corpus = write_corpus(Path(folder))

        def build():
            registry = load_registry(corpus)
            state["index"] = build_index(registry.docs)

        rows = [measure("registry + index, 2,000 docs", "2,000 docs", build, 5, warmup=1)]
    queries = iter(
        ["schedule video", "upload recording", "timecod", "invite guest", "playlist"] * 1000
    )
    rows.append(
        measure("search", "2,000 docs", lambda: state["index"].search(next(queries)), samples * 5)
    )
    return rows


def run_all(scales: list[int], samples: int, data_dir: Path) -> list[Timing]:
    user = _operator()
    token = issue_token(user, "bench")
    # The test client says "testserver" unless told; the settings serve only the real hosts.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    rows: list[Timing] = []
    for scale in sorted(scales):
        active = Run.objects.exclude(stage="done").count()
        if scale > active:
            seed_demo(scale - active, seed=scale, today=TODAY, past_fraction=0.0)
        label = f"{Run.objects.exclude(stage='done').count()} runs"
        run_id = Run.objects.exclude(stage="done").order_by("id").first().id
        rows += _in_process(client, label, samples, run_id)
        rows += _over_http(token, label, max(10, samples // 2), run_id)
        rows += _writes(client, user, label, samples)
        rows += _while_ticking(client, label, samples)
    rows += _docs(samples)
    # Last: it seeds a year of history, which the screens above are not measured with.
    return rows + insights_timings(client, TODAY, max(10, samples // 2))


def _while_ticking(client: Client, scale: str, samples: int) -> list[Timing]:
    path = f"/api/dashboard?scope=all&asOf={TODAY}"
    return [
        pass_batch(scale, max(5, samples // 3)),
        during_tick(lambda p: _ok(client.get(p)), path, scale, samples, TODAY),
    ]
