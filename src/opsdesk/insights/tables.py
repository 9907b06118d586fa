"""The report's tables, declared once: the page shows them and the CSV downloads write them.

A CSV holds the same rows and columns as the table on the page, with the API's numbers
(rates as fractions from 0 to 1, days as numbers, an unknown value as an empty cell).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from opsdesk.domain.errors import InvalidInput

# A cell starting with one of these is a formula to a spreadsheet; text people typed (a skip
# reason, a name) is quoted with a leading apostrophe so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "count"  # text | count | rate | days | reasons


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]


TABLES = (
    Table(
        "steps",
        "Steps",
        (
            Column("ref", "Step ref", "text"),
            Column("description", "Step", "text"),
            Column("count", "Tasks"),
            Column("done", "Done"),
            Column("onTime", "On time"),
            Column("onTimeRate", "On-time rate", "rate"),
            Column("late", "Late"),
            Column("medianDaysLate", "Median days late", "days"),
            Column("p80DaysLate", "80th pct days late", "days"),
            Column("skipped", "Skipped"),
            Column("skippedByReason", "Skip reasons", "reasons"),
            Column("medianWaitDays", "Median wait (days)", "days"),
            Column("followUpsPerWait", "Follow-ups per wait", "days"),
            Column("refusedBeforeDoneRate", "Proof refused before done", "rate"),
            Column("openGaps", "Open gaps"),
            Column("resolvedGaps", "Resolved gaps"),
        ),
    ),
    Table(
        "months",
        "On time by month due",
        (
            Column("month", "Month", "text"),
            Column("done", "Done"),
            Column("onTime", "On time"),
            Column("late", "Late"),
            Column("onTimeRate", "On-time rate", "rate"),
        ),
    ),
    Table(
        "people",
        "People",
        (
            Column("name", "Person", "text"),
            Column("open", "Open tasks"),
            Column("overdue", "Overdue now"),
            Column("doneLast30Days", "Done in the last 30 days"),
        ),
    ),
    Table(
        "gaps",
        "Process gaps by doc",
        (
            Column("docTitle", "Doc", "text"),
            Column("docId", "Doc id", "text"),
            Column("open", "Open"),
            Column("resolved", "Resolved"),
        ),
    ),
    Table(
        "template",
        "Runs",
        (
            Column("started", "Runs started"),
            Column("finished", "Finished"),
            Column("inProgress", "In progress"),
            Column("archived", "Archived unfinished"),
            Column("medianDurationDays", "Median run days", "days"),
            Column("p80DurationDays", "80th pct run days", "days"),
            Column("onTimeClosureRate", "Closed on time", "rate"),
            Column("onTimeRate", "Tasks on time", "rate"),
        ),
    ),
)
TABLE_NAMES = tuple(t.name for t in TABLES)


def table(name: str | None) -> Table:
    """The table called `name`, or a refusal naming the ones there are."""
    found = next((t for t in TABLES if t.name == (name or "").strip()), None)
    if found is None:
        raise InvalidInput(
            f"table must be one of {', '.join(TABLE_NAMES)}, got {(name or '')[:40]!r}.",
            field="table",
        )
    return found


def rows_of(report: dict, name: str) -> list[dict]:
    """The report's rows for one table (the template's measures are a table of one row)."""
    return [report["template"]] if name == "template" else report[name]


def reasons_text(reasons: dict[str, int]) -> str:
    return "; ".join(f"{reason}: {count}" for reason, count in sorted(reasons.items()))


def csv_value(value, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == "reasons":
        value = reasons_text(value)
    text = str(value)
    if column.kind in ("text", "reasons") and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(report: dict, name: str) -> str:
    """One table as CSV: a header row, then one line per row of the table."""
    chosen = table(name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in chosen.columns])
    for row in rows_of(report, chosen.name):
        writer.writerow([csv_value(row.get(c.key), c) for c in chosen.columns])
    return out.getvalue()


def csv_filename(report: dict, name: str) -> str:
    return f"insights-{report['type']}-{name}-{report['from']}-{report['to']}.csv"
