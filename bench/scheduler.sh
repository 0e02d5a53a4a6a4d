#!/bin/sh
# The scheduler at MSSP scale: tenants with the TigerVNC rule hourly against a fake Defender on
# 127.0.0.1, a simulated day on one node and on two nodes sharing the database. Prints the report
# (also written to web/target/bench/scheduler.md) and exits non-zero if a window is missing,
# failed, or ran twice. Settings, all optional:
#   bench/scheduler.sh [--tenants 1000] [--hours 24] [--nodes 1,2] [--speedup 24]
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tenants=1000 hours=24 nodes=1,2 speedup=24
while [ $# -gt 0 ]; do
  case "$1" in
    --tenants) tenants=$2; shift 2 ;;
    --hours) hours=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --speedup) speedup=$2; shift 2 ;;
    *) echo "bench/scheduler.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
exec ./mvnw -o -B -q -pl web -am test -Dtest=SchedulerScaleBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.tenants="$tenants" -Dbench.hours="$hours" -Dbench.nodes="$nodes" -Dbench.speedup="$speedup" \
  -Dbench.out="$root/web/target/bench/scheduler.md"
