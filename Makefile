# `make run` and `make test` work on a fresh clone with only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST := 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. make test PYTEST_ARGS="-x tests/reviews"
# (PYTEST_ARGS="-n 0" runs the suite in one process).
PYTEST_ARGS ?=
# One pytest worker per CPU (pytest-xdist), each with its own test database.
# --dist worksteal gives each worker a consecutive share of the tests, and a
# worker that runs out takes tests from the end of another's share: the workers
# finish together, and the browser tests, which come first (tests/conftest.py),
# stay with the first worker: one live server, one Chromium.
PYTEST_PARALLEL := --numprocesses auto --dist worksteal
# The demo always runs on the SQLite file in the checkout, in debug mode.
RUN_ENV := env -u DATABASE_URL DEBUG=1

.PHONY: help run test lint audit bandit pip-audit bench load-run staff-pages

help:
	@echo "make run   install, migrate, load the demo and serve on http://$(HOST):$(PORT)/"
	@echo "make test  the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)"
	@echo "make lint  ruff check, ruff format --check and the layer contract (lint-imports)"
	@echo "make audit bandit and pip-audit (pip-audit needs PyPI's vulnerability data)"
	@echo "make bandit     bandit on the code (CI runs this)"
	@echo "make bench     requests/s of public pages beside a bare WSGI floor (DATABASE_URL: PostgreSQL; needs wrk)"
	@echo "make load-run  readers and publishing editors for 2 minutes (DATABASE_URL: PostgreSQL)"
	@echo "make staff-pages  queries and time of the editors' pages (DATABASE_URL: PostgreSQL)"

# Reinstalls only when the requirements change. The venv's own pip installs uv,
# at the version pinned in requirements-dev.txt, and uv installs the pinned
# packages into the venv: the same packages pip would install, in a few seconds
# instead of half a minute of every fresh clone. Like pip with --no-compile, it
# leaves bytecode to the first import.
$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { \
		echo "$(PYTHON) cannot create virtual environments; on Debian or Ubuntu:" \
			"apt-get install python3-venv" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile \
		"$$(grep -E '^uv==' requirements-dev.txt)"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (editors sign in at /admin/). Ctrl-C stops."
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

audit: bandit pip-audit

# bandit fails on high-severity, high-confidence findings (its settings are in
# pyproject.toml).
bandit: $(STAMP)
	$(BIN)/bandit -c pyproject.toml -r . --severity-level high --confidence-level high -q

# pip-audit resolves the pinned requirements and asks PyPI (or OSV) for known
# vulnerabilities; --strict fails when a package could not be checked (as when
# that data is out of reach), which would otherwise pass as "no known
# vulnerabilities".
pip-audit: $(STAMP)
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements-dev.txt || { \
		echo "pip-audit failed: a pinned package has a known vulnerability, or PyPI's" \
			"vulnerability data could not be reached to check it (see above)." >&2; \
		exit 1; }

# All three need DATABASE_URL pointing to PostgreSQL that holds the set made by
# `BENCHMARKING=1 manage.py generate_load_data`; the scripts say so and stop
# without it. They too run with the bench app installed.
BENCH_ARGS ?=
BENCH_ENV := env BENCHMARKING=1
bench: $(STAMP)
	$(BENCH_ENV) $(BIN)/python bench/bench.py $(BENCH_ARGS)

load-run: $(STAMP)
	$(BENCH_ENV) $(BIN)/python bench/load_run.py $(BENCH_ARGS)

staff-pages: $(STAMP)
	$(BENCH_ENV) $(BIN)/python bench/staff_pages.py $(BENCH_ARGS)
