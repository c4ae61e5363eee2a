# Two commands matter: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
BIN := $(VENV)/bin

.PHONY: run test lint check-content bench mutants clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

## Serve the kiosk with the embedded SQLite database and the demo kiosk: http://localhost:$(PORT)/?kiosk=demo
run: $(VENV)/.runtime-installed
	$(BIN)/python -m kiosk setup --demo
	@echo "Kiosk:  http://localhost:$(PORT)/?kiosk=demo"
	@echo "Staff:  http://localhost:$(PORT)/"
	$(BIN)/python -m kiosk serve --server.port $(PORT)

## Lint, import layers and types (pyproject.toml), then the whole suite: unit, Streamlit AppTest, end-to-end in headless Chromium.
test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/hadolint --config .hadolint.yaml Dockerfile
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

check-content: $(VENV)/.runtime-installed
	$(BIN)/python -m kiosk content check
	$(BIN)/python -m kiosk content meaning-check

## Speed and memory targets, measured (not asserted in tests).
bench: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks

## Mutation testing of the domain rules (mutation/<name>.toml, one per module; long); reports in var/mutants.
## One module: make mutants MODULE=help
mutants: $(VENV)/.dev-installed
	PATH="$(abspath $(BIN)):$$PATH" MODULES="$(MODULE)" sh mutation/run.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
