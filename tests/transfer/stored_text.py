"""Text stored in another opsdesk instance (its own data dir, SQLite), written by this module run
as a script there: `python -m tests.transfer.stored_text hostile|nul`.

"Hostile" is text a person can type and opsdesk must carry anywhere unchanged: quotes, markup,
SQL, format strings, right-to-left marks, emoji, tabs and line breaks, fields at their length
limit. "nul" is a run variable with a NUL byte, which SQLite stores and PostgreSQL refuses.
"""

from __future__ import annotations

import os
import sys

HOSTILE = (
    "Ünïcødé 🚀🎙️ 'single' \"double\" `tick` \\back\\slash <script>alert(1)</script> "
    "Robert'); DROP TABLE runs_task;-- %s %(x)s {0} ${HOME} \u202eevil\u202c "
    "zero\u200bwidth e\u0301 \u2028line\u2029para 𝔘𝔫𝔦 \ttab\nline\r\nwindows"
)


def _people():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    ops = users.create_user(email="ops@example.org", name=HOSTILE[:200], role="operations-manager")
    host = users.create_user(email="host@example.org", name="Zoë 'Host' <b>", role="host")
    return ops, host


def _hostile(ops, host) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from opsdesk.runs.models import Run, Task
    from opsdesk.runs.services import files, starting

    variables = {"tool": HOSTILE[:120], "author": "Ana \u202eMaría\u202c 🎉"}
    run = starting.start_run(
        ops, template_type="oss", anchor_date="2026-07-22", anchor_time=None, variables=variables
    )
    Run.objects.filter(pk=run.pk).update(
        variables={**variables, "notes": HOSTILE, HOSTILE[:40]: ["nested", {"deep": HOSTILE}]},
        title=(HOSTILE * 3)[:300],
    )
    tasks = list(run.tasks.order_by("position"))
    Task.objects.filter(pk=tasks[0].pk).update(comment=(HOSTILE * 40)[:5000])
    Task.objects.filter(pk=tasks[1].pk).update(
        waiting_for=(HOSTILE * 3)[:300], waiting_note=HOSTILE, external_status=HOSTILE[:500]
    )
    upload = SimpleUploadedFile("résumé 🚀 <b>'x'.txt", HOSTILE.encode(), "text/plain")
    files.attach_file(host, task_id=tasks[2].id, upload=upload)


def _nul(ops) -> None:
    from opsdesk.runs.models import Run
    from opsdesk.runs.services import starting

    run = starting.start_run(
        ops,
        template_type="oss",
        anchor_date="2026-07-22",
        anchor_time=None,
        variables={"tool": "ExampleDB", "author": "Pat"},
    )
    # Written past the services, as an older opsdesk on SQLite let it in.
    Run.objects.filter(pk=run.pk).update(variables={"tool": "a\u0000b", "author": "Pat"})


def main(kind: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
    import django

    django.setup()
    ops, host = _people()
    if kind == "hostile":
        _hostile(ops, host)
    else:
        _nul(ops)


if __name__ == "__main__":
    main(sys.argv[1])
