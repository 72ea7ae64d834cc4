#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite.
# Used by the README's quick start and by .ci/run; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# Neo4j's own Cypher linter (pinned in tests/cypher_lint/package-lock.json).
npm ci --prefix tests/cypher_lint --no-audit --no-fund --loglevel=error

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
