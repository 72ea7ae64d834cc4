#!/usr/bin/env bash
# The project's own local Keycloak, for development, the tests and CI.
#
#   scripts/keycloak-local.sh start  [DIR]   start (or join) it; prints export lines for eval
#   scripts/keycloak-local.sh status [DIR]   "actief pid=<n> issuer=..." or "gestopt"
#   scripts/keycloak-local.sh stop   [DIR]   stop it by its pid; nothing keeps running
#
#   eval "$(scripts/keycloak-local.sh start)"
#
# The Keycloak server distribution (pinned in scripts/keycloak/pom.xml) comes from Maven
# Central and is unpacked once into scripts/keycloak/target (cached there and in ~/.m2;
# later starts need no network). Each DIR gets its own Keycloak home, DIR/keycloak: small
# copies of bin, conf and lib/quarkus (which Keycloak rewrites when it builds its server
# image at the first start of DIR) and links to the unpacked jars, so nothing is written
# into the shared distribution. Keycloak runs in development mode (start-dev), http only,
# on 127.0.0.1 and a free port (the same one again at the next start if it is still
# free), with its H2 database in DIR/data.
#
# At the first start of DIR a realm "lea" is generated (DIR/run/lea-realm.json, mode 600)
# and imported: the confidential client lea-graph (authorization code flow only, PKCE S256
# required, redirect and post-logout URIs http://127.0.0.1/* and http://localhost/*, which
# Keycloak accepts with any port for loopback addresses), the groups lezer, coordinator
# and beheerder in the "groups" claim of the ID token, one test user per group plus the
# user zonderrol in none. The client secret, the test users' passwords and those of the
# bootstrap admin (master realm) are generated then too and kept in DIR/run/secrets.json
# (mode 600), so that they stay the same at every later start.
#
# DIR defaults to $LEA_KEYCLOAK_DIR, else $LEA_DATA_DIR/keycloak, else
# ~/.local/share/lea-graph/keycloak. Settings: LEA_KEYCLOAK_HEAP (Java heap limit, -Xmx;
# default 768m), LEA_KEYCLOAK_JAVA_HOME (a JDK of Java 21 or newer; else the Temurin 25
# JDK in /usr/lib/jvm if present, else JAVA_HOME or java on PATH if that is Java 21 or
# newer), LEA_KEYCLOAK_START_TIMEOUT (seconds, default 180).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PROJECT="$HERE/keycloak"
TARGET="$PROJECT/target"
TEMURIN="/usr/lib/jvm/temurin-25-jdk-amd64"
REALM="lea"
CLIENT_ID="lea-graph"
USERS=(lezer coordinator beheerder zonderrol)

say() { echo "keycloak-local: $*" >&2; }
fail() { say "$*"; exit 1; }

usage() {
  echo "gebruik: $0 start|stop|status [MAP]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
command="$1"
dir="${2:-${LEA_KEYCLOAK_DIR:-${LEA_DATA_DIR:+$LEA_DATA_DIR/keycloak}}}"
dir="${dir:-${XDG_DATA_HOME:-$HOME/.local/share}/lea-graph/keycloak}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
run="$dir/run"
home="$dir/keycloak"
heap="${LEA_KEYCLOAK_HEAP:-768m}"
timeout="${LEA_KEYCLOAK_START_TIMEOUT:-180}"
# Passed to kc.sh as a system property, so that it is on the command line of both kc.sh
# and the java it runs: how this DIR's server is recognised in /proc.
marker="-Dlea.keycloak.dir=$dir"
version="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$PROJECT/pom.xml")"
dist="$TARGET/keycloak-$version"

java_major() {  # java_major JAVA_HOME: the Java feature version (17, 21, 25), or 0
  local v
  v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = //p')"
  v="${v%%.*}"
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

# The JDK for Keycloak 26: Java 21 or newer.
java_home() {
  local h
  if [ -n "${LEA_KEYCLOAK_JAVA_HOME:-}" ]; then
    [ -x "$LEA_KEYCLOAK_JAVA_HOME/bin/java" ] ||
      fail "LEA_KEYCLOAK_JAVA_HOME=$LEA_KEYCLOAK_JAVA_HOME bevat geen bin/java."
    [ "$(java_major "$LEA_KEYCLOAK_JAVA_HOME")" -ge 21 ] ||
      fail "LEA_KEYCLOAK_JAVA_HOME=$LEA_KEYCLOAK_JAVA_HOME is ouder dan Java 21; Keycloak $version heeft Java 21 of nieuwer nodig."
    echo "$LEA_KEYCLOAK_JAVA_HOME"
    return 0
  fi
  for h in "$TEMURIN" "${JAVA_HOME:-}"; do
    if [ -n "$h" ] && [ -x "$h/bin/java" ] && [ "$(java_major "$h")" -ge 21 ]; then
      echo "$h"
      return 0
    fi
  done
  if command -v java >/dev/null 2>&1; then
    h="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    if [ "$(java_major "$h")" -ge 21 ]; then
      echo "$h"
      return 0
    fi
  fi
  fail "Java 21 of nieuwer ontbreekt (nodig voor Keycloak $version); zet LEA_KEYCLOAK_JAVA_HOME of JAVA_HOME op zo'n JDK."
}

alive() {  # alive PID: running and not a zombie
  [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" != Z ]
}

# Whether any process of process group PGID still runs (kc.sh and the java it started).
group_alive() {
  local stat line rest state pgrp
  for stat in /proc/[0-9]*/stat; do
    line="$(cat "$stat" 2>/dev/null)" || continue
    rest="${line##*) }"
    read -r state _ pgrp _ <<<"$rest"
    if [ "$pgrp" = "$1" ] && [ "$state" != Z ]; then
      return 0
    fi
  done
  return 1
}

# pid of the running server of this DIR (kc.sh, or the java that replaced it), if any;
# checked against /proc, so that a recycled pid of another program does not count.
running_pid() {
  local pid
  [ -f "$run/pid" ] || return 1
  pid="$(cat "$run/pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$marker" || return 1
  echo "$pid"
}

json_value() {  # json_value FILE KEY: a value from a JSON object
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

print_env() {
  python3 - "$run" "$CLIENT_ID" "${USERS[@]}" <<'PY'
import json, os, sys

run, client_id, users = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(os.path.join(run, "keycloak.json")) as f:
    state = json.load(f)
with open(os.path.join(run, "secrets.json")) as f:
    keep = json.load(f)
lines = [
    ("LEA_OIDC_ISSUER", state["issuer"]),
    ("LEA_OIDC_CLIENT_ID", client_id),
    ("LEA_OIDC_CLIENT_SECRET", keep["client_secret"]),
    ("LEA_OIDC_ROLE_CLAIM", "groups"),
    ("LEA_KEYCLOAK_URL", state["url"]),
    ("LEA_KEYCLOAK_ADMIN_USER", keep["admin_user"]),
    ("LEA_KEYCLOAK_ADMIN_PASSWORD", keep["admin_password"]),
] + [("LEA_KEYCLOAK_PASSWORD_" + u.upper(), keep["password_" + u]) for u in users]
for name, value in lines:
    print(f"export {name}='{value}'")
PY
}

# The distribution is fetched and unpacked once per version (under a lock, for starts of
# several DIRs at the same time).
fetch() {
  command -v mvn >/dev/null 2>&1 || fail "Maven ontbreekt (nodig om Keycloak van Maven Central te halen)."
  mkdir -p "$TARGET"
  exec 8>"$TARGET/.lock"
  flock 8
  if [ ! -f "$dist/.lea-complete" ]; then
    say "Keycloak $version ophalen en uitpakken (eerste keer: download van Maven Central)..."
    rm -rf "$dist" "$TARGET/dependency-maven-plugin-markers"
    if ! mvn -q -B -f "$PROJECT/pom.xml" package >"$TARGET/fetch.log" 2>&1; then
      tail -n 30 "$TARGET/fetch.log" >&2
      fail "Ophalen mislukt; zie $TARGET/fetch.log."
    fi
    [ -x "$dist/bin/kc.sh" ] || fail "Na het uitpakken ontbreekt $dist/bin/kc.sh; zie $TARGET/fetch.log."
    touch "$dist/.lea-complete"
  fi
  exec 8>&-
}

# DIR/keycloak: this DIR's Keycloak home. Keycloak writes its server image (lib/quarkus,
# quarkus-artifact.properties) and its data (data/) under its home, so those are this
# DIR's own; the jars are links into the unpacked distribution. The home is remade when
# the distribution changes; DIR/data (database) stays.
make_home() {
  if [ -f "$home/.lea-dist" ] && [ "$(cat "$home/.lea-dist")" = "$dist" ] && [ -x "$home/bin/kc.sh" ]; then
    return 0
  fi
  rm -rf "$home"
  mkdir -p "$home/bin" "$home/lib" "$home/providers" "$home/themes" "$dir/data"
  cp "$dist/bin/kc.sh" "$dist/bin/kcadm.sh" "$home/bin/"
  ln -s "$dist/bin/client" "$home/bin/client"
  cp -R "$dist/conf" "$home/conf"
  cp "$dist/lib/quarkus-run.jar" "$home/lib/"
  cp -R "$dist/lib/quarkus" "$home/lib/quarkus"
  ln -s "$dist/lib/lib" "$home/lib/lib"
  ln -s "$dist/lib/app" "$home/lib/app"
  cp "$dist/version.txt" "$home/"
  ln -s ../data "$home/data"
  echo "$dist" >"$home/.lea-dist"
}

# Secrets (first start only) and the realm file made from them (every start, so that it
# follows this script; Keycloak imports it only while the realm does not exist yet).
make_realm() {
  python3 - "$run" "$REALM" "$CLIENT_ID" "${USERS[@]}" <<'PY'
import json, os, secrets, sys

run, realm, client_id, users = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
groups = [u for u in users if u != "zonderrol"]


def write_private(path, data):
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


path = os.path.join(run, "secrets.json")
if os.path.exists(path):
    with open(path) as f:
        keep = json.load(f)
else:
    keep = {"client_secret": secrets.token_urlsafe(32), "admin_user": "admin",
            "admin_password": secrets.token_urlsafe(18)}
    keep.update({"password_" + u: secrets.token_urlsafe(15) for u in users})
    write_private(path, keep)

names = {"lezer": "Lezer", "coordinator": "Coordinator", "beheerder": "Beheerder",
         "zonderrol": "Zonderrol"}
loopback = ["http://127.0.0.1/*", "http://localhost/*", "http://[::1]/*"]
representation = {
    "realm": realm,
    "enabled": True,
    "displayName": "LEA Graph (lokaal)",
    "registrationAllowed": False,
    "resetPasswordAllowed": False,
    "loginWithEmailAllowed": True,
    "internationalizationEnabled": True,
    "supportedLocales": ["nl", "en"],
    "defaultLocale": "nl",
    "groups": [{"name": g} for g in groups],
    "users": [
        {
            "username": u,
            "enabled": True,
            "email": f"{u}@example.org",
            "emailVerified": True,
            "firstName": "Test",
            "lastName": names.get(u, u.capitalize()),
            "requiredActions": [],
            "credentials": [{"type": "password", "value": keep["password_" + u],
                             "temporary": False}],
            "groups": [f"/{u}"] if u in groups else [],
        }
        for u in users
    ],
    "clients": [
        {
            "clientId": client_id,
            "name": "LEA Graph",
            "enabled": True,
            "protocol": "openid-connect",
            "publicClient": False,
            "clientAuthenticatorType": "client-secret",
            "secret": keep["client_secret"],
            "standardFlowEnabled": True,
            "implicitFlowEnabled": False,
            "directAccessGrantsEnabled": False,
            "serviceAccountsEnabled": False,
            "consentRequired": False,
            "frontchannelLogout": True,
            "redirectUris": loopback,
            "webOrigins": [],
            "attributes": {
                "pkce.code.challenge.method": "S256",
                # "+": the same as the redirect URIs (loopback, any port).
                "post.logout.redirect.uris": "+",
                "backchannel.logout.session.required": "true",
                "backchannel.logout.revoke.offline.tokens": "false",
                "oauth2.device.authorization.grant.enabled": "false",
                "oidc.ciba.grant.enabled": "false",
            },
            "protocolMappers": [
                {
                    "name": "groups",
                    "protocol": "openid-connect",
                    "protocolMapper": "oidc-group-membership-mapper",
                    "consentRequired": False,
                    "config": {
                        "claim.name": "groups",
                        "full.path": "false",
                        "id.token.claim": "true",
                        "access.token.claim": "true",
                        "userinfo.token.claim": "true",
                        "introspection.token.claim": "true",
                    },
                }
            ],
        }
    ],
}
write_private(os.path.join(run, f"{realm}-realm.json"), representation)
PY
  mkdir -p "$dir/data/import"
  chmod 700 "$dir/data" "$dir/data/import"
  install -m 600 "$run/$REALM-realm.json" "$dir/data/import/$REALM-realm.json"
}

# The port of the previous start if it is still free, else a free one.
free_port() {
  python3 - "$(cat "$run/port" 2>/dev/null || echo 0)" <<'PY'
import socket, sys

def free(port):
    with socket.socket() as s:
        # As the server binds (Vert.x): a port whose old connections are in TIME_WAIT
        # after a stop counts as free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return 0
        return s.getsockname()[1]

print(free(int(sys.argv[1])) or free(0))
PY
}

# Answer with the realm's discovery document, with the expected issuer.
realm_answers() {
  python3 - "$1" <<'PY'
import json, sys, urllib.request
issuer = sys.argv[1]
try:
    with urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=5) as r:
        ok = r.status == 200 and json.load(r).get("issuer") == issuer
except (OSError, ValueError):
    ok = False
sys.exit(0 if ok else 1)
PY
}

start() {
  local pid jhome major log deadline port url issuer opts begin
  mkdir -p "$run"
  chmod 700 "$run"
  # One start per DIR at a time: a second start waits here and then joins.
  exec 9>"$run/lock"
  flock 9
  if pid="$(running_pid)"; then
    if [ -f "$run/keycloak.json" ]; then
      print_env
      return 0
    fi
    fail "Er start al een Keycloak voor $dir (pid=$pid); probeer het zo opnieuw."
  fi
  begin=$SECONDS
  jhome="$(java_home)"
  major="$(java_major "$jhome")"
  if [ -d "$dir/data/h2" ] && [ ! -s "$run/secrets.json" ]; then
    fail "$dir/data bevat al een Keycloak-database, maar $run/secrets.json ontbreekt; verwijder $dir/data om opnieuw te beginnen."
  fi
  fetch
  make_home
  rm -f "$run/keycloak.json" "$run/pid"
  make_realm
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  issuer="$url/realms/$REALM"
  log="$run/keycloak.log"
  opts="--add-opens=java.base/java.lang=ALL-UNNAMED"
  if [ "$major" -ge 24 ]; then
    opts="$opts --sun-misc-unsafe-memory-access=allow"  # netty, on Java 24 and newer
  fi
  # Detached (setsid, no terminal), so that the server belongs to DIR, not to the shell
  # that started it; with a clean environment for kc.sh (no KC_*, JAVA_OPTS of the
  # caller) and umask 077 (the database holds the client secret). The bootstrap admin is
  # made when the master realm is created, at the first start; its password goes by the
  # environment, not the command line. --hostname fixes the issuer to 127.0.0.1, also for
  # requests that come by localhost (hostname-strict is then moot).
  (
    while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(KC_|KEYCLOAK_|QUARKUS_|JAVA_OPTS|JAVA_ADD_OPENS|JAVA_LOCALE|JAVA$|DEBUG)' || true)
    export JAVA_HOME="$jhome"
    export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx$heap"
    export JAVA_OPTS_APPEND="$opts"
    KC_BOOTSTRAP_ADMIN_USERNAME="$(json_value "$run/secrets.json" admin_user)"
    KC_BOOTSTRAP_ADMIN_PASSWORD="$(json_value "$run/secrets.json" admin_password)"
    export KC_BOOTSTRAP_ADMIN_USERNAME KC_BOOTSTRAP_ADMIN_PASSWORD
    umask 077
    cd "$home"
    exec setsid "$home/bin/kc.sh" start-dev "$marker" \
      --db=dev-file --import-realm \
      --http-host=127.0.0.1 --http-port="$port" \
      --hostname="$url" \
      </dev/null >"$log" 2>&1 9>&-
  ) &
  pid=$!
  disown "$pid" 2>/dev/null || true  # not this shell's job: no "Killed" notice from bash
  echo "$pid" >"$run/pid"
  deadline=$((SECONDS + timeout))
  until realm_answers "$issuer"; do
    if ! alive "$pid"; then
      kill -KILL -- "-$pid" 2>/dev/null || true  # whatever of its group is left
      tail -n 30 "$log" >&2
      rm -f "$run/pid"
      fail "Keycloak stopte tijdens het starten; zie $log."
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL -- "-$pid" 2>/dev/null || true
      while group_alive "$pid"; do sleep 0.05; done
      rm -f "$run/pid"
      fail "Keycloak antwoordde niet binnen $timeout s; zie $log."
    fi
    sleep 0.5
  done
  echo "$port" >"$run/port"
  python3 -c 'import json, sys; json.dump(dict(zip(("url", "issuer", "port", "version"), sys.argv[1:])), sys.stdout)' \
    "$url" "$issuer" "$port" "$version" >"$run/keycloak.json"
  say "Keycloak $version draait (pid=$pid, heap $heap, Java $major, gestart in $((SECONDS - begin)) s) op $url; realm $REALM, beheer op $url/admin; gegevens in $dir/data."
  print_env
}

status() {
  local pid
  if pid="$(running_pid)" && [ -f "$run/keycloak.json" ]; then
    echo "actief pid=$pid issuer=$(json_value "$run/keycloak.json" issuer) map=$dir"
  elif pid="$(running_pid)"; then
    echo "start pid=$pid map=$dir"
  else
    echo "gestopt map=$dir"
    return 3
  fi
}

# Stops the whole process group of the server (kc.sh and java), first with SIGTERM.
stop() {
  local pid deadline
  if ! pid="$(running_pid)"; then
    rm -f "$run/pid" "$run/keycloak.json"
    echo "gestopt map=$dir"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 60))
  while group_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.1
  done
  if group_alive "$pid"; then
    say "Keycloak stopte niet binnen 60 s; nu met SIGKILL."
    kill -KILL -- "-$pid" 2>/dev/null || true
    while group_alive "$pid"; do sleep 0.05; done
  fi
  rm -f "$run/pid" "$run/keycloak.json"
  echo "gestopt map=$dir"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
