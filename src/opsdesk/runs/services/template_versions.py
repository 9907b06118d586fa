"""Template versions: each new content of a template file is kept, with the git commit it came
from when the content directory is a checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.db.models import Count, F, Max, Q

from opsdesk import audit
from opsdesk.domain.errors import NotFound
from opsdesk.playbooks.loader import LoadedTemplate
from opsdesk.runs.models import Run, TemplateVersion, WorkflowTemplate

GIT_TIMEOUT_SECONDS = 5
# The audit action of a version recorded from a template file (by init, a reload or a start).
VERSION_ADDED = "template-version-added"


def git_commit(directory: Path) -> str:
    """HEAD of the checkout holding `directory`; empty without git or outside a checkout."""
    try:
        answer = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--verify", "--quiet", "HEAD"],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    commit = answer.stdout.strip()
    return commit if answer.returncode == 0 and len(commit) in (40, 64) else ""


def record_version(row: WorkflowTemplate, item: LoadedTemplate, commit: str) -> TemplateVersion:
    """The version for the file's content: the newest one if unchanged, else a new number."""
    latest = row.versions.order_by("-number").first()
    if latest is not None and latest.content_hash == item.content_hash:
        return latest
    version = TemplateVersion.objects.create(
        template=row,
        number=(latest.number + 1) if latest else 1,
        content_hash=item.content_hash,
        definition=item.definition,
        source_path=str(item.path),
        git_commit=commit,
    )
    audit.record(
        None,
        VERSION_ADDED,
        before={"version": latest.number, "contentHash": latest.content_hash} if latest else {},
        after={
            "type": row.type,
            "version": version.number,
            "contentHash": version.content_hash,
            "gitCommit": commit,
        },
        note=str(item.path.name),
    )
    return version


def keep_versions_of_runs(row: WorkflowTemplate) -> None:
    """Runs on a content no version records (imported, or older than versions) get one from
    their snapshot, so every run can say which version it is on."""
    known = set(row.versions.values_list("content_hash", flat=True))
    orphans = (
        Run.objects.filter(template=row)
        .exclude(template_version__in=known)
        .order_by("created_at", "id")
    )
    for run in orphans.only("template_version", "snapshot", "created_at"):
        if run.template_version in known:
            continue
        number = (row.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        TemplateVersion.objects.create(
            template=row,
            number=number,
            content_hash=run.template_version,
            definition=run.snapshot,
            loaded_at=run.created_at,
        )
        known.add(run.template_version)


def version_number(row: WorkflowTemplate, content_hash: str) -> int | None:
    """The newest version number with this content (a file changed back re-uses its content)."""
    found = row.versions.filter(content_hash=content_hash).order_by("-number").first()
    return found.number if found else None


def running_runs(row: WorkflowTemplate):
    """Runs still in progress: not archived, not done."""
    return Run.objects.filter(template=row, archived_at__isnull=True).exclude(stage="done")


def outdated_counts() -> dict[str, int]:
    """Per template type, how many running runs are on an older version."""
    rows = (
        Run.objects.filter(archived_at__isnull=True)
        .exclude(stage="done")
        .values("template__type")
        .annotate(n=Count("id", filter=~Q(template_version=F("template__content_hash"))))
        .order_by()
    )
    return {r["template__type"]: r["n"] for r in rows if r["n"]}


def version_json(version: TemplateVersion, current_hash: str, runs_on: int) -> dict:
    return {
        "number": version.number,
        "contentHash": version.content_hash,
        "gitCommit": version.git_commit or None,
        "loadedAt": version.loaded_at.isoformat(),
        "taskCount": len(version.definition.get("tasks", [])),
        "current": version.content_hash == current_hash,
        "runningRuns": runs_on,
    }


def template_history(row: WorkflowTemplate) -> list[dict]:
    """Every version of the template, newest first, with how many running runs are on it."""
    on_hash = dict(
        running_runs(row).values_list("template_version").annotate(n=Count("id")).order_by()
    )
    versions = list(row.versions.order_by("-number"))
    newest_of_hash = {}
    for v in versions:
        newest_of_hash.setdefault(v.content_hash, v.number)
    return [
        version_json(
            v,
            row.content_hash,
            on_hash.get(v.content_hash, 0) if newest_of_hash[v.content_hash] == v.number else 0,
        )
        for v in versions
    ]


def version_detail(row: WorkflowTemplate, number: int) -> dict:
    """One version with the template content it holds."""
    version = row.versions.filter(number=number).first()
    if version is None:
        raise NotFound(f"{row.type} has no version {number}.")
    runs_on = running_runs(row).filter(template_version=version.content_hash).count()
    return version_json(version, row.content_hash, runs_on) | {"definition": version.definition}
