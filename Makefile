# Two commands from a fresh clone:
#   make serve   set everything up, then serve the docs site on http://127.0.0.1:8000
#                (another port: make serve PORT=8765)
#   make test    set everything up, then run the whole test suite (what .ci/run calls)
SHELL := /bin/bash
# The build runs on Python 3.12+ (pyodide-lock 0.2.x needs it), found on PATH or under pyenv
# by scripts/find_python.sh (or given: make PYTHON=/path/to/python3.12). The engine's tests
# also run on 3.11, its oldest supported Python, in a lean second venv (.venv-py311).
# (Looked up once, on first use: `make lint` with a ready venv never looks.)
PYTHON ?= $(eval PYTHON := $(shell bash scripts/find_python.sh || echo missing-python-3.12))$(PYTHON)
PYTHON_OLDEST ?= $(eval PYTHON_OLDEST := $(shell bash scripts/find_python.sh 3.11 || echo missing-python-3.11))$(PYTHON_OLDEST)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENV_OLDEST := .venv-py311
STAMP_OLDEST := $(VENV_OLDEST)/.installed
# The tests that exercise only the engine (stdlib + PyYAML): what runs again on Python 3.11.
# Left out there, as they do not depend on the host Python: the Pyodide run under Node (10 s)
# and the 76 s timing sweep of every catalog pattern's near misses (same `re` engine as 3.12).
ENGINE_TESTS := tests/engine tests/parsers tests/test_catalog_fixtures.py tests/test_corpus.py \
  --ignore=tests/engine/test_pyodide_deep_nesting.py \
  --deselect=tests/engine/test_hostile_input.py::test_near_misses_of_every_catalog_pattern_stay_fast
RUNTIME := node_modules/pyodide/pyodide.asm.wasm
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup setup-oldest serve serve-static build build-properdocs analyzer test test-oldest lint bench bench-hostile bench-site corpus lighthouse screenshots lock clean

setup: $(STAMP) $(RUNTIME)

# Python: a local venv with the exact versions of requirements.lock (every file checked
# against its sha256 there), the project editable.
$(STAMP): requirements.lock pyproject.toml
	@command -v "$(PYTHON)" >/dev/null || { echo "make: no Python 3.12+ to build with (see above)" >&2; exit 1; }
	@if [[ -x $(BIN)/python ]] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "$(VENV) runs a Python older than 3.12: making it again"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Python 3.11: only what the engine's tests import (requirements-py311.lock, hash-checked); the
# engine is put on sys.path (PYTHONPATH), not installed, so this venv needs no build step.
setup-oldest: $(STAMP_OLDEST)
$(STAMP_OLDEST): requirements-py311.lock
	@command -v "$(PYTHON_OLDEST)" >/dev/null || { echo "make: no Python 3.11 for the engine's tests (see above)" >&2; exit 1; }
	$(PYTHON_OLDEST) -m venv $(VENV_OLDEST)
	$(VENV_OLDEST)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-py311.lock
	touch $(STAMP_OLDEST)

# The Pyodide runtime the analyzer self-hosts, exactly as pinned by package-lock.json.
$(RUNTIME): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(RUNTIME)

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: setup
	$(BIN)/mkdocs build --strict

# The same mkdocs.yml built by ProperDocs (the maintained MkDocs 1.x fork), into site-properdocs/.
build-properdocs: setup
	$(BIN)/properdocs build --strict -d site-properdocs

# The analyzer alone, for any static site (Zensical, Sphinx, a plain page): see README.
analyzer: setup
	$(BIN)/merlin-troubleshooting build-analyzer $(or $(OUT),dist/analyzer)

# The built site as a production server should serve it: caching headers for the
# content-hashed runtime files, application/wasm, the CSP header (scripts/serve_static.py).
serve-static: build
	$(BIN)/python scripts/serve_static.py --port $(or $(PORT),8000) --dir site

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup setup-oldest
	bash scripts/ensure_chromium.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-oldest

# The engine's tests again on Python 3.11 (its oldest supported version); about 40 s.
test-oldest: setup-oldest
	PYTHONPATH=$(CURDIR) $(VENV_OLDEST)/bin/python -m pytest -q -p no:cacheprovider $(ENGINE_TESTS)

bench: setup
	$(BIN)/python benchmarks/bench_engine.py

# Hostile paste shapes: CPU MB/s and n-to-4n growth per shape (linear is about 4).
bench-hostile: setup
	$(BIN)/python benchmarks/bench_hostile.py

# The engine against the corpus of pastes: score, per-shape table, confusion list.
corpus: setup
	$(BIN)/python scripts/corpus.py

bench-site: setup
	bash scripts/ensure_chromium.sh
	$(BIN)/python benchmarks/bench_site.py

# Lighthouse figures (all four categories, phone and desktop) on a static build; prints a table.
lighthouse: setup
	bash scripts/ensure_chromium.sh
	$(BIN)/python benchmarks/bench_lighthouse.py

# The Merlin-UI-style views, then the analyzer on the freshly built site.
screenshots: setup
	bash scripts/ensure_chromium.sh
	$(BIN)/python scripts/render_screenshots.py
	$(BIN)/mkdocs build --strict --quiet -d .cache/screenshot-site
	$(BIN)/python scripts/render_screenshots.py --site .cache/screenshot-site --analyzer

# Resolve the top-level pins, then record every file's sha256 for `pip install --require-hashes`:
# requirements.lock for the build (Python 3.12+), requirements-py311.lock for the engine's
# tests on 3.11. pyodide-lock writes the site's pyodide-lock.json; properdocs builds the site
# a second time in CI; setuptools builds the project wheel without an isolated env.
LOCK_PINS := "mkdocs==1.6.1" "mkdocs-material==9.8.2" "properdocs==1.6.7" "pyodide-lock[wheel]==0.2.1" \
  "PyYAML==6.0.3" "pytest==9.0.3" "hypothesis==6.155.2" "playwright==1.65.2" "ruff==0.17.6" \
  "build==1.6.1" "setuptools==84.2.1"
LOCK_PINS_OLDEST := "PyYAML==6.0.3" "pytest==9.0.3" "hypothesis==6.155.2"
lock:
	bash scripts/lock.sh "$(PYTHON)" requirements.lock $(LOCK_PINS)
	bash scripts/lock.sh "$(PYTHON_OLDEST)" requirements-py311.lock $(LOCK_PINS_OLDEST)

clean:
	rm -rf $(VENV) $(VENV_OLDEST) node_modules site site-properdocs build dist .pytest_cache .ruff_cache
