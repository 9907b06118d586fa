"""The staging folder: it takes only the bytes the check saw, and a running import's files are
never tidied away under it."""

from __future__ import annotations

import hashlib

import pytest

from opsdesk.transfer import staging

BYTES = b"Recording handed over by Pat on 8 July.\n"


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.UPLOAD_DIR = tmp_path / "data" / "uploads"
    staging.staging_dir().mkdir(parents=True)
    return settings.DATA_DIR


def _stage(source) -> None:
    staging.stage_file(source, "notes", hashlib.sha256(BYTES).hexdigest(), len(BYTES))


def test_a_file_checked_then_changed_is_not_staged(data_dir, tmp_path):
    source = tmp_path / "notes"
    source.write_bytes(BYTES + b"and one line more\n")

    with pytest.raises(staging.StagedFileChanged, match="notes changed after it was checked"):
        _stage(source)


def test_a_link_put_in_place_after_the_check_is_not_followed(data_dir, tmp_path):
    (tmp_path / "secret").write_bytes(BYTES)
    (tmp_path / "notes").symlink_to(tmp_path / "secret")

    with pytest.raises(staging.StagedFileChanged, match="cannot be read"):
        _stage(tmp_path / "notes")


def test_a_checked_file_is_staged_byte_for_byte(data_dir, tmp_path):
    (tmp_path / "notes").write_bytes(BYTES)

    _stage(tmp_path / "notes")

    assert (staging.staging_dir() / "notes").read_bytes() == BYTES


def test_what_a_running_import_staged_is_left_alone_and_a_stopped_ones_is_deleted(db, data_dir):
    (staging.staging_dir() / "notes").write_bytes(BYTES)

    with staging.import_lock() as held:
        assert held
        assert staging.clear_leftovers() == (0, 0)
        assert (staging.staging_dir() / "notes").exists()

    assert staging.clear_leftovers() == (0, 1)
    assert not staging.staging_dir().exists()
