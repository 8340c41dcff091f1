# Two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= corpus
INDEX ?= index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup build run test clean

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

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache
