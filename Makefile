# The commands people type every day. Everything installs into ./.venv on first use.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: demo test lint fmt typecheck install install-dev serve worker bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

install: $(UV)  ## runtime dependencies only
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON)

install-dev: $(UV)  ## runtime + test/lint dependencies
	$(UV) sync --frozen --python $(PYTHON)

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key

demo: install var/secret_key  ## set up, load the demo organization, serve on http://127.0.0.1:8000
	POM_SECRET_KEY_FILE=var/secret_key .venv/bin/pom demo

serve: install var/secret_key
	POM_SECRET_KEY_FILE=var/secret_key .venv/bin/pom migrate
	POM_SECRET_KEY_FILE=var/secret_key .venv/bin/pom serve

worker: install var/secret_key
	POM_SECRET_KEY_FILE=var/secret_key .venv/bin/pom worker

test: install-dev  ## lint, checks, and the whole suite on SQLite and PostgreSQL
	bash scripts/test.sh

lint: install-dev
	.venv/bin/ruff check src tests bench conftest.py
	.venv/bin/ruff format --check src tests bench conftest.py

fmt: install-dev
	.venv/bin/ruff check --fix src tests bench conftest.py
	.venv/bin/ruff format src tests bench conftest.py

typecheck: install-dev
	.venv/bin/mypy

bench: install-dev var/secret_key  ## seed a large organization and measure every page and list endpoint
	POM_SECRET_KEY_FILE=var/secret_key .venv/bin/python bench/run.py

clean:
	rm -rf .venv .tools var .pytest_cache .mypy_cache .ruff_cache
