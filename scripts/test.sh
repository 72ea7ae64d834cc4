#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite.
# Used by the README's quick start and by .ci/run; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# Neo4j's Cypher linter and axe-core, pinned in tests/node/package-lock.json.
npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests." >&2
    exit 1
  fi
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
