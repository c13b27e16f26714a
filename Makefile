# Two commands do everything: `make run` (the demo app) and `make test` (the whole suite).
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-fast setup system-deps postgres lint bench screenshots

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

# Debian packages the tests need: PostgreSQL server and Chromium for the browser tests.
system-deps:
	bash scripts/install_system_deps.sh

postgres: system-deps
	bash scripts/start_postgres.sh

run: setup
	$(PY) -m admin demo
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: setup postgres
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://sokhcn:sokhcn@localhost:5432/sokhcn_test} \
		$(PY) -m pytest

# The edit-test loop: no browser, no PostgreSQL (no server is started either).
test-fast: setup
	$(PY) -m pytest -m "not e2e and not postgres"

# Style (ruff) and the layers of docs/architecture.md (import-linter, contracts in .importlinter).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

bench: setup postgres
	$(PY) -m bench

# docs/screenshots/: every page at 1400, 1024 and 390 px (needs Chromium: make system-deps).
screenshots: setup system-deps
	$(PY) scripts/screenshots.py
