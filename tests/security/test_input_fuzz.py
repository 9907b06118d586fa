"""Hypothesis fuzzing of the rules that guard input: links, free text, dates, waiting and the
proof gate. Whatever arrives, each either accepts a clean value or raises a DomainError with a
message — never another exception."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsdesk.domain.dates import parse_date, parse_time
from opsdesk.domain.errors import DomainError, InvalidInput, ProofMissing, WaitingIncomplete
from opsdesk.domain.links import MAX_URL_LENGTH, clean_link
from opsdesk.domain.proof import PROOF_KINDS, Evidence, ProofOption, ProofRule, require_proof
from opsdesk.domain.task_rules import STATUSES, WaitingRequest, check_waiting
from opsdesk.domain.text import clean_text

FUZZ = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Arbitrary unicode including controls, surrogate-free; plus shapes that reach deeper branches.
anything = st.text(st.characters(codec="utf-8"), max_size=300)
huge = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(200, 3000))
# Hosts that stress the URL parser: brackets (IPv6), ports, user info, characters NFKC changes.
host_parts = st.sampled_from(["[", "]", "[::1]", ":", "@", "%", "\u2100", "\uff0f", "#", "?", "."])
hosts = st.lists(st.one_of(host_parts, st.text(max_size=6)), max_size=6).map("".join)
url_like = st.builds(
    lambda scheme, sep, host, rest: f"{scheme}{sep}{host}{rest}",
    st.sampled_from(["http", "https", "HTTPS", "javascript", "mailto", "data", "ftp", ""]),
    st.sampled_from(["://", ":", ":///", "//", ""]),
    hosts,
    st.text(st.characters(codec="utf-8"), max_size=60),
)
inputs = st.one_of(anything, huge, url_like)


def _refused_with_a_sentence(error: DomainError) -> None:
    assert isinstance(error.message, str) and error.message.strip()


@FUZZ
@given(value=inputs, allow_email=st.booleans())
def test_clean_link_returns_a_safe_link_or_refuses(value, allow_email):
    try:
        cleaned = clean_link(value, allow_email=allow_email)
    except DomainError as error:
        assert isinstance(error, InvalidInput)
        _refused_with_a_sentence(error)
        return
    schemes = ("http://", "https://", "mailto:") if allow_email else ("http://", "https://")
    assert cleaned.lower().startswith(schemes)
    assert len(cleaned) <= MAX_URL_LENGTH + len("mailto:")
    assert not any(ch.isspace() or ord(ch) < 32 for ch in cleaned)
    assert clean_link(cleaned, allow_email=allow_email) == cleaned


@FUZZ
@given(value=inputs, limit=st.integers(0, 5000))
def test_clean_text_returns_trimmed_text_within_its_limit_or_refuses(value, limit):
    try:
        cleaned = clean_text(value, "comment", limit)
    except DomainError as error:
        assert isinstance(error, InvalidInput)
        _refused_with_a_sentence(error)
        return
    assert len(cleaned) <= limit and cleaned == cleaned.strip()
    assert not any(ord(ch) < 32 and ch not in "\n\r\t" for ch in cleaned)


@FUZZ
@given(value=inputs)
def test_dates_and_times_parse_or_are_refused_with_a_sentence(value):
    for parse in (parse_date, parse_time):
        try:
            parse(value, "followUpAt")
        except DomainError as error:
            _refused_with_a_sentence(error)


@FUZZ
@given(
    status=st.one_of(st.sampled_from(STATUSES), anything),
    waiting_for=inputs,
    follow_up_at=st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31))),
    note=inputs,
)
def test_waiting_is_accepted_only_with_who_when_and_a_note(status, waiting_for, follow_up_at, note):
    request = WaitingRequest(waiting_for=waiting_for, follow_up_at=follow_up_at, note=note)
    try:
        check_waiting(status, request)
    except WaitingIncomplete as error:
        expected = [
            name
            for name, present in (
                ("waitingFor", waiting_for.strip()),
                ("followUpAt", follow_up_at),
                ("note", note.strip()),
            )
            if not present
        ]
        assert error.missing == expected and expected
        return
    except DomainError as error:
        assert status not in ("todo", "waiting")
        _refused_with_a_sentence(error)
        return
    assert status in ("todo", "waiting")
    assert waiting_for.strip() and follow_up_at and note.strip()


options = st.builds(
    ProofOption,
    kind=st.sampled_from(PROOF_KINDS),
    label=anything,
    slot=st.one_of(st.none(), anything),
)
rules = st.lists(
    st.builds(ProofRule, options=st.lists(options, min_size=1, max_size=3).map(tuple)),
    max_size=5,
).map(tuple)
evidence = st.builds(
    Evidence,
    link=inputs,
    comment=inputs,
    external_status=inputs,
    file_count=st.integers(0, 3),
)


def _met(option: ProofOption, held: Evidence) -> bool:
    return {
        "url": bool(held.link.strip()),
        "comment": bool(held.comment.strip()),
        "external-status": bool(held.external_status.strip()),
        "file": held.file_count > 0,
    }[option.kind]


@FUZZ
@given(required=rules, held=evidence)
def test_the_proof_gate_names_exactly_the_unmet_rules(required, held):
    unmet = [r for r in required if not any(_met(o, held) for o in r.options)]
    try:
        require_proof(required, held)
    except ProofMissing as error:
        assert len(error.missing) == len(unmet) > 0
        assert all({"type", "label", "message"} <= set(entry) for entry in error.missing)
        assert error.message.startswith("Add ")
        return
    assert unmet == []
