#!/usr/bin/env bash
# The whole test run: lint, migration and deploy checks, then the suite on SQLite and on PostgreSQL.
# On a person's machine a missing PostgreSQL or Chromium is reported and skipped; with CI=true both
# are required and their absence fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PG_URL="${POM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
CI="${CI:-}"
status=0

step() { printf '\n== %s\n' "$*"; }

step "lint (ruff)"
$BIN/ruff check src tests bench conftest.py
$BIN/ruff format --check src tests bench conftest.py

step "types (mypy)"
POM_TESTING=1 $BIN/mypy

step "migrations are up to date"
POM_TESTING=1 $BIN/pom makemigrations --check --dry-run

step "deployment check (production settings)"
POM_SECRET_KEY="ci-$(date +%s)-a-long-random-secret-key-for-the-deploy-check-only" \
  POM_HTTPS=true POM_ALLOWED_HOSTS=pom.example.com POM_DATA_DIR="$(mktemp -d)" \
  $BIN/pom check --deploy --fail-level WARNING

if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  export POM_E2E=1
elif [ "$CI" = "true" ]; then
  echo "Chromium is required under CI=true for the browser tests (apt-get install -y chromium)." >&2
  exit 1
else
  echo "Chromium not found: browser tests will be skipped (apt-get install -y chromium to run them)."
fi

WORKERS="${POM_TEST_WORKERS:-auto}"

step "tests on SQLite"
$BIN/pytest -n "$WORKERS" -p no:cacheprovider || status=$?

if $BIN/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
  step "tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" $BIN/pytest -n "$WORKERS" -p no:cacheprovider || status=$?
elif [ "$CI" = "true" ]; then
  echo "PostgreSQL is required under CI=true but $PG_URL is not reachable." >&2
  exit 1
else
  echo "PostgreSQL not reachable at $PG_URL: ran the suite on SQLite only."
fi

exit $status
