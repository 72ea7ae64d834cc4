#!/usr/bin/env bash
# The project's own local Neo4j, for development, the tests and CI.
#
#   scripts/neo4j-local.sh start  [DIR]   start (or join) it; prints export lines for eval
#   scripts/neo4j-local.sh status [DIR]   "actief pid=<n> uri=..." or "gestopt"
#   scripts/neo4j-local.sh stop   [DIR]   stop it by its pid; nothing keeps running
#
#   eval "$(scripts/neo4j-local.sh start)"
#
# Neo4j Community (pinned in scripts/neo4j/pom.xml) comes from Maven Central; the
# launcher (scripts/neo4j/src) runs it as an embedded DatabaseManagementService with the
# Bolt connector on 127.0.0.1 and a free port (the same one again at the next start if
# it is still free), authentication on and a password generated at the first start of
# DIR (kept in DIR/run/password, mode 600). The first start downloads and builds (cached in ~/.m2 and
# scripts/neo4j/target); later starts need no network. The database lives in DIR/db and
# survives restarts and SIGKILL (Neo4j recovers from its transaction log).
#
# DIR defaults to $LEA_NEO4J_DIR, else $LEA_DATA_DIR/neo4j, else
# ~/.local/share/lea-graph/neo4j. Settings: LEA_NEO4J_HEAP (Java heap limit, -Xmx;
# default 1g), LEA_NEO4J_PAGECACHE (default 256m), LEA_NEO4J_TX_MEMORY (the most memory
# one transaction may take, db.memory.transaction.max; default 512m), JAVA_HOME (else
# java on PATH; Java 17 or newer), LEA_NEO4J_START_TIMEOUT (seconds, default 180).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PROJECT="$HERE/neo4j"
TARGET="$PROJECT/target"
MAIN_CLASS="lea.graph.Neo4jLocal"

say() { echo "neo4j-local: $*" >&2; }
fail() { say "$*"; exit 1; }

usage() {
  echo "gebruik: $0 start|stop|status [MAP]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
command="$1"
dir="${2:-${LEA_NEO4J_DIR:-${LEA_DATA_DIR:+$LEA_DATA_DIR/neo4j}}}"
dir="${dir:-${XDG_DATA_HOME:-$HOME/.local/share}/lea-graph/neo4j}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
run="$dir/run"
heap="${LEA_NEO4J_HEAP:-1g}"
pagecache="${LEA_NEO4J_PAGECACHE:-256m}"
txmemory="${LEA_NEO4J_TX_MEMORY:-512m}"

java_bin() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    fail "Java ontbreekt (Java 17 of nieuwer nodig; zet JAVA_HOME of installeer een JDK)."
  fi
}

alive() {  # alive PID: running and not a zombie
  [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" != Z ]
}

# pid of the running launcher of this DIR, if any (checked against /proc, so that a
# recycled pid of another program does not count).
running_pid() {
  local pid
  [ -f "$run/pid" ] || return 1
  pid="$(cat "$run/pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  grep -q "$MAIN_CLASS" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

state_value() {  # state_value KEY: a value from run/neo4j.json
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
    "$run/neo4j.json" "$1"
}

print_env() {
  local uri password
  uri="$(state_value uri)"
  password="$(cat "$run/password")"
  printf "export LEA_NEO4J_URI='%s'\n" "$uri"
  printf "export LEA_NEO4J_USER='neo4j'\n"
  printf "export LEA_NEO4J_PASSWORD='%s'\n" "$password"
  printf "export LEA_NEO4J_DATABASE='neo4j'\n"
}

# The build is cached: rebuilt only when the pom or the launcher changed.
build() {
  local stamp want
  command -v mvn >/dev/null 2>&1 || fail "Maven ontbreekt (nodig om Neo4j van Maven Central te halen)."
  want="$(cat "$PROJECT/pom.xml" "$PROJECT"/src/main/java/lea/graph/*.java | sha256sum | cut -d' ' -f1)"
  stamp="$TARGET/lea-build.sha256"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$TARGET/lib" ] && [ -d "$TARGET/classes" ]; then
    return 0
  fi
  say "Neo4j en de starter bouwen (eerste keer: download van Maven Central)..."
  rm -rf "$TARGET"
  if ! mvn -q -B -f "$PROJECT/pom.xml" compile >"$dir/build.log" 2>&1; then
    tail -n 30 "$dir/build.log" >&2
    fail "Bouwen mislukt; zie $dir/build.log."
  fi
  echo "$want" >"$stamp"
}

# Answer over Bolt: the handshake (magic 0x6060B017 and four version proposals) must get
# a version back.
bolt_answers() {
  python3 - "$(state_value host)" "$(state_value port)" <<'PY'
import socket, struct, sys
host, port = sys.argv[1], int(sys.argv[2])
try:
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(b"\x60\x60\xb0\x17" + struct.pack(">4I", 0x00080805, 0x00020404, 4, 3))
        reply = s.recv(4)
except OSError:
    sys.exit(1)
sys.exit(0 if len(reply) == 4 and reply != b"\x00\x00\x00\x00" else 1)
PY
}

start() {
  local pid java log deadline port
  if pid="$(running_pid)"; then
    if [ -f "$run/neo4j.json" ]; then
      print_env
      return 0
    fi
    fail "Er start al een Neo4j voor $dir (pid=$pid); probeer het zo opnieuw."
  fi
  java="$(java_bin)"
  build
  mkdir -p "$run"
  chmod 700 "$run"
  rm -f "$run/neo4j.json" "$run/pid"
  # One generated password and one port per DIR, kept for the next start, so that
  # clients (a running explorer) reconnect by themselves after a restart.
  if [ ! -s "$run/password" ]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$run/password")
  fi
  port="$(cat "$run/port" 2>/dev/null || echo 0)"
  log="$run/neo4j.log"
  # Detached (setsid, no terminal), so that the database belongs to DIR, not to the
  # shell that started it.
  setsid "$java" "-Xmx$heap" -XX:+ExitOnOutOfMemoryError \
    -cp "$TARGET/classes:$TARGET/lib/*" "$MAIN_CLASS" "$dir" "$pagecache" "$port" "$txmemory" \
    </dev/null >"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$run/pid"
  deadline=$((SECONDS + ${LEA_NEO4J_START_TIMEOUT:-180}))
  until [ -f "$run/neo4j.json" ] && bolt_answers; do
    if ! alive "$pid"; then
      tail -n 30 "$log" >&2
      rm -f "$run/pid"
      fail "Neo4j stopte tijdens het starten; zie $log."
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$run/pid"
      fail "Neo4j antwoordde niet binnen ${LEA_NEO4J_START_TIMEOUT:-180} s; zie $log."
    fi
    sleep 0.2
  done
  state_value port >"$run/port"
  say "Neo4j $(state_value neo4j) draait (pid=$pid, heap $heap, paginacache $pagecache, per transactie $txmemory) op $(state_value uri); gegevens in $dir/db."
  print_env
}

status() {
  local pid
  if pid="$(running_pid)" && [ -f "$run/neo4j.json" ]; then
    echo "actief pid=$pid uri=$(state_value uri) map=$dir"
  elif pid="$(running_pid)"; then
    echo "start pid=$pid map=$dir"
  else
    echo "gestopt map=$dir"
    return 3
  fi
}

stop() {
  local pid deadline
  if ! pid="$(running_pid)"; then
    rm -f "$run/pid" "$run/neo4j.json"
    echo "gestopt map=$dir"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 60))
  while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.1
  done
  if alive "$pid"; then
    say "Neo4j stopte niet binnen 60 s; nu met SIGKILL."
    kill -KILL "$pid" 2>/dev/null || true
    while alive "$pid"; do sleep 0.05; done
  fi
  rm -f "$run/pid" "$run/neo4j.json"
  echo "gestopt map=$dir"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
