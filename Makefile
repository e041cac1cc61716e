# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-postgres lint format screenshots install install-test migrate demo messages check-migrations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The demo password: DEMO_PASSWORD if given, else one made up once and kept in .demo-password.
demo: migrate
	@if [ -n "$$DEMO_PASSWORD" ]; then \
	  password="$$DEMO_PASSWORD"; \
	else \
	  [ -s .demo-password ] || { $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(9))" > .demo-password; chmod 600 .demo-password; }; \
	  password="$$(cat .demo-password)"; \
	  echo "Demo password (made up, kept in .demo-password): $$password"; \
	fi; \
	$(BIN)/python manage.py seed_demo --password "$$password"

# Reminders and escalations wait on viewflow's timers, fired by `manage.py workflow_timers`, and
# the campaigns' deadlines are reminded by `manage.py campaign_reminders`: once here, to catch up;
# in production, from cron (every minute, every hour). `deadlines_open` dates the tasks of a
# database made before due dates existed.
run: demo
	$(BIN)/python manage.py deadlines_open
	$(BIN)/python manage.py workflow_timers
	$(BIN)/python manage.py campaign_reminders
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Every test, the browser tests (tests/browser, Debian's chromium) included; they are skipped,
# with the reason, where /usr/bin/chromium is missing, except under CI=true.
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (lint, import order, format) and import-linter's contracts on the apps' arrows (pyproject.toml).
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-postgres: install-test
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The README's screenshots (docs/screenshots/), taken again by the browser tests; quantised with
# pngquant where it is installed. Every screenshot of the run is in artifacts/screenshots/.
screenshots: install-test
	README_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/browser -q
	if command -v pngquant > /dev/null; then pngquant --force --skip-if-larger --ext .png --quality 70-90 docs/screenshots/*.png || true; fi

messages: install
	cd $(CURDIR) && $(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=tests
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .hypothesis
