"""Tokens, roles and people: made and changed from the CLI or Django admin, each change an
audit event, and every change effective on the very next request."""

from __future__ import annotations

from django.test import Client

from opsdesk.accounts.models import ApiToken, User
from opsdesk.cli import main
from opsdesk.runs.models import AuditEvent
from tests.conftest import make_user


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _skip(token: str, task_id: int):
    return Client().post(
        f"/api/tasks/{task_id}/skip",
        {"reason": "Covered elsewhere"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def _create_token(capsys, email: str) -> str:
    assert main(["tokens", "create", "--email", email]) == 0
    return capsys.readouterr().out.split()[-1]


def test_a_token_is_shown_once_stored_as_a_hash_and_its_creation_audited(world, capsys):
    raw = _create_token(capsys, world.operator.email)

    stored = ApiToken.objects.get(prefix=raw[:12])
    assert raw.startswith("ods_") and len(raw) > 40
    assert raw not in (stored.token_hash, stored.label) and stored.last_used_at is None
    assert _events("token-created")[-1].after == {"prefix": raw[:12], "user": "olga@example.org"}


def test_using_a_token_records_when_it_was_last_used(world, capsys):
    raw = _create_token(capsys, world.operator.email)

    Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})

    assert ApiToken.objects.get(prefix=raw[:12]).last_used_at is not None


def test_a_token_call_within_the_minute_reads_one_row_and_writes_nothing(
    world, capsys, django_assert_num_queries
):
    headers = {"Authorization": f"Bearer {_create_token(capsys, world.operator.email)}"}
    Client().get("/api/me", headers=headers)  # records "last used"

    with django_assert_num_queries(1):
        answer = Client().get("/api/me", headers=headers)

    assert answer.json()["email"] == world.operator.email


def test_a_revoked_token_stops_working_at_once_and_the_revocation_is_audited(world, capsys):
    raw = _create_token(capsys, world.operator.email)

    assert main(["tokens", "revoke", raw[:12]]) == 0

    assert "Revoked 1 token" in capsys.readouterr().out
    assert _skip(raw, world.ids["task_id"]).status_code == 401
    assert _events("token-revoked")[-1].after == {"prefix": raw[:12]}


def test_revoking_an_unknown_prefix_says_so_and_changes_nothing(world, capsys):
    assert main(["tokens", "revoke", "ods_missing0"]) == 1

    assert "No active token" in capsys.readouterr().err
    assert _events("token-revoked") == []


def test_a_role_change_on_the_command_line_is_audited_and_applies_to_existing_tokens(world, capsys):
    viewer = make_user("viewer", "vic@example.org")
    raw = _create_token(capsys, viewer.email)
    assert _skip(raw, world.ids["task_id"]).status_code == 403

    assert main(["users", "set-role", "--email", "VIC@example.org", "--role", "host"]) == 0

    assert "viewer -> host" in capsys.readouterr().out
    assert _skip(raw, world.ids["task_id"]).status_code == 200
    event = _events("role-changed")[-1]
    assert event.before == {"role": "viewer"}
    assert event.after == {"role": "host", "user": "vic@example.org"}


def test_demoting_an_operator_takes_their_writes_away_immediately(world, capsys):
    raw = _create_token(capsys, world.operator.email)

    main(["users", "set-role", "--email", world.operator.email, "--role", "viewer"])

    assert _skip(raw, world.ids["task_id"]).status_code == 403


def test_making_someone_admin_gives_them_django_admin_and_taking_it_back_removes_it(world):
    main(["users", "set-role", "--email", world.operator.email, "--role", "admin"])
    promoted = User.objects.get(pk=world.operator.pk)
    main(["users", "set-role", "--email", world.operator.email, "--role", "host"])
    demoted = User.objects.get(pk=world.operator.pk)

    assert (promoted.is_staff, promoted.is_superuser) == (True, True)
    assert (demoted.is_staff, demoted.is_superuser) == (False, False)


def test_setting_the_same_role_again_records_nothing(world, capsys):
    main(["users", "set-role", "--email", world.operator.email, "--role", "operations-manager"])

    assert "already has the role" in capsys.readouterr().out
    assert _events("role-changed") == []


def test_adding_a_person_on_the_command_line_is_audited(world, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-passphrase-for-ed\n"))

    main(
        [
            "users",
            "add",
            "--email",
            "ed@example.org",
            "--name",
            "Ed",
            "--role",
            "content-editor",
            "--password-stdin",
        ]
    )

    assert _events("user-created")[-1].after == {"user": "ed@example.org", "role": "content-editor"}


def _admin_client() -> tuple[Client, User]:
    admin = User.objects.create_superuser(
        "root@example.org", "a-long-admin-password-1", name="Root"
    )
    client = Client()
    client.force_login(admin)
    return client, admin


def test_a_role_change_in_django_admin_is_audited_with_the_admin_as_actor(world):
    client, admin = _admin_client()
    target = make_user("viewer", "vera@example.org")

    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        {"email": target.email, "name": target.name, "role": "content-editor", "is_active": "on"},
    )

    assert response.status_code == 302
    assert User.objects.get(pk=target.pk).role == "content-editor"
    event = _events("role-changed")[-1]
    assert event.actor == admin and event.before == {"role": "viewer"}


def test_a_person_added_in_django_admin_must_pass_the_password_validators(world):
    client, admin = _admin_client()
    form = {"email": "new@example.org", "name": "New", "role": "host"}

    weak = client.post(
        "/admin/accounts/user/add/", {**form, "password1": "1234", "password2": "1234"}
    )
    strong = client.post(
        "/admin/accounts/user/add/",
        {**form, "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"},
    )

    assert weak.status_code == 200 and b"too short" in weak.content
    assert strong.status_code == 302
    assert _events("user-created")[-1].actor == admin
    assert User.objects.get(email="new@example.org").role == "host"


def test_tokens_cannot_be_minted_in_django_admin(world):
    client, _ = _admin_client()

    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
