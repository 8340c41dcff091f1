# Two commands a new user needs: `make run` and `make test` (lint, format and type checks, then the tests).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= corpus
INDEX ?= index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup build run test lint clean browser

setup: $(STAMP)

# Re-install only when the package metadata changed; otherwise setup is a no-op.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: setup
	$(BIN)/policyqa build --corpus $(CORPUS) --index $(INDEX)

run: build
	$(BIN)/streamlit run streamlit_app.py --server.headless true --browser.gatherUsageStats false

test: lint browser
	$(BIN)/python -m pytest

# ruff (lint and format) on the whole tree, mypy strict on src/; configured in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src

# The browser test drives Debian's Chromium through its driver; install both once, quietly.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache
