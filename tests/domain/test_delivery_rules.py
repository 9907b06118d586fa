"""Delivery rules as plain values: digest days, backoff, addresses, signatures, registries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from opsdesk.domain.delivery import (
    MAX_ATTEMPTS,
    check_events,
    check_immediate,
    digest_due_on,
    is_public_address,
    retry_delay,
    signature,
    signature_matches,
)
from opsdesk.domain.errors import InvalidInput

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


@pytest.mark.parametrize(
    ("local", "due"),
    [
        ("2026-03-23 07:59", None),  # Monday, before the hour
        ("2026-03-23 08:00", "2026-03-23"),
        ("2026-03-23 23:59", "2026-03-23"),  # late passes still send that day's digest
        ("2026-03-28 09:00", None),  # Saturday
    ],
)
def test_a_digest_is_due_from_the_persons_hour_on_their_days(local, due):
    moment = datetime.strptime(local, "%Y-%m-%d %H:%M")
    found = digest_due_on(moment, 8, WEEKDAYS)
    assert (found.isoformat() if found else None) == due


def test_retries_wait_one_five_thirty_minutes_two_and_twelve_hours_then_stop():
    waits = [retry_delay(n) for n in range(1, MAX_ATTEMPTS + 1)]
    assert waits == [
        timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
        timedelta(hours=2), timedelta(hours=12), None,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.8", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
    ],
)
def test_only_public_addresses_are_public(address, public):
    assert is_public_address(address) is public


def test_the_signature_is_the_hmac_sha256_of_the_body_and_tampering_breaks_it():
    body = b'{"event":"run.done"}'
    header = signature("s3cret", body)

    # Computed independently: printf '{"event":"run.done"}' | openssl dgst -sha256 -hmac s3cret
    assert header == "sha256=8f39b38b396ddaf476a293992f9940514db80c24223cdc9c2865cc6b08b3a645"
    assert signature_matches("s3cret", body, header)
    assert not signature_matches("s3cret", body + b" ", header)
    assert not signature_matches("other", body, header)


def test_events_are_checked_against_the_registry_and_kept_in_its_order():
    assert check_events(["run.done", "task.completed"]) == ["task.completed", "run.done"]
    with pytest.raises(InvalidInput, match="unknown event 'task.exploded'"):
        check_events(["task.exploded"])
    with pytest.raises(InvalidInput, match="at least one"):
        check_events([])


def test_only_admins_may_ask_for_automation_failure_emails():
    assert check_immediate(["automation-failure"], is_admin=True) == ["automation-failure"]
    with pytest.raises(InvalidInput, match="only admins"):
        check_immediate(["automation-failure"], is_admin=False)
