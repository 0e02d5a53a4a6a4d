#!/bin/sh
# The engine benchmark: the embedded KQL engine against DuckDB over the same generated data.
# Builds with the bench profile (adds DuckDB's JDBC driver, which Huntboard itself never needs),
# then runs `huntboard bench engine` with a 12 GB heap. Arguments go to the benchmark, e.g.
#   bench/engine.sh --rows 1000000
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
./mvnw -q -B -Pbench -pl web -am compile -Dquarkus.build.skip=true
exec java ${BENCH_JAVA_OPTS:--Xmx12g -XX:+UseParallelGC} -Dhuntboard.shared.dir="$root/../shared" \
  -cp "$root/web/target/classes:$(cat "$root/web/target/huntboard-bench.classpath")" \
  org.huntboard.web.cli.Huntboard bench engine "$@"
