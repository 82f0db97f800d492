# MetalPro. `make run` and `make test` set everything up on a fresh machine (CONTRACT §1).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-dev

.PHONY: run test install lint format check messages bench bench-large bom-eval search-eval search-eval-pg loadtest clean help

help:
	@echo "make run    - set up, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff check + format check + migrations check"
	@echo "make bench  - catalog benchmark on PostgreSQL + gunicorn (writes docs/benchmarks.md)"
	@echo "make bom-eval - BOM mapping accuracy, speed and memory (writes docs/benchmarks.md)"
	@echo "make search-eval - search relevance (hit@1, hit@3) on the demo catalog (SQLite)"
	@echo "make search-eval-pg - search relevance and API latency on 100,000 products (PostgreSQL)"
	@echo "make loadtest - locust, 200 users for 10 min against gunicorn + Celery + PostgreSQL + Redis"
	@echo "               (LOADTEST_ARGS='--profile saturation' finds the saturation throughput)"
	@echo "make faults - worker killed mid-task drill on PostgreSQL + Redis (docs/benchmarks.md, Faults)"

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing python3-venv"; \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; \
	  else echo "Please install python3-venv (apt-get install python3-venv)"; exit 1; fi; \
	  $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements/base.txt requirements/prod.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

install: $(STAMP)

run: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving MetalPro on http://127.0.0.1:$(PORT)  (Ctrl+C to stop)"
	exec $(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(BIN)/python manage.py makemessages -l ro --ignore=.venv --ignore=var --ignore=bench
	$(BIN)/python scripts/i18n.py compile

bench: install
	$(BIN)/python bench/run.py

bom-eval: install
	$(BIN)/python bench/bom_eval/run.py

search-eval: install
	$(BIN)/python bench/search_eval/run.py

search-eval-pg: install
	$(BIN)/python bench/search_eval/run.py --pg --explain 3

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): requirements/bench.txt | $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	@touch $@

loadtest: install $(BENCH_STAMP)
	$(BIN)/python bench/load/run.py $(LOADTEST_ARGS)

bench-large: install
	$(BIN)/python bench/run.py --products 100000 --only-single-client

# Worker killed mid-task (issue 8): real Celery workers on Redis, SIGKILL, retried and done once.
# Needs PostgreSQL and Redis on 127.0.0.1 (DATABASE_URL / REDIS_URL to use others).
.PHONY: faults
faults: install
	$(BIN)/python bench/faults/worker_kill.py --migrate

clean:
	rm -rf $(VENV) var
