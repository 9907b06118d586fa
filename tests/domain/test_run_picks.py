"""What a person types into a run picker, read and resolved to one run or refused."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.run_picks import RunChoice, TypedRun, choose, read_typed

JULY = RunChoice(12, "ExampleDB - Pat", date(2026, 7, 22))
SEPTEMBER = RunChoice(40, "ExampleDB - Pat", date(2026, 9, 30))
OTHER = RunChoice(7, "ExampleDB - Pat and friends", date(2026, 8, 12))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("#12", TypedRun(12, "", None)),
        ("  12 ", TypedRun(12, "", None)),
        ("ExampleDB - Pat", TypedRun(None, "ExampleDB - Pat", None)),
        ("ExampleDB  -   Pat", TypedRun(None, "ExampleDB - Pat", None)),
        ("ExampleDB - Pat · Wed 22 Jul 2026", TypedRun(None, "ExampleDB - Pat", date(2026, 7, 22))),
        ("ExampleDB - Pat · 22 Jul 2026", TypedRun(None, "ExampleDB - Pat", date(2026, 7, 22))),
        ("ExampleDB - Pat 2026-07-22", TypedRun(None, "ExampleDB - Pat", date(2026, 7, 22))),
        (
            "ExampleDB - Pat · Wed 22 Jul 2026 (#12)",
            TypedRun(12, "ExampleDB - Pat", date(2026, 7, 22)),
        ),
        ("Episode 42", TypedRun(None, "Episode 42", None)),
        ("Notes · not a date", TypedRun(None, "Notes · not a date", None)),
        ("", TypedRun(None, "", None)),
    ],
)
def test_typed_text_reads_as_an_id_a_title_and_a_date(typed, read):
    assert read_typed(typed) == read


def test_a_label_reads_back_as_its_own_run():
    assert choose(read_typed(JULY.label), [JULY], JULY.label) == JULY


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("#40", SEPTEMBER),
        ("exampledb - pat · 2026-09-30", SEPTEMBER),
        ("ExampleDB - Pat and friends", OTHER),
        ("friends", OTHER),
    ],
)
def test_an_id_a_whole_title_with_its_date_or_a_unique_part_picks_one_run(typed, chosen):
    assert choose(read_typed(typed), [JULY, SEPTEMBER, OTHER], typed) == chosen


def test_a_whole_title_beats_a_title_it_is_part_of():
    typed = "ExampleDB - Pat · Wed 22 Jul 2026"
    assert choose(read_typed(typed), [JULY, OTHER], typed) == JULY


def test_a_title_several_runs_share_is_refused_naming_them():
    with pytest.raises(InvalidInput) as refused:
        choose(read_typed("ExampleDB - Pat"), [JULY, SEPTEMBER, OTHER], "ExampleDB - Pat")

    message = refused.value.message
    assert message.startswith("More than one workflow matches “ExampleDB - Pat”")
    assert JULY.label in message and SEPTEMBER.label in message
    assert OTHER.label not in message
    assert refused.value.details["field"] == "workflow"


def test_more_candidates_than_it_names_are_said_to_exist():
    many = [RunChoice(n, "Newsletter", date(2026, 7, n)) for n in range(1, 6)]
    with pytest.raises(InvalidInput) as refused:
        choose(read_typed("Newsletter"), many, "Newsletter")

    assert refused.value.message.count("(#") == 3 and "and others" in refused.value.message


@pytest.mark.parametrize("typed", ["ExampleDB - Pat · 2026-01-01", "Other title (#12)", "Nothing"])
def test_text_no_run_fits_is_refused_with_the_runs_found_near_it(typed):
    with pytest.raises(InvalidInput) as refused:
        choose(read_typed(typed), [JULY], typed)

    assert refused.value.message.startswith(f"No workflow matches “{typed}”.")
    assert f"Did you mean {JULY.label}?" in refused.value.message


def test_an_id_beyond_any_stored_is_refused_when_read():
    with pytest.raises(InvalidInput):
        read_typed("#99999999999999999999999")
