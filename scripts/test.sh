#!/usr/bin/env bash
# Install everything the tests need into .venv, start a real Neo4j, and run the whole
# suite on both stores. Used by the README's quick start and by .ci/run; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# Neo4j's Cypher linter and axe-core, pinned in tests/node/package-lock.json.
npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
# Debian's Chromium for the browser tests (Playwright drives it; no browser download) and
# poppler-utils (pdftoppm, pdftotext) to render and read the PDF report.
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
  else
    echo "Chromium of poppler-utils ontbreekt: run 'sudo apt-get install chromium poppler-utils' voor de browser- en pdf-tests." >&2
    exit 1
  fi
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .

# A real Neo4j for the Neo4j half of the store tests: Neo4j Community from Maven Central,
# started by the project's own script in a fresh directory and stopped afterwards. With
# Neo4j started here a missing Neo4j fails the tests (LEA_REQUIRE_NEO4J), never skips them.
if command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
  neo4j_dir="$(mktemp -d -t lea-neo4j-test.XXXXXX)"
  trap 'scripts/neo4j-local.sh stop "$neo4j_dir" >/dev/null; rm -rf "$neo4j_dir"' EXIT
  eval "$(scripts/neo4j-local.sh start "$neo4j_dir")"
  export LEA_REQUIRE_NEO4J=1
else
  echo "Neo4j-tests worden overgeslagen: Java en Maven ontbreken (nodig om Neo4j van Maven Central te halen en te starten)." >&2
fi

.venv/bin/python -m pytest "$@"
