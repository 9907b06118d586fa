"""The JSON shapes of runs (bundles), tasks and summaries: camelCase, as the API promises."""

from __future__ import annotations

from datetime import date

from opsdesk.docs.guides import guide_link, source_docs
from opsdesk.docs.instructions import reference_link
from opsdesk.docs.render import doc_url
from opsdesk.docs.runtime import current_registry
from opsdesk.domain.proof import ProofRule, missing_entry
from opsdesk.domain.states import task_state
from opsdesk.domain.summary import RunSummary
from opsdesk.playbooks.presenting import template_json

from .facts import effective_link, rules_of, task_facts


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def instructions_ref(definition: dict) -> dict | None:
    """Where a task's instructions live, without consulting the docs registry."""
    ins = definition.get("instructions")
    if not ins:
        return None
    doc_id, step, section = ins.get("docId"), ins.get("stepId"), ins.get("sectionId")
    url = doc_url(doc_id, step, section) if doc_id else ins.get("url")
    return {
        "docId": doc_id,
        "stepId": step,
        "sectionId": section,
        "url": url,
        "fallbackUrl": ins.get("url"),
    }


def proof_json(rules: tuple[ProofRule, ...]) -> list[dict]:
    items = []
    for rule in rules:
        first, single = rule.options[0], len(rule.options) == 1
        items.append(
            {
                "type": first.kind if single else "any-of",
                "label": first.name,
                "slot": first.slot if single else None,
                "options": [
                    {"type": o.kind, "label": o.name, "slot": o.slot} for o in rule.options
                ],
            }
        )
    return items


def definition_json(task) -> dict:
    """The part of a task's JSON its template definition decides (the same for every task that
    copied that definition)."""
    definition = task.definition or {}
    return {
        "proof": proof_json(rules_of(task)),
        "waiting": definition.get("waiting"),
        "atRiskWhen": definition.get("atRiskWhen", []),
        "milestone": definition.get("milestone", False),
        "stageOnComplete": definition.get("stageOnComplete"),
        "instructions": instructions_ref(definition),
    }


def task_json(
    task,
    slot_urls: dict[str, str],
    today: date,
    file_count: int = 0,
    definitions: dict | None = None,
) -> dict:
    """`definitions` keeps each definition's part for a list whose tasks share definitions
    (task rows share one dict per distinct definition)."""
    if definitions is None:
        static = definition_json(task)
    else:
        kept = definitions.get(id(task.definition))
        if kept is None:
            # The definition is kept with its part, so its id cannot be reused meanwhile.
            kept = definitions[id(task.definition)] = (task.definition, definition_json(task))
        static = kept[1]
    facts = task_facts(task, slot_urls, file_count)
    state = task_state(facts, today)
    link, prefilled = effective_link(task, slot_urls)
    run = task.run if task.run_id else None
    return {
        "id": task.id,
        "bundleId": task.run_id,
        "bundleTitle": run.title if run else None,
        "bundleType": run.type if run else None,
        "templateTaskRef": task.template_ref or None,
        "description": task.description,
        "date": task.due_date.isoformat(),
        "dueOverridden": task.due_overridden,
        "status": task.status,
        "state": state.bucket,
        "daysLate": state.days_late,
        "severity": state.severity,
        "missingEvidence": state.missing_evidence,
        "missing": [missing_entry(r) for r in state.unmet],
        "phase": task.phase or None,
        "source": task.source,
        "assigneeId": task.assignee_id,
        "link": link,
        "linkPrefilled": prefilled,
        "comment": task.comment,
        "externalStatus": task.external_status,
        "waitingFor": task.waiting_for,
        "followUpAt": _iso(task.follow_up_at),
        "waitingNote": task.waiting_note,
        "skipReason": task.skip_reason,
        **static,
        "fileCount": file_count,
        "version": task.version,
        "completedBy": task.completed_by_id,
        "completedAt": _iso(task.completed_at),
    }


def summary_json(summary: RunSummary) -> dict:
    return {
        "progress": summary.progress,
        "total": summary.total,
        "done": summary.done,
        "settled": summary.settled,
        "overdue": summary.overdue,
        "waiting": summary.waiting,
        "followUpsDue": summary.follow_ups_due,
        "missingEvidence": summary.missing_evidence,
        "nextAction": summary.next_action,
        "atRisk": summary.at_risk,
        "riskReasons": summary.risk_reasons,
        "closureBlockers": summary.closure_blockers,
        "atRiskTasks": summary.at_risk_tasks,
    }


def slot_json(slot) -> dict:
    return {
        "name": slot.name,
        "url": slot.url,
        "kind": slot.kind,
        "required": slot.required,
        "missing": slot.required and not slot.url,
        "fromResource": slot.from_resource or None,
    }


def references_json(references: list[dict]) -> list[dict]:
    registry = current_registry()
    return [reference_link(registry, r) for r in references]


def source_docs_json(template: dict) -> list[dict]:
    """The operator guide and in-repo source docs of the template a run was started from."""
    return source_docs(
        current_registry(), template.get("operatorDocId"), template.get("sourceDocIds", [])
    )


def template_with_guide(template, with_tasks: bool = True) -> dict:
    """A loaded template as the API, library card and start preview show it: with its guide."""
    guide = guide_link(current_registry(), template.operatorDocId, template.sourceDocIds)
    return template_json(template, with_tasks) | {"operatorGuide": guide}


def run_json(
    run, slots, summary: RunSummary, tasks_json: list[dict] | None, template: dict
) -> dict:
    body = {
        "id": run.id,
        "type": run.type,
        "title": run.title,
        "name": template["name"],
        "emoji": template["emoji"],
        "anchorDate": run.anchor_date.isoformat(),
        "anchorTime": run.anchor_time.strftime("%H:%M"),
        "timezone": run.timezone,
        "stage": run.stage,
        "stages": run.stages,
        "status": run.status,
        "tags": run.tags,
        "variables": run.variables,
        "bundleLinks": [slot_json(s) for s in slots],
        "references": references_json(run.references),
        "phases": run.phases,
        "closureRequested": run.closure_requested,
        "templateVersion": run.template_version,
        "createdAt": _iso(run.created_at),
        "archivedAt": _iso(run.archived_at),
        "version": run.version,
        "summary": summary_json(summary),
    }
    if tasks_json is not None:
        body["tasks"] = tasks_json
    return body
