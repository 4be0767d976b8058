# Two commands do all set-up on a fresh machine: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install build serve test check render chromium java golden lint clean bench audit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Pyodide for the browser calculator comes from the npm package pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(STAMP) $(NODE_STAMP)

## build: the static site into site/ (strict: any warning fails the build)
build: install
	$(BIN)/mkdocs build --strict

## serve: build and serve on 127.0.0.1:8000, reloading when content/, generator/ or calculator/ change
serve: install
	$(BIN)/mkdocs serve --strict --watch-theme --dev-addr 127.0.0.1:8000

## check: validate content; one FILE:LINE: message per problem
check: install
	$(BIN)/legcramps check

## test: install what the tests need (Debian chromium included) and run every test
test: install chromium java
	$(BIN)/ruff check .
	$(BIN)/legcramps check
	$(BIN)/python -m pytest

## golden: refresh the committed golden Markdown of the fixture content (review the diff!)
golden: install
	$(BIN)/python -m tests.generator.golden

# What the benchmarks need on top of the tests' tools: matplotlib (the build-scale plot) and brotli (.br twins).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

## audit: Lighthouse and page weight of the built site, served precompressed (reports in bench/out/lighthouse/)
audit: $(BENCH_STAMP) build chromium
	$(BIN)/python -m bench audit

## bench: build, then the calculator in Chromium, the audit and the build scale (tables + bench/results.json); not a test
bench: $(BENCH_STAMP) build chromium
	$(BIN)/python -m bench

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# The Nu HTML Checker (npm vnu-jar) runs on Java.
java:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y default-jre-headless; }

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf site test-output .pytest_cache bench/out
