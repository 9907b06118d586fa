"""The command line keeps the same bounds as the API and the pages: one line on stderr, exit 1,
nothing written."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from opsdesk.runs.models import Run
from tests.conftest import make_user

from .test_commands import run


@pytest.fixture
def ops_user(db) -> str:
    return make_user("operations-manager", "ops@example.org").email


def _start(capsys, anchor: str = "2026-07-22", tool: str = "X"):
    return run(
        capsys, "workflow", "start", "oss", "--anchor", anchor, *_vars(tool=tool, author="Y")
    )


def _vars(**values) -> list[str]:
    return [part for name, value in values.items() for part in ("--var", f"{name}={value}")]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_starting_a_run_beyond_the_calendar_range_fails_with_one_line(ops_user, capsys, day):
    code, _, err = _start(capsys, anchor=day)

    assert code == 1
    assert err.startswith("opsdesk: ") and "2000-01-01" in err and err.count("\n") == 1
    assert not Run.objects.exists()


def test_a_run_variable_with_a_control_character_fails_naming_it(ops_user, capsys):
    code, _, err = _start(capsys, tool="a\x1bb")

    assert code == 1
    assert "variables.tool" in err and "U+001B" in err
    assert not Run.objects.exists()


@pytest.mark.parametrize(("command", "day"), [("today", "9999-12-31"), ("tick", "0001-01-01")])
def test_previewing_or_ticking_a_day_beyond_the_range_fails_with_one_line(
    ops_user, capsys, command, day
):
    extra = ["--as", ops_user] if command == "today" else []

    code, _, err = run(capsys, command, "--as-of", day, *extra)

    assert code == 1
    assert err.startswith("opsdesk: ") and "2100-12-31" in err


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--name", "Olga\x1b[2J", "U+001B"),
        ("--name", "O" * 201, "longer than 200"),
        ("--email", "olga\x07@example.org", "U+0007"),
    ],
)
def test_a_person_with_control_characters_or_an_overlong_name_is_refused(
    db, capsys, option, value, says
):
    given = {"--email": "new@example.org", "--name": "New Person", option: value}
    arguments = [part for pair in given.items() for part in pair]

    code, _, err = run(capsys, "users", "add", *arguments, "--role", "viewer")

    assert code == 1
    assert option in err and says in err
    assert not get_user_model().objects.exists()


def test_a_token_label_with_a_control_character_is_refused(ops_user, capsys):
    code, out, err = run(capsys, "tokens", "create", "--email", ops_user, "--label", "ci\x1b")

    assert code == 1 and "U+001B" in err and "Token" not in out
