#!/usr/bin/env bash
# Install everything the tests need into .venv, start a real Neo4j and a real Keycloak,
# and run the whole suite on both stores. Used by the README's quick start and by .ci/run;
# safe to run again.
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

# The servers started here are stopped, and their directories removed, when the script
# ends (one EXIT trap for all of them).
neo4j_dir=""
keycloak_dir=""
stop_servers() {
  if [ -n "$keycloak_dir" ]; then
    scripts/keycloak-local.sh stop "$keycloak_dir" >/dev/null || true
    rm -rf "$keycloak_dir"
  fi
  if [ -n "$neo4j_dir" ]; then
    scripts/neo4j-local.sh stop "$neo4j_dir" >/dev/null || true
    rm -rf "$neo4j_dir"
  fi
}
trap stop_servers EXIT

# A real Neo4j for the Neo4j half of the store tests: Neo4j Community from Maven Central,
# started by the project's own script in a fresh directory and stopped afterwards. With
# Neo4j started here a missing Neo4j fails the tests (LEA_REQUIRE_NEO4J), never skips them.
if command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
  neo4j_dir="$(mktemp -d -t lea-neo4j-test.XXXXXX)"
  eval "$(scripts/neo4j-local.sh start "$neo4j_dir")"
  export LEA_REQUIRE_NEO4J=1
else
  echo "Neo4j-tests worden overgeslagen: Java en Maven ontbreken (nodig om Neo4j van Maven Central te halen en te starten)." >&2
fi

# Whether a JDK of Java 21 or newer is there for Keycloak, where keycloak-local.sh looks:
# LEA_KEYCLOAK_JAVA_HOME, the Temurin 25 JDK, JAVA_HOME, java on PATH.
java21() {
  local home version
  for home in "${LEA_KEYCLOAK_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}" \
    "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent/bin/java)")")")"; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = //p')"
    version="${version%%.*}"
    if [[ "$version" =~ ^[0-9]+$ ]] && [ "$version" -ge 21 ]; then
      return 0
    fi
  done
  return 1
}

# A real Keycloak for the OpenID Connect login tests (tests/test_oidc.py and the browser
# tests): the project's own script, a realm with a client and one test user per role, in
# a fresh directory, stopped afterwards. With Keycloak started here a missing Keycloak
# fails those tests (LEA_REQUIRE_KEYCLOAK), never skips them.
if java21 && command -v mvn >/dev/null 2>&1; then
  keycloak_dir="$(mktemp -d -t lea-keycloak-test.XXXXXX)"
  eval "$(scripts/keycloak-local.sh start "$keycloak_dir")"
  export LEA_REQUIRE_KEYCLOAK=1
else
  echo "OIDC-tests met Keycloak worden overgeslagen: Java 21 of nieuwer en Maven ontbreken (nodig om Keycloak van Maven Central te halen en te starten)." >&2
fi

.venv/bin/python -m pytest "$@"
