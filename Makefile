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

# The browser test drives Debian's Chromium through its driver; install both once, quietly, waiting up
# to 10 minutes for another apt or dpkg to let go of its lock. When they cannot be installed (not root,
# no apt-get, no network), say what to install and go on: the browser test then skips, saying the same.
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && $(APT_GET) update && \
		$(APT_GET) install -y chromium chromium-driver >/dev/null; then exit 0; fi; \
	echo "make: could not install chromium and chromium-driver for the browser test; install them with" >&2; \
	echo "make:   sudo apt-get install chromium chromium-driver" >&2; \
	echo "make: until then the browser test is skipped" >&2

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache
