"""HTTP endpoints for insights: every measure as JSON, and each table as CSV."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from opsdesk.security.fields import Day

from .report import insights_report
from .tables import csv_filename, csv_text, table

router = Router(tags=["insights"])


class InsightsQuery(Schema):
    """Runs of one template anchored from `from` to `to` (default: OSS over the last year)."""

    type: str | None = Field(None, max_length=64)
    date_from: Day | None = Field(None, alias="from")
    date_to: Day | None = Field(None, alias="to")
    asOf: Day | None = None


class CsvQuery(InsightsQuery):
    table: str = Field("steps", max_length=40)


def _report(query: InsightsQuery) -> dict:
    return insights_report(query.type, query.date_from, query.date_to, query.asOf)


@router.get("/insights")
def get_insights(request, query: Query[InsightsQuery]):
    """Every measure: template, steps, people, gaps per doc, months, and a short summary."""
    return _report(query)


CSV_ANSWER = {
    "responses": {
        200: {
            "description": "The table as CSV: a header row, then one line per row",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@router.get("/insights.csv", openapi_extra=CSV_ANSWER)
def get_insights_csv(request, query: Query[CsvQuery]):
    """One table of the report (`steps`, `months`, `people`, `gaps`, `template`) as CSV."""
    chosen = table(query.table)
    report = _report(query)
    response = HttpResponse(csv_text(report, chosen.name), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(report, chosen.name)}"'
    return response
