"""Real `opsdesk serve` processes on free loopback ports, for the load scenario and its tests.

Each runs in a session of its own, so the whole group (master, workers, scheduler) can be
stopped, or killed outright, together.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from . import processes

CLI = "import sys; from opsdesk.cli import main; sys.exit(main())"
LISTEN_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 30
POLL_SECONDS = 0.05


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@dataclass
class ServeProcess:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_listening(self, timeout: float = LISTEN_TIMEOUT_SECONDS) -> float:
        """Seconds from now until the port accepts connections; fails if serve exits first."""
        started = time.monotonic()
        while not listening(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"opsdesk serve exited early:\n{self.log()}")
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"opsdesk serve did not listen in {timeout} s:\n{self.log()}")
            time.sleep(POLL_SECONDS)  # another process is starting: nothing to wait on but time
        return time.monotonic() - started

    def cpu_seconds(self) -> float:
        """CPU time used so far by every live process of this server (Linux; 0 elsewhere)."""
        if not processes.PROC.is_dir():
            return 0.0
        total = 0.0
        for pid in processes.children(self.process.pid):
            try:
                total += processes.cpu_seconds(pid)
            except OSError:  # the process ended meanwhile
                continue
        return total

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        """SIGKILL to the whole group, as a crash or an out-of-memory kill would."""
        _signal_group(self.process, signal.SIGKILL)
        self.process.wait(STOP_TIMEOUT_SECONDS)

    def stop(self) -> int | None:
        """SIGTERM, as a service manager stops it; the group is killed if it hangs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.kill()
        # Workers or a scheduler left behind by a master that died first.
        _signal_group(self.process, signal.SIGKILL)
        return self.process.returncode


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def start_serve(
    env: dict, log_path: Path, *, workers: int | None = None, threads: int | None = None
) -> ServeProcess:
    """`opsdesk serve` on a free port, with its own defaults unless told otherwise."""
    port = free_port()
    command = [sys.executable, "-c", CLI, "serve", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    with log_path.open("a") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    return ServeProcess(process, port, log_path)


@contextmanager
def serving(env: dict, log_dir: Path, count: int = 1, **options) -> Iterator[list[ServeProcess]]:
    """`count` listening serve processes on one data dir/database; always stopped afterwards."""
    servers = []
    try:
        for n in range(count):
            servers.append(start_serve(env, log_dir / f"serve-{n}.log", **options))
        for server in servers:
            server.wait_until_listening()
        yield servers
    finally:
        for server in servers:
            server.stop()
