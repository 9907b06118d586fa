"""Reading a worker's memory and CPU and finding an `opsdesk serve` master's workers in a
/proc laid out by the test (the real one is checked once, on this test process)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from opsdesk.bench.processes import children, cpu_seconds, rss_mb, workers


def _process(proc: Path, pid: int, parent: int, command: bytes, rss_kb: int = 1024) -> None:
    folder = proc / str(pid)
    folder.mkdir()
    (folder / "status").write_text(f"Name:\tpython\nVmPeak:\t999999 kB\nVmRSS:\t{rss_kb} kB\n")
    # utime 300 and stime 100 ticks, after a command name with a space and a parenthesis.
    fields = ["S", str(parent)] + ["0"] * 9 + ["300", "100"] + ["0"] * 5
    (folder / "stat").write_text(f"{pid} (gunicorn: a) b) {' '.join(fields)}\n")
    (folder / "cmdline").write_bytes(command)


@pytest.fixture
def proc(tmp_path) -> Path:
    serve = b"python\0-c\0cli\0serve\0"
    _process(tmp_path, 10, 1, serve)
    _process(tmp_path, 11, 10, serve, rss_kb=153_600)
    _process(tmp_path, 12, 10, b"python\0-m\0opsdesk.cli\0scheduler\0")
    _process(tmp_path, 13, 10, serve, rss_kb=2048)
    _process(tmp_path, 20, 11, serve)
    (tmp_path / "self").mkdir()
    return tmp_path


def test_rss_is_read_from_vmrss_in_megabytes(proc):
    assert rss_mb(11, proc) == 150.0
    assert rss_mb(13, proc) == 2.0


def test_a_status_without_vmrss_is_an_error(proc):
    (proc / "10" / "status").write_text("Name:\tzombie\n")
    with pytest.raises(ValueError):
        rss_mb(10, proc)


def test_cpu_time_is_user_plus_system_after_the_command_name(proc):
    assert cpu_seconds(11, proc) == 400 / os.sysconf("SC_CLK_TCK")


def test_workers_are_the_children_that_share_the_masters_command_line(proc):
    assert children(10, proc) == [11, 12, 13]
    assert workers(10, proc) == [11, 13]


def test_this_process_is_read_from_the_real_proc():
    assert 1 < rss_mb(os.getpid()) < 10_000
    assert cpu_seconds(os.getpid()) > 0
    assert os.getpid() in children(os.getppid())
