#!/bin/sh
# The portal's API under load: 1 M detections and 5 M runs across 100 tenants in the application's
# (embedded, temporary) PostgreSQL, then wrk (Debian package `wrk`) with 50 connections against
# the detection list, a detection (API and page), the dashboard, the run list and the CSV export,
# with and without the queries' indexes.
# Report: web/target/bench/portal.md.
#   bench/portal.sh [--tenants 100] [--detections 1000000] [--runs 5000000] [--seconds 20]
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v wrk > /dev/null || { echo "bench/portal.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
tenants=100 detections=1000000 runs=5000000 seconds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --tenants) tenants=$2; shift 2 ;;
    --detections) detections=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "bench/portal.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
exec ./mvnw -o -B -q -pl web -am test -Dtest=PortalLoadBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.tenants="$tenants" -Dbench.detections="$detections" -Dbench.runs="$runs" \
  -Dbench.seconds="$seconds" -Dbench.out="$root/web/target/bench/portal.md"
