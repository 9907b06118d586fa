"""The insights page: choose a template and a range; summary, charts, tables, CSV downloads."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from opsdesk.domain.errors import DomainError
from opsdesk.web.access import page
from opsdesk.web.rerender import refusal_status

from .charts import late_share_chart, monthly_chart
from .queries import template_choices
from .report import insights_report
from .tables import TABLES, Column, csv_filename, csv_text, reasons_text, rows_of, table

QUERY_KEYS = ("type", "from", "to", "asOf")


def _display(value, column: Column) -> str:
    if value is None:
        return "—"
    if column.kind == "rate":
        return f"{round(value * 100)}%"
    if column.kind == "reasons":
        return reasons_text(value) or "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def tasks_link(report: dict, step: dict) -> str:
    """The task list showing every task of this step (its template task ref) in the template's
    runs, whatever their state."""
    query = {"ref": step["ref"], "template": report["type"], "state": "any"}
    return "/tasks/?" + urlencode(query)


def _link(report: dict, table_name: str, row: dict, column: Column) -> str | None:
    if table_name == "steps" and column.key == "description":
        return tasks_link(report, row)
    if table_name == "gaps" and column.key == "docTitle":
        return row.get("docUrl")
    return None


def _cells(report: dict, table_name: str, row: dict) -> list[dict]:
    return [
        {
            "text": _display(row.get(c.key), c),
            "href": _link(report, table_name, row, c),
            "kind": c.kind,
        }
        for c in table(table_name).columns
    ]


def page_tables(report: dict, query: dict) -> list[dict]:
    """Every table as header and cells, with the link that downloads it as CSV."""
    return [
        {
            "name": t.name,
            "title": t.title,
            "columns": t.columns,
            "rows": [_cells(report, t.name, row) for row in rows_of(report, t.name)],
            "csv": "?" + urlencode({**query, "format": "csv", "table": t.name}),
        }
        for t in TABLES
    ]


def _charts(report: dict) -> list[dict]:
    drawn = [
        (late_share_chart(report["steps"], report["templateName"]), "steps"),
        (monthly_chart(report["months"], report["templateName"]), "months"),
    ]
    return [
        # ElementTree wrote the SVG, so every label in it is already escaped XML.
        {"chart": chart, "svg": mark_safe(chart.svg), "table": table_name}
        for chart, table_name in drawn
        if chart is not None
    ]


def _query(request) -> dict:
    return {k: request.GET[k] for k in QUERY_KEYS if request.GET.get(k, "").strip()}


def _form(query: dict, report: dict | None = None) -> dict:
    """What the form shows: the report's own choices, else what was typed."""
    source = report or query
    return {key: source.get(key, "") for key in QUERY_KEYS}


def _csv(report: dict, name: str) -> HttpResponse:
    chosen = table(name)
    response = HttpResponse(csv_text(report, chosen.name), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(report, chosen.name)}"'
    return response


@page
def insights_page(request):
    query = _query(request)
    context = {
        "nav": "insights",
        "form": _form(query),
        "as_of": query.get("asOf", ""),
        "choices": template_choices(),
        "error": None,
        "error_field": None,
        "report": None,
    }
    try:
        if request.GET.get("format") == "csv":
            table(request.GET.get("table"))
        report = insights_report(
            query.get("type"), query.get("from"), query.get("to"), query.get("asOf")
        )
    except DomainError as error:
        context.update(error=error.message, error_field=error.details.get("field"))
        return render(request, "insights/insights.html", context, status=refusal_status(error))
    if request.GET.get("format") == "csv":
        return _csv(report, request.GET.get("table"))
    steps = {s["ref"]: s for s in report["steps"]}
    slipping = [
        {**s, "href": tasks_link(report, steps[s["ref"]])}
        for s in report["summary"]["slippingMost"]
    ]
    context.update(
        form=_form(query, report),
        report=report,
        slipping=slipping,
        tables=page_tables(report, query),
        charts=_charts(report),
    )
    return render(request, "insights/insights.html", context)
