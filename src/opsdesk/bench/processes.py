"""What a server's processes use, read from /proc (Linux): a worker's memory and CPU time."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def rss_mb(pid: int, proc: Path = PROC) -> float:
    """Resident memory of `pid` in MB (VmRSS of /proc/<pid>/status, which counts kB)."""
    for line in (proc / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no VmRSS line for process {pid}")


def _stat_fields(pid: int, proc: Path) -> list[str]:
    # The command name is in parentheses and may hold spaces: the fields start after it.
    return (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int, proc: Path = PROC) -> float:
    """User plus system CPU time `pid` has used so far."""
    fields = _stat_fields(pid, proc)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int, proc: Path = PROC) -> list[int]:
    """Live processes whose parent is `pid`, in pid order."""
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int(_stat_fields(int(entry.name), proc)[1]) == pid:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):  # ended meanwhile, or not a process
            continue
    return sorted(found)


def _command_line(pid: int, proc: Path) -> bytes:
    return (proc / str(pid) / "cmdline").read_bytes()


def workers(master: int, proc: Path = PROC) -> list[int]:
    """The gunicorn workers of an `opsdesk serve` master: its children forked from it, which
    share its command line (the scheduler beside them is a fresh interpreter with its own)."""
    own = _command_line(master, proc)
    return [pid for pid in children(master, proc) if _command_line(pid, proc) == own]
