"""`opsdesk serve` starts `opsdesk scheduler` as a child process and stops it with itself.

A fresh interpreter (fork and exec), never a fork of the server: the server's threads, locks and
database connections stay behind. The child also watches its parent and stops when it is gone,
so a server killed outright leaves no scheduler running on.
"""

from __future__ import annotations

import os
import subprocess
import sys

STOP_TIMEOUT_SECONDS = 30
# The scheduler's passes run below the server's requests in CPU priority (see `nice`).
SCHEDULER_NICENESS = 10


class SchedulerChild:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        if self.running:
            return
        command = [sys.executable, "-m", "opsdesk.cli", "scheduler"]
        command += ["--stop-with-parent", str(os.getpid()), "--nice", str(SCHEDULER_NICENESS)]
        # Same environment, same output: its log lines appear among the server's.
        self.process = subprocess.Popen(command)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Ask it to stop (a pass in progress finishes), and wait; kill it only if it hangs."""
        if not self.running:
            return
        self.process.terminate()
        try:
            self.process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
