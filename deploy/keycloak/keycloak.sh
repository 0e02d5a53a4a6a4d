#!/bin/sh
# Starts, stops and reports a local Keycloak with the Huntboard realm.
#
#   deploy/keycloak/keycloak.sh start|stop|status
#
# The distribution (org.keycloak:keycloak-quarkus-dist, a zip on Maven Central) is fetched through the Maven
# wrapper into target/keycloak/ at the repository root; once fetched, no network is needed. Keycloak listens on
# 127.0.0.1 only, keeps its H2 database under target/keycloak/data, and imports deploy/keycloak/huntboard-realm.json.
#
# Environment:
#   HUNTBOARD_KEYCLOAK_PORT     HTTP port (default 8180)
#   HUNTBOARD_KEYCLOAK_TIMEOUT  seconds to wait for the realm to answer (default 600)
#   HUNTBOARD_KEYCLOAK_DIR      working directory (default <repository>/target/keycloak)
#   KEYCLOAK_JAVA_HOME          JDK that runs Keycloak (default: JAVA_HOME, else java on the PATH)
set -eu

KC_VERSION=26.5.6
REALM=huntboard
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORT=${HUNTBOARD_KEYCLOAK_PORT:-8180}
TIMEOUT=${HUNTBOARD_KEYCLOAK_TIMEOUT:-600}
WORK=${HUNTBOARD_KEYCLOAK_DIR:-$ROOT/target/keycloak}
DIST=$WORK/keycloak-$KC_VERSION
ZIP=$WORK/keycloak-quarkus-dist-$KC_VERSION.zip
DATA=$WORK/data
LOG=$WORK/keycloak.log
PIDFILE=$WORK/keycloak.pid
REALM_FILE=$HERE/huntboard-realm.json
URL=http://127.0.0.1:$PORT
DISCOVERY=$URL/realms/$REALM/.well-known/openid-configuration
GRACE=30

say() { printf 'keycloak: %s\n' "$*"; }
fail() { printf 'keycloak: %s\n' "$*" >&2; exit 1; }

answers() { curl -fsS -o /dev/null --max-time 2 "$DISCOVERY" 2>/dev/null; }

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  pid=$(cat "$PIDFILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

fetch() {
  [ -x "$DIST/bin/kc.sh" ] && return 0
  mkdir -p "$WORK"
  if [ ! -f "$ZIP" ]; then
    say "fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip through Maven"
    # Offline first: once the zip is in the local Maven repository, no network is touched.
    set -- -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" "-DoutputDirectory=$WORK"
    (cd "$ROOT" && ./mvnw -o "$@" >/dev/null 2>&1) || (cd "$ROOT" && ./mvnw "$@") \
      || fail "could not fetch the Keycloak distribution through Maven"
  fi
  say "unpacking $(basename "$ZIP")"
  rm -rf "$DIST.partial" && mkdir -p "$DIST.partial"
  unzip -q "$ZIP" -d "$DIST.partial" || fail "could not unpack $ZIP"
  mv "$DIST.partial/keycloak-$KC_VERSION" "$DIST" && rm -rf "$DIST.partial"
}

# A stored realm is never re-imported, so a changed realm file would be silently ignored: start from an empty
# database whenever the realm file differs from the one the database was built from.
prepare_data() {
  sum=$(sha256sum "$REALM_FILE" | cut -d' ' -f1)
  if [ -f "$DATA/realm.sha256" ] && [ "$(cat "$DATA/realm.sha256")" != "$sum" ]; then
    say "realm file changed: discarding the old database in $DATA"
    rm -rf "$DATA"
  fi
  mkdir -p "$DATA" "$DIST/data/import"
  cp "$REALM_FILE" "$DIST/data/import/$REALM-realm.json"
  echo "$sum" >"$DATA/realm.sha256"
}

start() {
  if pid=$(running_pid) && answers; then
    say "already running (pid $pid) at $URL"
    return 0
  fi
  if answers; then
    say "a Keycloak not started by this script already answers at $URL; using it"
    return 0
  fi
  fetch
  prepare_data
  java_home=${KEYCLOAK_JAVA_HOME:-${JAVA_HOME:-}}
  say "starting Keycloak $KC_VERSION on $URL (log: $LOG)"
  begin=$(date +%s)
  # setsid puts Keycloak in its own session, so a terminal's or build's signals do not reach it.
  JAVA_HOME=$java_home setsid "$DIST/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$PORT" --hostname="$URL" \
    --http-management-port="$((PORT + 1))" \
    --db=dev-file --db-url="jdbc:h2:file:$DATA/h2/keycloakdb;NON_KEYWORDS=VALUE" \
    --import-realm \
    </dev/null >"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  pid=$(cat "$PIDFILE")
  while :; do
    if answers; then
      say "realm $REALM answers at $URL/realms/$REALM after $(($(date +%s) - begin)) s (pid $pid)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      tail -n 30 "$LOG" >&2 || true
      fail "Keycloak exited during start; see $LOG"
    fi
    if [ $(($(date +%s) - begin)) -ge "$TIMEOUT" ]; then
      fail "Keycloak did not answer $DISCOVERY within $TIMEOUT s; it is still running (pid $pid); see $LOG"
    fi
    sleep 1
  done
}

stop() {
  if ! pid=$(running_pid); then
    rm -f "$PIDFILE"
    say "not running"
    return 0
  fi
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge "$GRACE" ]; then
      say "still running after $GRACE s: killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PIDFILE"
  say "stopped"
}

status() {
  if pid=$(running_pid); then
    if answers; then say "running (pid $pid) at $URL, realm $REALM answers"; else say "process $pid is up, realm does not answer yet"; fi
    return 0
  fi
  if answers; then say "not started by this script, but a Keycloak answers at $URL"; return 0; fi
  say "not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
