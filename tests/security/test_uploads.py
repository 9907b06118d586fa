"""Uploads: a size limit answered with 413, generated names inside the upload folder, hostile
original names made harmless, content types taken from the bytes, downloads as attachments."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client

from opsdesk.runs.services.files import display_name

from .support import bearer, data_snapshot

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06" + b"\x00" * 64
BOUNDARY = "opsdesk-test-boundary"


def _multipart(filename: str, content: bytes, content_type: str = "text/plain") -> bytes:
    """A multipart body with the file name exactly as given (the test client would clean it)."""
    head = (
        f"--{BOUNDARY}\r\n"
        f"Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''{quote(filename)}\r\n"
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{BOUNDARY}--\r\n".encode()


@pytest.fixture
def auth(world) -> dict:
    return bearer(world.operator)


def _upload(world, auth, filename: str, content: bytes, content_type: str = "text/plain"):
    return Client().post(
        f"/api/tasks/{world.ids['task_id']}/files",
        data=_multipart(filename, content, content_type),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        headers=auth,
    )


def _download(url: str, auth) -> tuple[dict, bytes]:
    response = Client().get(url, headers=auth)
    # Reading to the end lets the test client close the file without ending the test's
    # database connection, which response.close() would do.
    content = b"".join(response.streaming_content)
    return dict(response.headers), content


def _files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_a_file_over_the_limit_is_413_and_nothing_is_stored(world, auth, settings):
    settings.MAX_UPLOAD_MB = 1
    before = data_snapshot()

    response = _upload(world, auth, "cut.mp4", b"x" * (1024 * 1024 + 1))

    assert response.status_code == 413
    assert response.json() == {
        "error": "too-large",
        "message": "The file is larger than the 1 MB limit.",
    }
    assert data_snapshot() == before


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(world, auth, settings):
    settings.MAX_UPLOAD_MB = 1
    before = data_snapshot()

    response = _upload(world, auth, "huge.mp4", b"x" * (4 * 1024 * 1024))

    assert response.status_code == 413
    assert response.json()["error"] == "too-large"
    assert data_snapshot() == before


def test_an_oversized_json_body_is_413_not_a_bare_400(world, auth):
    before = data_snapshot()

    response = Client().post(
        f"/api/tasks/{world.ids['task_id']}/complete",
        data=b'{"comment": "' + b"x" * (3 * 1024 * 1024) + b'"}',
        content_type="application/json",
        headers=auth,
    )

    assert response.status_code == 413 and response.json()["error"] == "too-large"
    assert data_snapshot() == before


def test_an_oversized_page_form_is_413_too():
    response = Client().post(
        "/admin/login/", data=b"x" * (3 * 1024 * 1024), content_type="text/plain"
    )

    assert response.status_code == 413


HOSTILE_NAMES = [
    "../../escaped.txt",
    "..\\..\\escaped.txt",
    "/etc/passwd",
    "nul\x00byte.txt",
    "x" * 300 + ".txt",
    "résumé – Ünïcödé 録画.txt",
    "evil\u202etxt.exe",
    "<script>alert(1)</script>.txt",
    'quote"semi;colon.txt',
    "C:autoexec.bat",
    ".htaccess",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_file_name_stays_inside_the_upload_folder_and_is_shown_sanitised(
    world, auth, settings, name
):
    data_root = Path(settings.DATA_DIR)
    upload_root = Path(settings.UPLOAD_DIR).resolve()
    before = _files_under(data_root)

    response = _upload(world, auth, name, b"proof of work")

    assert response.status_code == 201, response.content
    shown = response.json()["name"]
    assert shown and len(shown) <= 120
    assert not any(ch in shown for ch in '/\\\x00"<>;:\u202e')
    new = _files_under(data_root) - before
    assert len(new) == 1
    stored = new.pop().resolve()
    assert stored.parent == upload_root and len(stored.name) == 32
    assert not (upload_root.parent.parent / "escaped.txt").exists()
    headers, _ = _download(response.json()["url"], auth)
    assert headers["Content-Disposition"].startswith("attachment;")
    assert "/" not in headers["Content-Disposition"].split("filename", 1)[1]


def test_a_name_of_only_dots_is_refused_and_stores_nothing(world, auth):
    before = data_snapshot()

    response = _upload(world, auth, "..", b"proof")

    assert response.status_code == 422
    assert data_snapshot() == before


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("../../x", "x"),
        ("..\\..\\x.pdf", "x.pdf"),
        ("a\x00b.txt", "ab.txt"),
        ("..", "file"),
        ("", "file"),
        ("   ", "file"),
        ("report\u202efdp.exe", "report_fdp.exe"),
        ("Ｆｕｌｌｗｉｄｔｈ.txt", "Fullwidth.txt"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        ("y" * 300, "y" * 120),
    ],
)
def test_display_names_lose_paths_controls_and_excess_length(original, shown):
    assert display_name(original) == shown


def test_the_content_type_comes_from_the_bytes_not_the_name(world, auth):
    response = _upload(world, auth, "screenshot.txt", PNG, "text/plain")

    assert response.status_code == 201 and response.json()["contentType"] == "image/png"
    headers, content = _download(response.json()["url"], auth)
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert content == PNG


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.txt", "Plain words, ünïcode too.".encode(), "text/plain"),
        ("figures.csv", b"a,b\n1,2\n", "text/csv"),
        ("page.html", b"<html><script>alert(1)</script></html>", "application/octet-stream"),
        ("drawing.svg", b"<svg onload='alert(1)'/>", "application/octet-stream"),
        ("binary.txt", b"\x00\x01\x02\xff", "application/octet-stream"),
        ("report.pdf", b"%PDF-1.7\n...", "application/pdf"),
    ],
)
def test_only_plain_text_is_trusted_by_name_everything_else_by_its_bytes(
    world, auth, name, content, expected
):
    response = _upload(world, auth, name, content, "text/html")

    assert response.status_code == 201 and response.json()["contentType"] == expected


def test_a_file_missing_from_the_uploads_folder_is_a_clear_404_not_a_500(world, auth, settings):
    from opsdesk.runs.models import TaskFile

    uploaded = _upload(world, auth, "notes.txt", b"handover notes").json()
    # Other tests on this worker share the uploads folder: remove exactly this upload's file.
    stored = TaskFile.objects.get(pk=uploaded["id"]).stored_name
    (Path(settings.UPLOAD_DIR) / stored).unlink()

    response = Client().get(uploaded["url"], headers=auth)

    assert response.status_code == 404
    assert response.json()["error"] == "not-found"
    assert "missing from the uploads folder" in response.json()["message"]
