# Curriculum: `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
PORT   ?= 5000
HOST   ?= 127.0.0.1

.PHONY: run test lint format bench load loadmemory slowclients clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev,bench]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) search reindex
	@echo ""
	@echo "Curriculum is at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench_versions.py
	$(BIN)/python benchmarks/bench_coverage.py
	$(BIN)/python benchmarks/bench_api_tree.py
	$(BIN)/python benchmarks/bench_export.py
	$(BIN)/python benchmarks/bench_case.py
	$(BIN)/python benchmarks/bench_framework_page.py
	$(BIN)/python benchmarks/bench_search.py
	$(BIN)/python benchmarks/bench_downloads.py
	$(BIN)/python benchmarks/bench_pages.py

# Load test on PostgreSQL (LOAD_DATABASE_URL; emptied first): gunicorn + locust, the mixed load
# against the same users asking /about only, then a DB check.
load: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/load.py $(LOAD_ARGS)

# The mixed load for 10 minutes with the GC tuning on, then off: the workers' memory over time.
loadmemory: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/load_memory.py $(MEMORY_ARGS)

# Health checks while slow clients trickle requests in: gunicorn.conf.py against sync workers.
slowclients: $(VENV)/.installed
	$(BIN)/python benchmarks/slow_clients.py $(SLOW_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check curriculum tests benchmarks migrations/env.py wsgi.py gunicorn.conf.py
	$(BIN)/ruff format --check curriculum tests benchmarks migrations/env.py wsgi.py gunicorn.conf.py
	$(BIN)/mypy curriculum

format: $(VENV)/.installed-test
	$(BIN)/ruff format curriculum tests benchmarks migrations/env.py wsgi.py gunicorn.conf.py
	$(BIN)/ruff check --fix curriculum tests benchmarks migrations/env.py wsgi.py gunicorn.conf.py

clean:
	rm -rf $(VENV) .pytest_cache
