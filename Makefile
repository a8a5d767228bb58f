# Two commands from a fresh clone:
#   make serve   set everything up, then serve the docs site on http://127.0.0.1:8000
#                (another port: make serve PORT=8765)
#   make test    set everything up, then run the whole test suite (what .ci/run calls)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME := node_modules/pyodide/pyodide.asm.wasm
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve serve-static build test lint bench bench-hostile bench-site corpus lighthouse screenshots lock clean

setup: $(STAMP) $(RUNTIME)

# Python: a local venv with the exact versions of requirements.lock (every file checked
# against its sha256 there), the project editable.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# The Pyodide runtime the analyzer self-hosts, exactly as pinned by package-lock.json.
$(RUNTIME): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(RUNTIME)

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: setup
	$(BIN)/mkdocs build --strict

# The built site as a production server should serve it: caching headers for the
# content-hashed runtime files, application/wasm, the CSP header (scripts/serve_static.py).
serve-static: build
	$(BIN)/python scripts/serve_static.py --port $(or $(PORT),8000) --dir site

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup
	bash scripts/ensure_chromium.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

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

# Resolve the top-level pins, then record every file's sha256 for `pip install --require-hashes`.
lock:
	rm -rf /tmp/merlin-lock-venv && $(PYTHON) -m venv /tmp/merlin-lock-venv
	/tmp/merlin-lock-venv/bin/pip install --quiet "mkdocs==1.6.1" "mkdocs-material==9.8.2" \
	  "pyodide-lock[wheel]==0.1.2" "PyYAML==6.0.3" "pytest==9.0.3" "hypothesis==6.155.2" \
	  "playwright==1.65.2" "ruff==0.17.6" "build==1.6.1"
	/tmp/merlin-lock-venv/bin/pip freeze > /tmp/merlin-lock-venv/pinned.in
	/tmp/merlin-lock-venv/bin/pip install --quiet "pip-tools==7.6.2"
	/tmp/merlin-lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-header \
	  --strip-extras -o /tmp/merlin-lock-venv/hashed.txt /tmp/merlin-lock-venv/pinned.in
	{ head -3 requirements.lock; grep -v -e '^--' -e '^ *#' /tmp/merlin-lock-venv/hashed.txt | sed '/^$$/d'; } \
	  > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) node_modules site build dist .pytest_cache .ruff_cache
