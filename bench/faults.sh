#!/bin/sh
# The faults benchmark: a sustained simulated run on two nodes through a dead node, a PostgreSQL
# restart, 500s / 429s / malformed bodies from the fake Defender, and a full disk under the
# embedded database (a small loop filesystem, mounted here, so this needs root). Exits non-zero
# if a window was lost or duplicated, an attempt's failure is missing from the ledger, or the
# audit chain does not verify. Report: web/target/bench/faults.md.
#   bench/faults.sh [--tenants 100] [--hours 8] [--speedup 72]
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tenants=100 hours=8 speedup=72
while [ $# -gt 0 ]; do
  case "$1" in
    --tenants) tenants=$2; shift 2 ;;
    --hours) hours=$2; shift 2 ;;
    --speedup) speedup=$2; shift 2 ;;
    *) echo "bench/faults.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
work="$root/web/target/bench/faults"
mnt="$work/mnt"
mkdir -p "$work" "$mnt"
disk=-Dbench.no-disk-fault=false
if mountpoint -q "$mnt"; then umount "$mnt"; fi
rm -f "$work/disk.img"
dd if=/dev/zero of="$work/disk.img" bs=1M count=512 status=none
mkfs.ext4 -q -F "$work/disk.img"
if mount -o loop "$work/disk.img" "$mnt"; then
  trap 'umount "$mnt" 2>/dev/null || true' EXIT
else
  echo "bench/faults.sh: cannot mount a loop filesystem here; running without the full-disk fault" >&2
  disk=-Dbench.no-disk-fault=true
fi
rc=0
./mvnw -o -B -q -pl web -am test -Dtest=FaultsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.tenants="$tenants" -Dbench.hours="$hours" -Dbench.speedup="$speedup" "$disk" \
  -Dbench.pgdata="$mnt/pgdata" -Dbench.out="$root/web/target/bench/faults.md" || rc=$?
exit $rc
