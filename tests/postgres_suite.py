"""Run the test suite again on the real PostgreSQL server, in a database of its own.

pytest-django creates `test_<name>` from the URL and drops it afterwards. Without a server the
run is skipped with a visible reason, except in CI, where PostgreSQL must be there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

SERVER = os.environ.get("OPSDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def server_reachable() -> str | None:
    import psycopg

    try:
        with psycopg.connect(SERVER, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]
    return None


def main(pytest_args: list[str]) -> int:
    problem = server_reachable()
    if problem:
        print(f"PostgreSQL suite SKIPPED: no server at {SERVER} ({problem})")
        return 1 if os.environ.get("CI") else 0
    name = f"opsdesk_{uuid.uuid4().hex[:8]}"
    url = SERVER.rsplit("/", 1)[0] + "/" + name
    env = {**os.environ, "OPSDESK_DATABASE_URL": url}
    print(f"PostgreSQL suite on {url} (test database test_{name}, dropped afterwards)")
    return subprocess.call([sys.executable, "-m", "pytest", *pytest_args], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
