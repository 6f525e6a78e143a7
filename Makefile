# The README's two promises: `make demo` and `make test`. Everything else is for developers and CI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SELLERDESK := $(BIN)/sellerdesk
DEMO_USER ?= demo
DEMO_PASSWORD ?= sellerdesk-demo
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint typecheck check-migrations browser-deps office-deps screenshot bench clean

# The virtualenv is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sellerdesk needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
		echo "$(PYTHON) cannot create a virtualenv: its ensurepip module is missing." >&2; \
		echo "On Debian or Ubuntu, install python3-venv: sudo apt-get install python3-venv" >&2; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(VENV)/.installed
	$(SELLERDESK) migrate --no-input
	$(SELLERDESK) demo --if-empty
	$(SELLERDESK) createuser $(DEMO_USER) --password '$(DEMO_PASSWORD)' --if-missing
	@echo
	@echo "  sellerdesk demo shop: http://$(HOST):$(PORT)/"
	@echo "  log in as '$(DEMO_USER)' with password '$(DEMO_PASSWORD)'"
	@echo
	$(SELLERDESK) serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed browser-deps office-deps
	$(BIN)/pytest

# Browser tests drive Debian's Chromium; install it when missing and we may (root with apt).
browser-deps:
	@scripts/ensure-chromium

# Workbook tests recalculate exported workbooks in LibreOffice; install it when missing and we may.
office-deps:
	@scripts/ensure-libreoffice

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

check-migrations: $(VENV)/.installed
	$(SELLERDESK) makemigrations --check --dry-run

# Regenerates docs/screenshot.png from the browser test harness.
screenshot: $(VENV)/.installed browser-deps
	SELLERDESK_UPDATE_SCREENSHOT=1 $(BIN)/pytest tests/browser -k screenshot

bench: $(VENV)/.installed
	$(BIN)/python -m bench.run --keep --output docs/benchmarks.md

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
