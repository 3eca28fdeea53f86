# Tepian: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Real services the test suite starts (scripts/testenv.py); each is installed when missing.
SERVICES ?= postgres,opensearch,s3,chromium
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test lint serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

## run: install, migrate, load the demo catalog (once) and serve at http://127.0.0.1:5000
run: install
	$(BIN)/tepian db upgrade
	$(BIN)/tepian seed-demo
	$(BIN)/tepian serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

## test: install what the tests need, start the real services, run lint and the whole suite
test: lint
	$(BIN)/python scripts/testenv.py --services $(SERVICES) -- $(BIN)/python -m pytest $(PYTEST_ARGS)
