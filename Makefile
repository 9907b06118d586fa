# The two set-up commands are `make run` and `make test`; each installs what it needs.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
export UV_PYTHON_DOWNLOADS := never
# Installed packages are compiled to bytecode once, at install: where the environment sets
# PYTHONDONTWRITEBYTECODE, every `opsdesk` process (the tests start hundreds) otherwise compiled
# Django and its company from source on each start, two of its three seconds.
export UV_COMPILE_BYTECODE := 1
HOST ?= 127.0.0.1
PORT ?= 8000
# Both passes spread over the machine's cores (pytest-xdist); each worker has its own database.
# worksteal: an idle worker takes queued tests from a busy one (a few tests run for a minute).
# Three on two cores: many tests wait on the servers and commands they start, and a third
# worker uses that time (measured on 2 cores: SQLite pass 11.2 -> 8.0 min, PostgreSQL 6.9 -> 5.7).
TEST_WORKERS ?= 3

.PHONY: run test lint bench setup browser

setup:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@uv sync --frozen --quiet

run: setup
	uv run opsdesk init --no-input
	OPSDESK_BASE_URL="$${OPSDESK_BASE_URL:-http://$(HOST):$(PORT)}" \
		uv run opsdesk serve --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium (never a downloaded one); CI runs as root.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test: setup browser
	uv run ruff check src tests
	uv run opsdesk docs check
	uv run pytest -n $(TEST_WORKERS) --dist worksteal
	uv run python -m tests.postgres_suite -q -m "not browser and not one_pass" -n $(TEST_WORKERS) --dist worksteal

lint: setup
	uv run ruff check src tests
	uv run ruff format --check src tests

# SCALE=10000 make bench also measures at 10,000 active runs and prints the growth from 1,000;
# the --http line is issue 18's table through `opsdesk serve` (BENCH_DATABASE=postgresql://...).
bench: setup
	uv run python -m opsdesk.bench $(if $(SCALE),--scale $(SCALE))
	uv run python -m opsdesk.bench --http $(if $(SCALE),--scale $(SCALE)) \
		$(if $(BENCH_DATABASE),--database $(BENCH_DATABASE))
	uv run python -m opsdesk.bench --load
