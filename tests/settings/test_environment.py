"""Settings read from the environment: typed values, and a bad one named with its variable."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from opsdesk.env import env_bool, env_int, env_list, env_minutes, env_text


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({}, 25), ({"N": ""}, 25), ({"N": " 40 "}, 40), ({"N": "1"}, 1)],
)
def test_a_whole_number_setting_reads_the_variable_or_keeps_its_default(environ, expected):
    assert env_int("N", 25, minimum=1, environ=environ) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("25MB", "N must be a whole number of at least 1, got '25MB'."),
        ("0", "N must be a whole number of at least 1, got '0'."),
        ("2.5", "N must be a whole number of at least 1, got '2.5'."),
    ],
)
def test_a_bad_whole_number_names_the_variable_and_the_value(value, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("N", 25, minimum=1, environ={"N": value})
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("off", False)],
)
def test_a_switch_reads_the_usual_words_for_on_and_off(value, expected):
    assert env_bool("SWITCH", not expected, environ={"SWITCH": value}) is expected


def test_a_switch_that_is_neither_on_nor_off_is_refused_with_its_name():
    with pytest.raises(ImproperlyConfigured, match=r"^SWITCH must be 1 or 0, got 'maybe'\.$"):
        env_bool("SWITCH", False, environ={"SWITCH": "maybe"})


def test_durations_lists_and_text_read_their_variables():
    environ = {"WAIT": "90", "HOSTS": " a.example , ,b.example", "ZONE": "UTC"}
    assert env_minutes("WAIT", 15, environ=environ) == timedelta(minutes=90)
    assert env_minutes("OTHER", 15, environ=environ) == timedelta(minutes=15)
    assert env_list("HOSTS", "*", environ=environ) == ["a.example", "b.example"]
    assert env_list("NONE", "*", environ=environ) == ["*"]
    assert env_text("ZONE", "Europe/Berlin", environ=environ) == "UTC"


def test_opsdesk_refuses_to_start_with_a_bad_setting_and_says_which(tmp_path):
    env = {**os.environ, "OPSDESK_DATA_DIR": str(tmp_path), "OPSDESK_MAX_UPLOAD_MB": "lots"}
    result = subprocess.run(
        [sys.executable, "-c", "import opsdesk.settings"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "OPSDESK_MAX_UPLOAD_MB must be a whole number of at least 1, got 'lots'." in (
        result.stderr
    )


def test_a_malformed_smtp_url_stops_opsdesk_at_start_naming_the_variable(tmp_path):
    env = {
        **os.environ,
        "OPSDESK_DATA_DIR": str(tmp_path),
        "OPSDESK_SMTP_URL": "smtp://mailer:hunter2@mail.example.org:port",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import opsdesk.settings"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "OPSDESK_SMTP_URL has a port that is not a number" in result.stderr
    assert "hunter2" not in result.stderr
