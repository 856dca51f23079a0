# Jenjang: `make run` serves the demo, `make test` checks everything.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JENJANG := $(BIN)/jenjang
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run test install lint format messages clean-demo benchmark

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p var
	DEBUG=1 $(JENJANG) migrate --no-input -v 0
	DEBUG=1 $(JENJANG) demo
	@echo "Jenjang: http://$(HOST):$(PORT)  (Ctrl-C stops the server and the worker)"
	@DEBUG=1 $(JENJANG) db_worker --no-reload >var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(JENJANG) runserver --noreload $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The English catalogs (msgids are Indonesian): one for the older apps in
# jenjang/locale, and one per app that keeps its own jenjang/<app>/locale, so
# parallel work on separate apps never edits the same catalog. The .mo files
# are committed so a machine without gettext still shows English.
APP_CATALOGS := $(patsubst %/locale,%,$(wildcard jenjang/*/locale))
MESSAGES_IGNORE := --ignore=$(VENV) --ignore=var --ignore=node_modules \
	--ignore=benchmarks --ignore=e2e --ignore=docs --ignore=jenjang/static \
	$(addprefix --ignore=,$(APP_CATALOGS))
messages: $(STAMP)
	DEBUG=1 $(JENJANG) makemessages -l en --no-obsolete $(MESSAGES_IGNORE)
	DEBUG=1 $(JENJANG) compilemessages -l en $(MESSAGES_IGNORE)
	@for app in $(APP_CATALOGS); do \
	  (cd $$app && $(CURDIR)/$(BIN)/django-admin makemessages -l en --no-obsolete \
	     --ignore=static && $(CURDIR)/$(BIN)/django-admin compilemessages -l en) || exit 1; \
	done

benchmark: $(STAMP)
	$(BIN)/python benchmarks/import_employees.py
