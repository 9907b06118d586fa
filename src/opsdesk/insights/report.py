"""The insights report: one template type and a range of anchor dates, every measure at once.

The page, the API, the CSV downloads and the CLI all answer from `insights_report`, so the
numbers agree wherever they are read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings

from opsdesk.clock import org_today
from opsdesk.docs.render import doc_url
from opsdesk.docs.runtime import current_registry
from opsdesk.domain import insights as measures
from opsdesk.domain import insights_people
from opsdesk.domain.bounds import MIN_DATE
from opsdesk.domain.dates import local_instant, parse_date
from opsdesk.domain.errors import InvalidInput, NotFound

from . import aggregates, queries
from .aggregates import Measures, Question
from .queries import Selection, StepInfo

DEFAULT_RANGE_DAYS = 365
SLIPPING_STEPS = 5
GAP_DOCS = 3


@dataclass(frozen=True)
class Scope:
    """What a report is about: a template type, anchor dates from `start` to `end`, and the
    day "now" is (for what is overdue and what was done in the last 30 days)."""

    type: str
    name: str
    start: date
    end: date
    today: date


def _optional_date(value, field: str) -> date | None:
    text = value.strip() if isinstance(value, str) else value
    return parse_date(text, field) if text else None


def parse_scope(template_type=None, date_from=None, date_to=None, as_of=None) -> Scope:
    """Check the report's inputs; without them: OSS (else the first template), the last year."""
    today = org_today(_optional_date(as_of, "asOf"))
    names = dict(queries.template_choices())
    if not names:
        raise NotFound("No workflow templates are loaded yet; run `opsdesk init` first.")
    chosen = (template_type or "").strip() or ("oss" if "oss" in names else sorted(names)[0])
    if chosen not in names:
        raise InvalidInput(
            f"type must be one of {', '.join(sorted(names))}, got {chosen[:64]!r}.", field="type"
        )
    end = _optional_date(date_to, "to") or today
    start = _optional_date(date_from, "from") or max(
        MIN_DATE, end - timedelta(days=DEFAULT_RANGE_DAYS)
    )
    if start > end:
        raise InvalidInput(
            f"from ({start.isoformat()}) must be on or before to ({end.isoformat()}).",
            field="from",
        )
    return Scope(chosen, names[chosen], start, end, today)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def camel_dict(record) -> dict:
    return {_camel(key): value for key, value in asdict(record).items()}


def _doc_link(doc_id: str | None, step_id: str | None = None) -> tuple[str | None, str | None]:
    doc = current_registry().resolve(doc_id) if doc_id else None
    return (doc.title, doc_url(doc.id, step_id)) if doc else (None, None)


def _step_json(step: measures.StepMeasures, info: StepInfo | None) -> dict:
    doc_title, url = _doc_link(info.doc_id if info else None, info.step_id if info else None)
    return {
        **camel_dict(step),
        "description": info.description if info else step.ref,
        "docId": info.doc_id if info else None,
        "docTitle": doc_title,
        "docUrl": url,
    }


def _gap_json(doc: measures.DocGaps) -> dict:
    title, url = _doc_link(doc.doc_id)
    return {**camel_dict(doc), "docTitle": title or doc.doc_id or "No doc", "docUrl": url}


def _people_json(people: list[insights_people.PersonMeasures]) -> list[dict]:
    names = queries.people_names(p.assignee_id for p in people)
    rows = []
    for person in people:
        row = camel_dict(person)
        row["id"] = row.pop("assigneeId")
        row["name"] = names.get(person.assignee_id, "Unassigned")
        rows.append(row)
    return rows


def _summary(steps: list[dict], step_records, gaps: list[dict], found: Measures) -> dict:
    by_ref = {s["ref"]: s for s in steps}
    worst = [by_ref[s.ref] for s in measures.slipping_most(step_records, SLIPPING_STEPS)]
    return {
        "slippingMost": [
            {
                "ref": s["ref"],
                "description": s["description"],
                "late": s["late"],
                "done": s["done"],
                "lateShare": round(s["late"] / s["done"], 3),
                "medianDaysLate": s["medianDaysLate"],
            }
            for s in worst
        ],
        "docsWithMostOpenGaps": [g for g in gaps if g["open"]][:GAP_DOCS],
        "medianWaitDays": found.median_wait_days,
        "waitingPeriods": found.waiting_periods,
    }


def _day_bounds(scope: Scope, tz: str) -> tuple[datetime, datetime]:
    return (
        local_instant(scope.start, time(0), tz),
        local_instant(scope.end + timedelta(days=1), time(0), tz),
    )


def insights_report(template_type=None, date_from=None, date_to=None, as_of=None) -> dict:
    """Every measure for one template and range, as the API's JSON (camelCase)."""
    scope = parse_scope(template_type, date_from, date_to, as_of)
    tz = settings.ORG_TIMEZONE
    definition = queries.template_definition(scope.type) or {}
    infos = queries.template_steps(definition)
    found = aggregates.measure_all(question(scope, definition, infos, tz))
    by_ref = {i.ref: i for i in infos}
    steps = [_step_json(s, by_ref.get(s.ref)) for s in found.steps]
    gaps = [_gap_json(d) for d in found.gaps]
    return {
        "type": scope.type,
        "templateName": scope.name,
        "from": scope.start.isoformat(),
        "to": scope.end.isoformat(),
        "asOf": scope.today.isoformat(),
        "timezone": tz,
        "template": camel_dict(found.template),
        "summary": _summary(steps, found.steps, gaps, found),
        "steps": steps,
        "people": _people_json(found.people),
        "gaps": gaps,
        "months": [camel_dict(m) for m in found.months],
    }


def question(scope: Scope, definition: dict, infos: list[StepInfo], tz: str) -> Question:
    """What the report asks the database, from its scope and the template's definition."""
    doc_ids = {i.doc_id for i in infos if i.doc_id} | set(definition.get("sourceDocIds") or [])
    return Question(
        selection=Selection(scope.type, scope.start, scope.end),
        refs=[i.ref for i in infos],
        closure_refs={i.ref for i in infos if i.closes_run},
        doc_ids=doc_ids,
        since=_day_bounds(scope, tz)[0],
        until=_day_bounds(scope, tz)[1],
        today=scope.today,
        timezone=tz,
    )
