from datetime import date

import pytest

from opsdesk.domain.bounds import (
    MAX_DB_INT,
    check_date_in_range,
    check_db_int,
    check_text,
    control_character,
    quoted,
    whole_number,
)
from opsdesk.domain.errors import InvalidInput


@pytest.mark.parametrize("day", [date(2000, 1, 1), date(2026, 7, 22), date(2100, 12, 31)])
def test_dates_inside_the_range_are_accepted(day):
    assert check_date_in_range(day) == day


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2101, 1, 1), date(9999, 12, 31)])
def test_dates_outside_the_range_are_refused_naming_the_field(day):
    with pytest.raises(InvalidInput) as refused:
        check_date_in_range(day, "followUpAt")
    assert refused.value.details["field"] == "followUpAt"
    assert "2000-01-01" in refused.value.message and "2100-12-31" in refused.value.message


def test_an_integer_beyond_64_bits_is_refused():
    assert check_db_int(MAX_DB_INT) == MAX_DB_INT
    with pytest.raises(InvalidInput, match="bundleId"):
        check_db_int(MAX_DB_INT + 1, "bundleId")
    with pytest.raises(InvalidInput):
        check_db_int(0, "bundleId", minimum=1)


@pytest.mark.parametrize(
    ("text", "bad"),
    [("a\x00b", "\x00"), ("bell\x07", "\x07"), ("esc\x1b[0m", "\x1b"), ("ok\tline\r\nnext", None)],
)
def test_control_characters_other_than_tab_and_line_breaks_are_found(text, bad):
    assert control_character(text) == bad


def test_text_with_nul_is_refused_with_the_code_point_named():
    with pytest.raises(InvalidInput, match="U\\+0000") as refused:
        check_text("a\x00b", "variables.tool")
    assert refused.value.details["field"] == "variables.tool"


def test_a_quoted_value_never_exceeds_the_limit():
    assert len(quoted("x" * 100_000)) == 100
    assert quoted("short") == "'short'"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("42", 42),
        ("9223372036854775807", MAX_DB_INT),
        ("9223372036854775808", None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("١٢", None),
        (" 4", None),
        ("", None),
        (None, None),
    ],
)
def test_a_whole_number_is_ascii_digits_the_database_can_store(text, number):
    assert whole_number(text) == number
