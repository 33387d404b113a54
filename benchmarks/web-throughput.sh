#!/usr/bin/env bash
# Requests/second of a module's HttpRequestHandler against the same work in a plain
# @RestController, on one real server over loopback (WebResourceBenchmark). Goal: ratio >= 0.95.
#
#   benchmarks/web-throughput.sh          JMH: both routes measured at the same time in one fork
#   benchmarks/web-throughput.sh wrk      wrk (Debian package 'wrk') against one server, the two
#                                         routes alternating for ROUNDS rounds of DURATION each
#
# Run from the repository root. Builds the benchmarks jar first (mvn package; never install).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-jmh}"
JAR=benchmarks/target/benchmarks.jar
mvn -B -q -pl benchmarks -am package -DskipTests

if [ "$mode" = "jmh" ]; then
	shift || true
	java -jar "$JAR" WebResourceBenchmark "$@" | tee /dev/stderr | awk '
		/routes:moduleHandler / { module = $(NF-3) }
		/routes:plainController / { controller = $(NF-3) }
		END { if (controller > 0) printf "ratio module/controller: %.3f\n", module / controller }'
	exit 0
fi

if [ "$mode" != "wrk" ]; then
	echo "usage: $0 [jmh [JMH options] | wrk]" >&2
	exit 2
fi
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
PORT="${PORT:-18080}" ROUNDS="${ROUNDS:-5}" DURATION="${DURATION:-10s}" CONNECTIONS="${CONNECTIONS:-8}"
java -Xms512m -Xmx512m -cp "$JAR" org.modulehost.benchmarks.WebResourceBenchmark "$PORT" &
server=$!
trap 'kill "$server"' EXIT
for _ in $(seq 1 60); do
	wrk -t1 -c1 -d1s "http://127.0.0.1:$PORT/bench/hello" >/dev/null 2>&1 && break
	sleep 1
done
rps() { wrk -t2 -c"$CONNECTIONS" -d"$1" "http://127.0.0.1:$PORT$2" | awk '/^Requests\/sec/ { print $2 }'; }
rps 10s /_synapse/client/bench/hello >/dev/null   # warm-up
rps 10s /bench/hello >/dev/null
module=0 controller=0
for round in $(seq 1 "$ROUNDS"); do
	m=$(rps "$DURATION" /_synapse/client/bench/hello)
	c=$(rps "$DURATION" /bench/hello)
	echo "round $round: module $m req/s, controller $c req/s"
	module=$(awk -v a="$module" -v b="$m" 'BEGIN { print a + b }')
	controller=$(awk -v a="$controller" -v b="$c" 'BEGIN { print a + b }')
done
awk -v m="$module" -v c="$controller" -v n="$ROUNDS" 'BEGIN {
	printf "mean: module %.0f req/s, controller %.0f req/s, ratio module/controller: %.3f\n", m / n, c / n, m / c }'
