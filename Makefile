# Two commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test lint bench schema migrations-check

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/yishi run

lint: $(BIN)/.installed
	$(BIN)/ruff check yishi tests bench deploy
	$(BIN)/hadolint deploy/Dockerfile
	$(BIN)/yamllint --strict -c deploy/.yamllint.yaml deploy
	$(BIN)/kubernetes-validate --strict --quiet deploy/kubernetes/*.yaml

test: lint
	$(BIN)/yishi makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest

bench: $(BIN)/.installed
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done
