#!/bin/sh
# Runs Huntboard on this machine with its embedded defaults:
#   - embedded PostgreSQL (data under web/.huntboard/pgdata, kept between runs),
#   - a local Keycloak with the Huntboard realm and its demo users (deploy/keycloak),
#   - the portal (packaged with the dev build profile) on http://127.0.0.1:8080,
#   - two demo tenants (Acme, Globex) whose local connector reads generated telemetry, each with the
#     TigerVNC hunt assigned hourly over 5 days; the first run covers the last complete hour at once.
# Ctrl-C stops the portal and the Keycloak it started; the next start finds the same data.
#
# Environment:
#   HUNTBOARD_PORT            portal port (default 8080; the demo realm's login redirects allow 8080 only)
#   HUNTBOARD_KEYCLOAK_PORT   Keycloak port (default 8180; the next port is its management port)
#   HUNTBOARD_DB_PORT         port of the embedded PostgreSQL (default: any free port)
#   HUNTBOARD_LOCAL_DIR       demo telemetry, logs (default <repository>/.huntboard)
#   HUNTBOARD_PGDATA          embedded PostgreSQL data folder (default <repository>/web/.huntboard/pgdata)
#   HUNTBOARD_START_TIMEOUT   seconds to wait for the portal (default 900)
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${HUNTBOARD_PORT:-8080}
KC_PORT=${HUNTBOARD_KEYCLOAK_PORT:-8180}
DB_PORT=${HUNTBOARD_DB_PORT:-0}
STATE=${HUNTBOARD_LOCAL_DIR:-$ROOT/.huntboard}
PGDATA_DIR=${HUNTBOARD_PGDATA:-$ROOT/web/.huntboard/pgdata}
START_TIMEOUT=${HUNTBOARD_START_TIMEOUT:-900}
DEMO=$STATE/demo
LOG=$STATE/portal.log
BUILD_LOG=$STATE/build.log
BASE=http://127.0.0.1:$PORT
KC_URL=http://127.0.0.1:$KC_PORT
TIGERVNC=dc1950c0-efeb-4695-aa95-74198df5dab8
ADMIN_HEADERS="-H X-Huntboard-Dev-Actor:huntboard-local -H X-Huntboard-Dev-Tenants:*"
export HUNTBOARD_KEYCLOAK_PORT=$KC_PORT

say() {
  if [ -t 1 ]; then printf '\033[1mhuntboard local:\033[0m %s\n' "$*"; else printf 'huntboard local: %s\n' "$*"; fi
}
fail() { printf 'huntboard local: %s\n' "$*" >&2; exit 1; }

# Whether something accepts connections on a port of 127.0.0.1. curl exits 7 when the connection is
# refused; any other answer, even an error page or a timeout, means the port is taken.
port_taken() {
  rc=0
  curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/" 2>/dev/null || rc=$?
  [ "$rc" -ne 7 ]
}

# Runs "$@" in the background, printing how long it has been running every 15 s (and, when a log is
# named, its newest line) until it ends; returns its exit code.
with_progress() {
  label=$1 log=$2
  shift 2
  "$@" &
  job=$!
  build_pid=$job
  elapsed=0
  while kill -0 "$job" 2>/dev/null; do
    sleep 1
    elapsed=$((elapsed + 1))
    if [ $((elapsed % 15)) -eq 0 ]; then
      last=""
      if [ -n "$log" ] && [ -f "$log" ]; then
        last=$(grep -E 'Building |Compiling|Downloading|--- [a-z]' "$log" 2>/dev/null | tail -n 1 | sed 's/^\[INFO\] //' | cut -c1-90 || true)
      fi
      say "$label ($elapsed s)${last:+: $last}"
    fi
  done
  rc=0
  wait "$job" || rc=$?
  build_pid=""
  return "$rc"
}

# --- prerequisites, each with what to do when it is missing
# The Maven wrapper runs JAVA_HOME's Java when it is set, else the one on the PATH: check that one.
if [ -n "${JAVA_HOME:-}" ]; then
  JAVA=$JAVA_HOME/bin/java
  [ -x "$JAVA" ] || fail "JAVA_HOME is $JAVA_HOME but has no bin/java: point it at a JDK 17 or newer, or unset it."
else
  JAVA=java
  command -v java >/dev/null 2>&1 \
    || fail "no 'java' on the PATH: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) and try again."
fi
java_version=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
case "$java_version" in
  1.*) java_major=$(printf '%s' "$java_version" | cut -d. -f2) ;;
  *) java_major=$(printf '%s' "$java_version" | sed 's/[^0-9].*//') ;;
esac
[ -n "$java_major" ] || fail "'java -version' did not say which Java this is; install a JDK 17 or newer."
[ "$java_major" -ge 17 ] \
  || fail "Java $java_version found ($JAVA); Huntboard needs 17 or newer: install one and put it first on the PATH, or set JAVA_HOME to it."
if [ -n "${JAVA_HOME:-}" ]; then [ -x "$JAVA_HOME/bin/javac" ]; else command -v javac >/dev/null 2>&1; fi \
  || fail "Java $java_version is a runtime without a compiler: install a full JDK 17 or newer (Debian: openjdk-17-jdk-headless)."
for tool in curl unzip; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is missing: install it (Debian: apt-get install $tool)."
done
command -v setsid >/dev/null 2>&1 || fail "'setsid' is missing: install util-linux (Debian: apt-get install util-linux)."

# --- ports: say which one is taken and how to choose another
if curl -fsS -o /dev/null --max-time 2 "$BASE/q/health/live" 2>/dev/null; then
  fail "a Huntboard already answers on port $PORT (another 'huntboard local'?): stop it, or choose another port with HUNTBOARD_PORT=8081."
fi
if port_taken "$PORT"; then
  fail "port $PORT is in use by another program: stop it, or choose another port with HUNTBOARD_PORT=8081 (the demo logins in the browser need 8080)."
fi
kc_ours=false
if curl -fsS -o /dev/null --max-time 2 "$KC_URL/realms/huntboard/.well-known/openid-configuration" 2>/dev/null; then
  say "a Keycloak with the Huntboard realm already answers on port $KC_PORT: using it (it keeps running after Ctrl-C)"
elif port_taken "$KC_PORT"; then
  fail "port $KC_PORT (Keycloak) is in use by another program: stop it, or choose another port with HUNTBOARD_KEYCLOAK_PORT=8280."
elif port_taken "$((KC_PORT + 1))"; then
  fail "port $((KC_PORT + 1)) (Keycloak's management port) is in use: stop that program, or choose another pair with HUNTBOARD_KEYCLOAK_PORT=8280."
else
  kc_ours=true
fi
if [ "$DB_PORT" != 0 ] && port_taken "$DB_PORT"; then
  fail "port $DB_PORT (HUNTBOARD_DB_PORT, the embedded PostgreSQL) is in use: choose another, or unset it to take any free port."
fi

mkdir -p "$STATE" "$DEMO"

portal_pid=""
build_pid=""
cleanup() {
  # A second Ctrl-C must not cut the shutdown short and leave Keycloak or PostgreSQL behind.
  trap '' INT TERM
  trap - EXIT
  say "stopping"
  if [ -n "$build_pid" ] && kill -0 "$build_pid" 2>/dev/null; then
    kill -TERM "$build_pid" 2>/dev/null || true
  fi
  if [ -n "$portal_pid" ] && kill -0 "$portal_pid" 2>/dev/null; then
    # The portal runs in its own process group: its JVM and the embedded PostgreSQL it started.
    kill -TERM "-$portal_pid" 2>/dev/null || kill -TERM "$portal_pid" 2>/dev/null || true
    waited=0
    while kill -0 "-$portal_pid" 2>/dev/null && [ "$waited" -lt 60 ]; do
      sleep 1
      waited=$((waited + 1))
    done
    if kill -0 "-$portal_pid" 2>/dev/null; then
      say "the portal did not stop within 60 s: killing it"
      kill -KILL "-$portal_pid" 2>/dev/null || true
    fi
    say "portal stopped"
  fi
  if [ "$kc_ours" = true ]; then
    "$ROOT/deploy/keycloak/keycloak.sh" stop || true
  fi
  say "stopped; the next start keeps the data"
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

# --- build what is missing: the command line (it generates the demo telemetry) and the application, packaged
# with the dev build profile (the demo's dev identification headers, text logs, health on the HTTP port) into its
# own folder. Rebuilt when a source is newer than the package.
APP_DIR=$ROOT/web/target/huntboard-local
app_jar() { find "$APP_DIR" -name quarkus-run.jar 2>/dev/null | head -n 1; }
APP_JAR=$(app_jar)
stale=""
if [ -z "$APP_JAR" ] || [ ! -f "$ROOT/web/target/huntboard.classpath" ]; then
  stale="first run only; Maven downloads what it needs, this takes a few minutes"
elif [ -n "$(find "$ROOT/pom.xml" "$ROOT/core/src" "$ROOT/connectors/src" "$ROOT/rules" "$ROOT/web/pom.xml" "$ROOT/web/src/main" \
    -newer "$APP_JAR" -type f -not -path '*/target/*' -print 2>/dev/null | head -n 1)" ]; then
  stale="sources changed since the last build"
fi
if [ -n "$stale" ]; then
  say "building Huntboard ($stale; log: $BUILD_LOG)"
  with_progress "building" "$BUILD_LOG" \
    sh -c 'cd "$1" && exec ./mvnw -B -pl web -am package -Dmaven.test.skip=true -Dquarkus.profile=dev \
      -Dquarkus.analytics.disabled=true -Dquarkus.package.output-directory="$3" >"$2" 2>&1' sh "$ROOT" "$BUILD_LOG" "$APP_DIR" \
    || { tail -n 20 "$BUILD_LOG" >&2; fail "the build failed (the end of $BUILD_LOG is above): run './mvnw -pl web -am package -DskipTests' to see why."; }
  APP_JAR=$(app_jar)
  [ -n "$APP_JAR" ] || fail "the build did not produce $APP_DIR/.../quarkus-run.jar; see $BUILD_LOG."
fi

# --- identity
if [ "$kc_ours" = true ]; then
  say "starting Keycloak with the demo realm on $KC_URL (the first start builds it: several minutes)"
  "$ROOT/deploy/keycloak/keycloak.sh" start || {
    kc_ours=false
    fail "Keycloak did not start. Its log is $ROOT/target/keycloak/keycloak.log; run 'deploy/keycloak/keycloak.sh start' on its own to retry, or free port $KC_PORT."
  }
fi

# --- demo telemetry, generated once; later starts reuse it
now=$(date -u +%Y-%m-%dT%H:00:00Z)
for tenant in acme globex; do
  if [ ! -f "$DEMO/$tenant/manifest.json" ]; then
    seed=$([ "$tenant" = acme ] && echo 101 || echo 202)
    say "generating demo telemetry for $tenant"
    "$ROOT/huntboard" generate --out "$DEMO/$tenant" --devices 40 --days 7 --seed "$seed" --now "$now" >/dev/null \
      || fail "could not generate the demo telemetry into $DEMO/$tenant."
  fi
done

# --- the portal, in its own process group so that stopping it stops everything it started
say "starting the portal on $BASE (log: $LOG)"
setsid sh -c 'cd "$1" && shift && exec "$@"' sh "$ROOT/web" \
  "$JAVA" -Dquarkus.profile=dev -Dquarkus.http.port="$PORT" \
  -Dhuntboard.database.embedded.data-dir="$PGDATA_DIR" -Dhuntboard.database.embedded.port="$DB_PORT" \
  -jar "$APP_JAR" </dev/null >"$LOG" 2>&1 &
portal_pid=$!
waited=0
until curl -fsS -o /dev/null --max-time 2 "$BASE/q/health/ready" 2>/dev/null; do
  if ! kill -0 "$portal_pid" 2>/dev/null; then
    tail -n 30 "$LOG" >&2 || true
    portal_pid=""
    fail "the portal stopped while starting; the end of $LOG is above."
  fi
  [ "$waited" -lt "$START_TIMEOUT" ] || fail "the portal did not answer within $START_TIMEOUT s; see $LOG."
  sleep 3
  waited=$((waited + 3))
  if [ $((waited % 15)) -eq 0 ]; then
    last=$(grep -E 'Embedded PostgreSQL|Flyway|Migrating|Listening|ERROR' "$LOG" 2>/dev/null | tail -n 1 | cut -c1-90 || true)
    say "waiting for the portal ($waited s)${last:+: $last}"
  fi
done
say "the portal answers after $waited s"

json_field() { printf '%s' "$2" | sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" | head -1; }

# --- demo tenants, created once (dev mode only: production takes identity from OpenID Connect)
tenants=$(curl -fsS $ADMIN_HEADERS "$BASE/api/v1/tenants?size=500") || fail "the tenant list did not answer; see $LOG."
first_runs=""
for tenant in acme globex; do
  name=$([ "$tenant" = acme ] && echo "Acme (demo)" || echo "Globex (demo)")
  case "$tenants" in
    *"\"slug\":\"$tenant\""*) say "$name exists" ;;
    *"\"$name\""*)
      # Created before tenants had slugs: its slug was made from its name, and the realm's
      # /tenants/$tenant group does not reach it.
      say "$name exists without the slug '$tenant' of its Keycloak group: remove $ROOT/web/.huntboard/pgdata to recreate it" ;;
    *)
      say "creating $name"
      body=$(printf '{"slug":"%s","displayName":"%s","connectors":[{"kind":"LOCAL","dataFolder":"%s"}]}' "$tenant" "$name" "$DEMO/$tenant")
      created=$(curl -fsS $ADMIN_HEADERS -H 'Content-Type: application/json' -d "$body" "$BASE/api/v1/tenants") \
        || fail "could not create $name; see $LOG."
      id=$(printf '%s' "$created" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
      [ -n "$id" ] || fail "unexpected answer when creating $name: $created"
      # The backfill makes the last complete hour due at once, so the first hunt needs no waiting.
      assignment=$(printf '{"ruleId":"%s","connector":"LOCAL","frequency":"PT1H","lookback":"P5D","backfill":"PT1H"}' "$TIGERVNC")
      answer=$(curl -fsS $ADMIN_HEADERS -H 'Content-Type: application/json' -d "$assignment" \
        "$BASE/api/v1/tenants/$id/assignments") || fail "could not assign the TigerVNC hunt to $name; see $LOG."
      aid=$(printf '%s' "$answer" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
      [ -n "$aid" ] || fail "unexpected answer when assigning the TigerVNC hunt to $name: $answer"
      curl -fsS -o /dev/null $ADMIN_HEADERS -X POST "$BASE/api/v1/tenants/$id/assignments/$aid/run-now" \
        || fail "could not start the first hunt of $name; see $LOG."
      first_runs="$first_runs $id:$tenant"
      ;;
  esac
done

# --- the first hunts: wait until each has finished and say what it found
for pair in $first_runs; do
  id=${pair%%:*}
  tenant=${pair#*:}
  waited=0
  while :; do
    runs=$(curl -fsS $ADMIN_HEADERS "$BASE/api/v1/tenants/$id/runs?size=5" 2>/dev/null || true)
    case "$runs" in
      *'"state":"SUCCEEDED"'*) break ;;
      *'"state":"FAILED"'*)
        say "the first hunt of $tenant failed: $(json_field failureMessage "$runs"); see $LOG"
        break
        ;;
    esac
    [ "$waited" -lt 300 ] || { say "the first hunt of $tenant has not finished after 300 s; see $LOG"; break; }
    if [ $((waited % 10)) -eq 0 ]; then say "the first hunt of $tenant is running ($waited s)"; fi
    sleep 2
    waited=$((waited + 2))
  done
  detections=$(curl -fsS $ADMIN_HEADERS "$BASE/api/v1/tenants/$id/detections?size=1" 2>/dev/null || true)
  say "first hunt of $tenant done: $(json_field total "$detections") TigerVNC detection(s)"
done

cat <<INFO

  Huntboard runs at   $BASE   (API: $BASE/api/v1, OpenAPI: $BASE/q/openapi, health: $BASE/q/health)
  Keycloak runs at    $KC_URL  (realm huntboard)

  Demo logins (password: <user>-demo-password, e.g. alice-demo-password; demo only):
    alice  analyst      acme        dave   analyst      globex
    bob    rule-owner   acme        erin   rule-owner   globex
    carol  auditor      acme        frank  auditor      acme, globex
    grace  analyst + rule-owner, acme                   admin  platform admin

  Pages sign in through Keycloak ($BASE/session shows who you are).
  A token for the API:  curl -s -d grant_type=password -d client_id=huntboard-cli -d scope=openid \\
    -d username=alice -d password=alice-demo-password $KC_URL/realms/huntboard/protocol/openid-connect/token
  In the dev profile the API also takes the caller from the headers X-Huntboard-Dev-Actor and
  X-Huntboard-Dev-Tenants (see web/README.md).
  Ctrl-C stops everything; the next start keeps the data.

INFO
say "ready"
wait "$portal_pid" || true
portal_pid=""
fail "the portal stopped; the end of $LOG says why."
