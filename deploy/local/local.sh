#!/bin/sh
# Runs Huntboard on this machine with its embedded defaults:
#   - embedded PostgreSQL (data under web/.huntboard/pgdata, kept between runs),
#   - a local Keycloak with the Huntboard realm and its demo users (deploy/keycloak),
#   - the portal in Quarkus dev mode on http://127.0.0.1:8080,
#   - two demo tenants (Acme, Globex) whose local connector reads generated telemetry,
#     each with the TigerVNC hunt assigned hourly over 5 days, and a first run requested.
# Ctrl-C stops the portal and Keycloak; the next start finds the same data.
#
# Environment: HUNTBOARD_PORT (portal, default 8080), HUNTBOARD_KEYCLOAK_PORT (default 8180).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${HUNTBOARD_PORT:-8080}
STATE=$ROOT/.huntboard
DEMO=$STATE/demo
LOG=$STATE/portal.log
BASE=http://127.0.0.1:$PORT
TIGERVNC=dc1950c0-efeb-4695-aa95-74198df5dab8
ADMIN_HEADERS="-H X-Huntboard-Dev-Actor:huntboard-local -H X-Huntboard-Dev-Tenants:*"

say() { printf '\033[1mhuntboard local:\033[0m %s\n' "$*"; }
fail() { printf 'huntboard local: %s\n' "$*" >&2; exit 1; }

# --- prerequisites, each with what to do when it is missing
command -v java >/dev/null 2>&1 || fail "no 'java' on the PATH: install a JDK 17 or newer and try again."
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
[ "${java_major:-0}" -ge 17 ] || fail "Java $java_major found; Huntboard needs 17 or newer (set JAVA_HOME or PATH)."
for tool in curl unzip; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is missing: install it (Debian: apt-get install $tool)."
done
if curl -fsS -o /dev/null --max-time 2 "$BASE/q/health/live" 2>/dev/null; then
  fail "something already answers on port $PORT: stop it, or choose another port with HUNTBOARD_PORT=8081."
fi

mkdir -p "$STATE" "$DEMO"

portal_pid=""
cleanup() {
  # A second Ctrl-C must not cut the shutdown short and leave Keycloak behind.
  trap '' INT TERM
  trap - EXIT
  say "stopping"
  if [ -n "$portal_pid" ] && kill -0 "$portal_pid" 2>/dev/null; then
    kill "$portal_pid" 2>/dev/null || true
    wait "$portal_pid" 2>/dev/null || true
  fi
  "$ROOT/deploy/keycloak/keycloak.sh" stop || true
}
trap cleanup INT TERM EXIT

# --- build what is missing (the command line generates the demo telemetry)
if [ ! -f "$ROOT/web/target/huntboard.classpath" ]; then
  say "building Huntboard (first run only; this takes a few minutes)"
  (cd "$ROOT" && ./mvnw -q -B -pl web -am compile -Dquarkus.build.skip=true) \
    || fail "the build failed: run './mvnw -pl web -am compile' to see why."
fi

# --- identity
say "starting Keycloak with the demo realm (the first start takes a few minutes)"
"$ROOT/deploy/keycloak/keycloak.sh" start

# --- demo telemetry, generated once; later starts reuse it
now=$(date -u +%Y-%m-%dT%H:00:00Z)
for tenant in acme globex; do
  if [ ! -f "$DEMO/$tenant/manifest.json" ]; then
    seed=$([ "$tenant" = acme ] && echo 101 || echo 202)
    say "generating demo telemetry for $tenant"
    "$ROOT/huntboard" generate --out "$DEMO/$tenant" --devices 40 --days 7 --seed "$seed" --now "$now" >/dev/null
  fi
done

# --- the portal
say "starting the portal (log: $LOG)"
(cd "$ROOT" && exec ./mvnw -q -B -pl web -am quarkus:dev -Dquarkus.http.port="$PORT" \
  -Dquarkus.console.enabled=false -Ddebug=false) >"$LOG" 2>&1 &
portal_pid=$!
waited=0
until curl -fsS -o /dev/null --max-time 2 "$BASE/q/health/ready" 2>/dev/null; do
  kill -0 "$portal_pid" 2>/dev/null || fail "the portal stopped while starting; the end of $LOG says why."
  [ "$waited" -lt 900 ] || fail "the portal did not answer within 15 minutes; see $LOG."
  if [ $((waited % 30)) -eq 0 ]; then say "waiting for the portal ($waited s)"; fi
  sleep 3
  waited=$((waited + 3))
done

# --- demo tenants, created once (dev mode only: production takes identity from OpenID Connect)
tenants=$(curl -fsS $ADMIN_HEADERS "$BASE/api/v1/tenants?size=500")
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
      assignment=$(printf '{"ruleId":"%s","connector":"LOCAL","frequency":"PT1H","lookback":"P5D"}' "$TIGERVNC")
      answer=$(curl -fsS $ADMIN_HEADERS -H 'Content-Type: application/json' -d "$assignment" \
        "$BASE/api/v1/tenants/$id/assignments") || fail "could not assign the TigerVNC hunt to $name; see $LOG."
      aid=$(printf '%s' "$answer" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
      [ -z "$aid" ] || curl -fsS -o /dev/null $ADMIN_HEADERS -X POST "$BASE/api/v1/tenants/$id/assignments/$aid/run-now" || true
      ;;
  esac
done

cat <<INFO

  Huntboard runs at   $BASE   (API: $BASE/api/v1, OpenAPI: $BASE/q/openapi)
  Keycloak runs at    http://127.0.0.1:${HUNTBOARD_KEYCLOAK_PORT:-8180}  (realm huntboard)

  Demo logins (password: <user>-demo-password; demo only):
    alice  analyst      acme        dave   analyst      globex
    bob    rule-owner   acme        erin   rule-owner   globex
    carol  auditor      acme        frank  auditor      acme, globex
    grace  analyst + rule-owner, acme                   admin  platform admin

  Pages sign in through Keycloak ($BASE/session shows who you are); the API takes the
  users' bearer tokens (see deploy/keycloak/README.md), and in dev mode also the headers
  X-Huntboard-Dev-Actor and X-Huntboard-Dev-Tenants (see web/README.md).
  Ctrl-C stops everything; the next start keeps the data.

INFO
wait "$portal_pid"
