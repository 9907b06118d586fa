"""Picking a run by what a person types: "#12", a title, or a title and its anchor date.

A page offers a short list of likely runs; a person may type any other run, and the server
reads the text here. An id is exact; a title (with its anchor date when several runs share it)
must name one run. Anything else is refused with the few runs the text could have meant, so
the person can type one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .bounds import whole_number
from .errors import InvalidInput

NAMED_CANDIDATES = 3
HOW_TO_TYPE = "Type its title, its title and date, or its number like #12."
# A label ends in "(#12)"; a bare "#12" or "12" is a run id too.
_ID_AT_END = re.compile(r"\(?#(\d+)\)?$")
_BARE_ID = re.compile(r"#?(\d+)")
_ISO_AT_END = re.compile(r"\s(\d{4}-\d{2}-\d{2})$")
# The date as a label shows it ("Wed 22 Jul 2026"), without the weekday, or ISO.
_DATE_FORMATS = ("%a %d %b %Y", "%d %b %Y", "%Y-%m-%d")


@dataclass(frozen=True)
class RunChoice:
    id: int
    title: str
    anchor_date: date

    @property
    def label(self) -> str:
        """'ExampleDB - Pat · Wed 22 Jul 2026 (#12)': what the picker shows and reads back."""
        day = self.anchor_date
        return f"{self.title} · {day:%a} {day.day} {day:%b %Y} (#{self.id})"


@dataclass(frozen=True)
class TypedRun:
    """What a person typed, read: a run id, a title, an anchor date (each may be absent)."""

    id: int | None
    title: str
    anchor: date | None

    @property
    def empty(self) -> bool:
        return self.id is None and not self.title


def read_typed(text: str) -> TypedRun:
    """Split typed text into an id ("#12", "12", or a label's "(#12)"), a title and a date."""
    text = " ".join((text or "").split())
    bare = _BARE_ID.fullmatch(text)
    if bare:
        return TypedRun(_run_id(bare.group(1), text), "", None)
    run_id = None
    at_end = _ID_AT_END.search(text)
    if at_end:
        run_id = _run_id(at_end.group(1), text)
        text = text[: at_end.start()].rstrip(" ·")
    title, anchor = _title_and_date(text)
    return TypedRun(run_id, title, anchor)


def _run_id(digits: str, text: str) -> int:
    number = whole_number(digits)
    if number is None:
        raise InvalidInput(f"No workflow has the number in “{text}”.", field="workflow")
    return number


def _title_and_date(text: str) -> tuple[str, date | None]:
    head, separator, tail = text.rpartition(" · ")
    if separator and (day := _date(tail)):
        return head.strip(), day
    iso = _ISO_AT_END.search(text)
    if iso and (day := _date(iso.group(1))):
        return text[: iso.start()].rstrip(" ·"), day
    return text, None


def _date(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def fits(typed: TypedRun, run: RunChoice, exact: bool = True) -> bool:
    """Whether `run` is what was typed: its id, and its title (whole, or a part when not
    `exact`) and anchor date where those were typed."""
    if typed.id is not None and run.id != typed.id:
        return False
    if typed.anchor is not None and run.anchor_date != typed.anchor:
        return False
    wanted, title = typed.title.casefold(), run.title.casefold()
    return not wanted or (wanted == title if exact else wanted in title)


def choose(typed: TypedRun, found: list[RunChoice], said: str) -> RunChoice:
    """The one run among `found` that fits what was typed (`said`, in the person's words): a
    whole title beats a part of one. None or several fitting is refused, naming a few."""
    for exact in (True, False):
        fitting = [run for run in found if fits(typed, run, exact)]
        if len(fitting) == 1:
            return fitting[0]
        if fitting:
            raise InvalidInput(_ambiguous(said, fitting), field="workflow")
    raise InvalidInput(_unmatched(said, found), field="workflow")


def _named(runs: list[RunChoice]) -> str:
    shown = "; ".join(run.label for run in runs[:NAMED_CANDIDATES])
    return shown + (" and others" if len(runs) > NAMED_CANDIDATES else "")


def _ambiguous(said: str, runs: list[RunChoice]) -> str:
    return f"More than one workflow matches “{said}”: {_named(runs)}. {HOW_TO_TYPE}"


def _unmatched(said: str, near: list[RunChoice]) -> str:
    maybe = f" Did you mean {_named(near)}?" if near else ""
    return f"No workflow matches “{said}”.{maybe} {HOW_TO_TYPE}"
