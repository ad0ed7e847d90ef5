# The two commands of the README: `make run` (the demo) and `make test` (the suite).
# Everything installs into .venv; nothing else on the machine is assumed but python3.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# When a local PostgreSQL / Redis answers, the tests use them (CI sets these too).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/tally
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.PHONY: install run test lint chromium clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# Migrate, load sources, roles, demo accounts and seeds (idempotent), then serve.
# With REDIS_URL set a real Celery worker (with beat for the stale-article sweep)
# runs beside the server, consuming every queue (docs/deploy.md), and stops with it.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed
	@if [ -n "$$REDIS_URL" ]; then \
		$(VENV)/bin/celery -A config worker --beat --loglevel=INFO --concurrency=2 \
			--queues=parse,webhooks,exports,maintenance & \
		worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	fi

# Installs everything (Chromium from Debian for the browser tests, when root) and
# runs the whole suite; pytest's "no tests ran" (exit 5) counts as a failure.
test: install chromium
	@db="$$DATABASE_URL"; redis="$$REDIS_URL"; \
	if [ -z "$$db" ] && $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then db="$(PG_TEST_URL)"; fi; \
	if [ -z "$$redis" ] && $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 6379), 1)" 2>/dev/null; then redis="$(REDIS_TEST_URL)"; fi; \
	echo "Testing with DATABASE_URL=$${db:-sqlite (default)} REDIS_URL=$${redis:-none (in-process tasks)}"; \
	DATABASE_URL="$$db" REDIS_URL="$$redis" $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no tests: failing"; exit 1; fi; exit $$status

chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium for the browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "chromium could not be installed: browser tests will fail"; \
		else echo "chromium is missing and this is not root: browser tests will fail"; fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
