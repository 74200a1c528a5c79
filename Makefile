# Tawthiq: `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export TAWTHIQ_DATA_DIR ?= $(CURDIR)/data
PG_BINDIR ?= /usr/lib/postgresql/15/bin
PORT ?= 8000
WORKERS ?=  # web worker processes; empty: one per CPU, at most 4

.PHONY: run test venv test-deps system-deps fonts bench clean-data lint

$(BIN)/tawthiq: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(BIN)/tawthiq node_modules/.package-lock.json

## The web map's assets (Leaflet, a Natural Earth base layer) from npm, served by the app itself: no internet at run time.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else echo "npm is missing: install the Debian package npm (as root: make venv)"; exit 1; fi; }
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

## make run: install, prepare the data directory with the demo case, then serve the web application (Ctrl-C stops it).
run: venv fonts
	$(BIN)/tawthiq init
	$(BIN)/tawthiq gazetteer load
	$(BIN)/tawthiq demo
	$(BIN)/tawthiq event list
	$(BIN)/tawthiq serve --host 127.0.0.1 --port $(PORT) $(if $(WORKERS),--workers $(WORKERS))

## System packages the tests need (PostgreSQL 15, Chromium for the browser tests, Noto fonts and poppler-utils to read the PDF reports back), installed when running as root.
system-deps:
	@if [ ! -x "$(PG_BINDIR)/initdb" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null; \
	  else \
	    echo "PostgreSQL 15 is missing: install the Debian package postgresql-15 (as root: make system-deps)"; exit 1; \
	  fi; \
	fi
	@if ! command -v pdftotext >/dev/null || ! fc-list 2>/dev/null | grep -q "NotoNaskhArabic"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core poppler-utils >/dev/null; \
	  else \
	    echo "fonts-noto-core and poppler-utils are missing: install those Debian packages (as root: make system-deps)"; exit 1; \
	  fi; \
	fi
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "Chromium is missing: install the Debian packages chromium and chromium-driver (as root: make system-deps)"; exit 1; \
	  fi; \
	fi

## Fonts for the PDF reports (Noto Naskh Arabic and Noto Sans, from fonts-noto-core), installed when running as root.
fonts:
	@if ! fc-list 2>/dev/null | grep -q "NotoNaskhArabic"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null; \
	  else \
	    echo "warning: the Arabic font is missing: install the Debian package fonts-noto-core (as root: make fonts)"; \
	  fi; \
	fi

## make test: lint (ruff, mypy strict), then unit, integration (SQLite and a throwaway PostgreSQL) and CLI tests.
test: system-deps venv
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	TAWTHIQ_PG_BINDIR=$(PG_BINDIR) $(BIN)/python -m pytest -q -p no:cacheprovider -n auto --maxprocesses 4 --dist loadfile

## make lint: the lint step of make test alone (ruff as configured in pyproject.toml, mypy strict).
lint: $(BIN)/tawthiq
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: venv
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/verify_bench.py
	$(BIN)/python bench/extraction_quality.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/ingest_text_bench.py
	$(BIN)/python bench/web_bench.py
	$(BIN)/python bench/cli_startup.py

clean-data:
	@echo "Refusing to delete $(TAWTHIQ_DATA_DIR): remove it by hand if you really mean it."
