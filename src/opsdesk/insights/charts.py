"""Charts as SVG drawn on the server with leather: no JavaScript, nothing loaded from elsewhere.

leather builds the drawing with ElementTree, so every label is escaped XML, and it styles with
presentation attributes (fill, font-size), which the Content-Security-Policy allows inline,
unlike a <style> element. Here each drawing gets a viewBox (it scales to the page's width), a
<title> and a <desc> that screen readers announce, and ids unique on the page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import leather
from leather import theme

SVG_NS = "http://www.w3.org/2000/svg"
INK, MUTED, LINE = "#1f2933", "#4b5563", "#e5e7eb"
LATE, ON_TIME = "#b42318", "#1a7f37"

# leather reads its look from module settings; opsdesk draws every chart alike.
for _part in ("title", "legend", "axis_title", "tick"):
    setattr(theme, f"{_part}_font_family", "system-ui, sans-serif")
theme.background_color = "#ffffff"
theme.title_color = INK
theme.label_color = MUTED
theme.tick_color = LINE
theme.zero_color = MUTED
theme.tick_font_size = 13
theme.tick_font_char_width = 7
theme.margin = 0.04

ET.register_namespace("", SVG_NS)


@dataclass(frozen=True)
class Chart:
    """A drawn chart and the words that stand for it."""

    id: str
    title: str
    description: str
    svg: str


def _accessible_svg(group: ET.Element, chart_id: str, title: str, description: str, size) -> str:
    width, height = size
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "chart-svg",
            "focusable": "false",
        },
    )
    ET.SubElement(root, "title", id=f"{chart_id}-title").text = title
    ET.SubElement(root, "desc", id=f"{chart_id}-desc").text = description
    root.append(group)
    return ET.tostring(root, encoding="unicode")


def _percent(rate: float | None) -> int:
    return round((rate or 0) * 100)


def late_share_chart(steps: list[dict], template_name: str) -> Chart | None:
    """Horizontal bars: the share of each step's done tasks that were completed late."""
    drawn = [s for s in steps if s["done"]]
    if not drawn:
        return None
    chart = leather.Chart()
    chart.add_x_scale(0, 100)
    chart.add_x_axis(ticks=[0, 25, 50, 75, 100], tick_formatter=lambda v, i, c: f"{v}%")
    bars = [(100 - _percent(s["onTimeRate"]), s["ref"]) for s in drawn]
    chart.add_bars(bars, fill_color=LATE)
    size = (560, 56 + 24 * len(drawn))
    worst = max(drawn, key=lambda s: (1 - (s["onTimeRate"] or 0), s["ref"]))
    description = (
        f"Share of done tasks completed after their due date, per step of {template_name}. "
        f"Most often late: {worst['description']} ({100 - _percent(worst['onTimeRate'])}% of "
        f"{worst['done']} done). Every value is in the table below the chart."
    )
    title = f"{template_name}: share of each step done late"
    group = chart.to_svg_group(*size)
    return Chart(
        "chart-late",
        title,
        description,
        _accessible_svg(group, "chart-late", title, description, size),
    )


def monthly_chart(months: list[dict], template_name: str) -> Chart | None:
    """Columns: the on-time rate of done tasks per month they were due."""
    if not months:
        return None
    chart = leather.Chart()
    chart.add_y_scale(0, 100)
    chart.add_y_axis(ticks=[0, 25, 50, 75, 100], tick_formatter=lambda v, i, c: f"{v}%")
    chart.add_columns([(m["month"], _percent(m["onTimeRate"])) for m in months], fill_color=ON_TIME)
    size = (max(420, 60 * len(months)), 260)
    best = max(months, key=lambda m: (m["onTimeRate"] or 0, m["month"]))
    lowest = min(months, key=lambda m: (m["onTimeRate"] or 0, m["month"]))
    description = (
        f"On-time rate of done {template_name} tasks by the month they were due, "
        f"{months[0]['month']} to {months[-1]['month']}: lowest {_percent(lowest['onTimeRate'])}% "
        f"in {lowest['month']}, highest {_percent(best['onTimeRate'])}% in {best['month']}. "
        "Every value is in the table below the chart."
    )
    title = f"{template_name}: on-time rate by month due"
    group = chart.to_svg_group(*size)
    return Chart(
        "chart-months",
        title,
        description,
        _accessible_svg(group, "chart-months", title, description, size),
    )
