#!/usr/bin/env bash
# Start-up time of the homeserver with the seven sample modules, the README's way before and after:
#   old: java -jar module-host-app/target/module-host-app-exec.jar --spring.config.additional-location=file:samples.yml
#   new: ./run --spring.config.additional-location=file:samples.yml   (extracted jar + class-data sharing)
# Measured: from launching the process to the first answered GET /_matrix/client/versions. The two
# ways alternate (old, new, old, new, ...) so that whatever else the machine does slows both alike;
# each way starts in a working directory of its own with its own database (./data), started once,
# untimed, before the timed starts (the first start also creates the database, and ./run trains).
#
#   benchmarks/startup.sh [starts per way, default 5] [extra JVM options for the new way only]
#
# Needs the build (./mvnw -q -DskipTests package), curl and python3.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
starts=${1:-5}
extra=${2:-}
jar="$root/module-host-app/target/module-host-app-exec.jar"
[ -f "$jar" ] || { echo "startup.sh: build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
[ -d "$root/modules" ] || { echo "startup.sh: no ./modules; build first: ./mvnw -q -DskipTests package" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/modulehost-startup.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
for way in old new; do
  mkdir -p "$work/$way"
  cp "$root/samples.yml" "$work/$way/"
  ln -s "$root/modules" "$work/$way/modules"
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# Prints the milliseconds from launch to the first answered GET /_matrix/client/versions.
start() {
  local way=$1
  local args=(--spring.config.additional-location=file:samples.yml --server.port="$port")
  cd "$work/$way"
  local began
  began=$(date +%s%N)
  if [ "$way" = old ]; then
    java -jar "$jar" "${args[@]}" >> "$work/$way.log" 2>&1 &
  else
    JAVA_OPTS="$extra" "$root/run" "${args[@]}" >> "$work/$way.log" 2>&1 &
  fi
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/_matrix/client/versions"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "startup.sh: the $way way exited before answering; its log: $work/$way.log" >&2
      tail -n 30 "$work/$way.log" >&2
      exit 1
    fi
    sleep 0.02
  done
  local answered
  answered=$(date +%s%N)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  cd "$root"
  echo $(((answered - began) / 1000000))
}

echo "untimed first starts (create the databases; ./run extracts and trains if the build is new)"
start old > /dev/null
start new > /dev/null

old=()
new=()
for i in $(seq 1 "$starts"); do
  old+=("$(start old)")
  new+=("$(start new)")
  echo "start $i: old ${old[-1]} ms, new ${new[-1]} ms (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done

python3 - "${old[*]}" "${new[*]}" <<'EOF'
import statistics, sys
old = [int(x) for x in sys.argv[1].split()]
new = [int(x) for x in sys.argv[2].split()]
ratios = [n / o for o, n in zip(old, new)]
print(f"old (java -jar): mean {statistics.mean(old):.0f} ms, min {min(old)} ms, max {max(old)} ms")
print(f"new (./run):     mean {statistics.mean(new):.0f} ms, min {min(new)} ms, max {max(new)} ms")
print(f"ratio new/old of the means: {statistics.mean(new) / statistics.mean(old):.2f} "
      f"(per pair {min(ratios):.2f}-{max(ratios):.2f})")
EOF
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
