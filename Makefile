# Survei Kepuasan. `make run` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
T ?=

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools
	@$(BIN)/python scripts/translations.py compile

translations: $(STAMP) ## Extract messages, update the .po catalogs (en, min), compile them
	$(BIN)/python scripts/translations.py

migrate: install ## Upgrade the database (DATABASE_URL, default SQLite in instance/)
	$(FLASK) db upgrade

run: migrate ## Install, migrate, seed the demo city if the database is empty, serve
	$(FLASK) seed-demo --if-empty
	$(FLASK) rollups advance
	$(FLASK) alerts check
	@echo "Survei Kepuasan: http://$(HOST):$(PORT)/  (sign in at http://$(HOST):$(PORT)/login)"
	SURVEY_PLACE="$${SURVEY_PLACE-Sawahlunto}" $(FLASK) run --host $(HOST) --port $(PORT)

# Debian packages the browser tests use: headless Chromium, the zbarimg QR decoder,
# and nginx + openssl for the production smoke test (TLS in front of gunicorn).
SYSTEM_COMMANDS := chromium zbarimg nginx openssl
system-deps: ## Install chromium, zbar-tools, nginx-light, openssl (apt, as root) when missing
	@missing=0; for c in $(SYSTEM_COMMANDS); do \
	  command -v $$c >/dev/null || test -x /usr/sbin/$$c || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium zbar-tools nginx-light openssl >/dev/null; \
	  else echo "chromium/zbarimg/nginx missing and not root: browser tests will be skipped"; fi; \
	fi

test: install system-deps ## Run the whole suite (PostgreSQL too when TEST_DATABASE_URL is set); T=path for one file
ifeq ($(T),)
	$(BIN)/pytest -n auto
else
	$(BIN)/pytest $(T)
endif

lint: install ## ruff check, format check, mypy strict, import contracts, catalogs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The clock readings every test (browser tests aside) must survive: Sunday night
# UTC (Monday in the city), New Year's Eve 17:00:30 UTC, a leap day's evening.
CLOCKS := 2026-12-06T23:30:00+00:00 2026-12-31T17:00:30+00:00 2028-02-29T18:00:00+00:00
test-clocks: install ## The suite (browser tests aside) under each hard clock reading
	@for now in $(CLOCKS); do echo "== SURVEY_TEST_NOW=$$now"; \
	  SURVEY_TEST_NOW=$$now $(BIN)/pytest -n auto -q -m "not browser" || exit 1; done

fmt: install ## Format and fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: help install translations system-deps migrate run test test-clocks lint fmt

bench-stats: install ## Statistics engine on 1M and 10M responses, SQLite and PostgreSQL
	$(BIN)/python benchmarks/bench_stats.py $(BENCH_ARGS)

.PHONY: bench-stats

bench-submit: install ## Submissions with wrk against the bare and raw-insert floor, SQLite and PostgreSQL
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk missing and not root: install Debian's wrk"; exit 1; fi; }
	$(BIN)/python benchmarks/bench_submit.py $(BENCH_ARGS)

.PHONY: bench-submit

bench-instructions: install ## Instructions per request (callgrind): the true limit, /livez, a submission; LAYERS=1 per hook
	@command -v valgrind >/dev/null || { if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; \
	  else echo "valgrind missing and not root: install Debian's valgrind"; exit 1; fi; }
	$(BIN)/python benchmarks/instructions.py $(if $(LAYERS),--layers)

.PHONY: bench-instructions

bench-review: install ## Every aggregate page at 100k and 10M responses (rollups), SQLite and PostgreSQL
	$(BIN)/python benchmarks/bench_review.py $(BENCH_ARGS)

.PHONY: bench-review

bench-import: install ## Roster import of 2,000 and 20,000 rows (linear), SQLite and PostgreSQL
	$(BIN)/python benchmarks/bench_import.py $(BENCH_ARGS)

.PHONY: bench-import

bench-export: install ## Exports in bounded memory: CSV at 1M rows, XLSX at 50,000, SQLite and PostgreSQL
	$(BIN)/python benchmarks/bench_export.py

.PHONY: bench-export

serve: migrate ## Production: gunicorn on DATABASE_URL (settings in survey_service/gunicorn_conf.py)
	SURVEY_ENV=$${SURVEY_ENV:-production} $(BIN)/gunicorn -c python:survey_service.gunicorn_conf wsgi:app

.PHONY: serve

fault-test: install ## Faults under load: SIGKILL, PostgreSQL restart (root), double ticket, SQLite workers
	$(BIN)/python benchmarks/fault_test.py $(FAULT_ARGS)

.PHONY: fault-test

bench: install ## Every benchmark; writes benchmarks/RESULTS.md (BENCH_ARGS=--quick for 1M rows)
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

.PHONY: bench

mutate: install ## Mutation testing of the rules (statistics/, skm.py) with mutmut; then lists survivors
	$(BIN)/mutmut run || true
	$(BIN)/mutmut results

.PHONY: mutate
