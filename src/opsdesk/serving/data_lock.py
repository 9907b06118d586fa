"""While `opsdesk serve` or `opsdesk scheduler` runs, the data dir is in use, and a lock says so.

Each of them holds a shared flock on `in-use.lock` in the data dir (gunicorn's workers share
their master's, inherited when they fork). `restore`, which replaces the database beneath them,
needs the lock exclusively and is refused while anyone else holds it; a server started during a
restore is refused in turn. The kernel drops a lock with its process, so a killed server never
leaves a stale one behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from opsdesk.domain.errors import DomainError

LOCK_FILE = "in-use.lock"
# Linux lists every held lock here; elsewhere the refusal simply names no processes.
PROC_LOCKS = Path("/proc/locks")


class DataDirInUse(DomainError):
    code = "data-dir-in-use"


def _lock_path() -> Path:
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir / LOCK_FILE


@contextmanager
def _locked(mode: int, refusal) -> Iterator[None]:
    path = _lock_path()
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DataDirInUse(refusal(path)) from None
        yield
    finally:
        os.close(descriptor)


def data_dir_in_use(program: str):
    """Mark the data dir in use by `program` (and the processes it forks) for the block."""
    return _locked(
        fcntl.LOCK_SH,
        lambda path: (
            f"{path.parent} is being restored; start {program} again once the restore is done."
        ),
    )


def data_dir_alone(action: str):
    """Hold the data dir alone for `action`, or refuse, naming who uses it and how to stop them."""
    return _locked(fcntl.LOCK_EX, lambda path: _in_use_message(path, action))


def _in_use_message(path: Path, action: str) -> str:
    pids = lock_holders(path)
    named = f" (process {', '.join(map(str, pids))})" if pids else ""
    how = f"`kill {' '.join(map(str, pids))}`" if pids else "`kill PID`"
    return (
        f"{path.parent} is in use by a running `opsdesk serve` or `opsdesk scheduler`{named}; "
        f"{action} would pull the data out from under it. Stop every one of them first "
        f"(Ctrl-C in its terminal, your service manager's stop command, or {how}), "
        f"then run {action} again."
    )


def lock_holders(path: Path) -> list[int]:
    """The processes holding a lock on `path`, as far as the system tells (Linux does)."""
    try:
        stat = path.stat()
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return []
    device = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    holders = set()
    for line in lines:
        fields = line.split()
        # "N: FLOCK ADVISORY READ <pid> <major:minor:inode> 0 EOF"; waiters carry a "->".
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == device:
            holders.add(int(fields[4]))
    return sorted(holders)
