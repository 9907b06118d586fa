"""The data-dir lock: servers and schedulers share it; a restore needs it alone."""

from __future__ import annotations

import pytest

from opsdesk.serving.data_lock import DataDirInUse, data_dir_alone, data_dir_in_use


def test_servers_and_schedulers_share_the_data_dir():
    with data_dir_in_use("opsdesk serve"), data_dir_in_use("opsdesk scheduler"):
        pass


def test_a_restore_is_refused_while_the_data_dir_is_in_use_and_says_how_to_stop_them():
    with data_dir_in_use("opsdesk serve"), pytest.raises(DataDirInUse) as refused:  # noqa: SIM117
        with data_dir_alone("restore"):
            pass

    assert "Stop every one of them first" in refused.value.message
    assert "run restore again" in refused.value.message


def test_a_server_started_during_a_restore_is_refused():
    with data_dir_alone("restore"), pytest.raises(DataDirInUse, match="is being restored"):  # noqa: SIM117
        with data_dir_in_use("opsdesk serve"):
            pass


def test_the_data_dir_is_free_again_once_its_users_have_stopped():
    with data_dir_in_use("opsdesk serve"):
        pass

    with data_dir_alone("restore"):
        pass
