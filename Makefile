# Two commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test lint bench schema migrations-check messages

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/yishi run

lint: $(BIN)/.installed
	$(BIN)/ruff check yishi tests bench deploy
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/hadolint deploy/Dockerfile
	$(BIN)/yamllint --strict -c deploy/.yamllint.yaml deploy
	$(BIN)/kubernetes-validate --strict --quiet deploy/kubernetes/*.yaml

test: lint
	$(BIN)/yishi makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest

# The committed SDL (tests/graphql/test_schema_contract.py compares it with the code).
schema: $(BIN)/.installed
	$(BIN)/yishi graphql_schema --schema yishi.graphql.api.schema --out yishi/graphql/schema.graphql
	$(BIN)/yishi graphql_schema --schema yishi.graphql.api.platform_schema --out yishi/graphql/platform.graphql

bench: $(BIN)/.installed
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

# The English catalogue (yishi/locale/en): extract the Chinese source strings, list what still needs an
# English msgstr (untranslated or fuzzy), compile the .mo. Translate the listed entries, then run it again.
LOCALE_PO = yishi/locale/en/LC_MESSAGES/django.po
messages: $(BIN)/.installed
	$(BIN)/yishi makemessages -l en --no-obsolete --add-location=file \
		--ignore=$(VENV) --ignore=node_modules --ignore=tests --ignore=bench --ignore=deploy --ignore=docs
	msgattrib --untranslated $(LOCALE_PO); msgattrib --only-fuzzy $(LOCALE_PO)
	$(BIN)/yishi compilemessages -l en --ignore=$(VENV)
