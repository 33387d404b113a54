#!/usr/bin/env bash
# Messages per second through PUT /rooms/{roomId}/send/m.room.message/{txnId} of the homeserver
# (the exec jar), over loopback with wrk (Debian package 'wrk'), no modules, no rate limit: one
# user, one room, every request a new transaction. The storage is the default H2 file, or
# PostgreSQL (a fresh schema in $MODULEHOST_TEST_POSTGRES_URL with _USER and _PASSWORD), where the
# homeserver checks its cached room state against the database and notifies other instances.
#
#   benchmarks/send-wrk.sh [h2|postgresql] [jar [baseline jar]]
#
# With a baseline jar (e.g. one built from another commit), both servers run at the same time and
# each round sends to both at once, so that whatever else the machine does slows both alike; the
# ratio is the figure to read. Run from the repository root after ./mvnw -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
database="${1:-h2}"
jars=("${2:-module-host-app/target/module-host-app-exec.jar}")
[ -n "${3:-}" ] && jars+=("$3")
PORT="${PORT:-18448}" WARMUP="${WARMUP:-40s}" ROUNDS="${ROUNDS:-5}" DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-4}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
case "$database" in
	h2) ;;
	postgresql) : "${MODULEHOST_TEST_POSTGRES_URL:?set MODULEHOST_TEST_POSTGRES_URL, _USER and _PASSWORD}" ;;
	*) echo "usage: $0 [h2|postgresql] [jar [baseline jar]]" >&2; exit 2 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/send-wrk.XXXXXX")
servers=()
schemas=()
cleanup() {
	for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
	rm -rf "$work"
	for schema in "${schemas[@]}"; do
		PGPASSWORD="$MODULEHOST_TEST_POSTGRES_PASSWORD" psql -q "${MODULEHOST_TEST_POSTGRES_URL#jdbc:}" \
			-U "$MODULEHOST_TEST_POSTGRES_USER" -c "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE" \
			>/dev/null 2>&1 || echo "(schema $schema stays in the database: DROP SCHEMA $schema CASCADE)"
	done
}
trap cleanup EXIT

# start <index> <jar>: starts a server on PORT+index, registers a user, creates a room, writes a wrk script.
start() {
	local index=$1 jar port dir
	jar=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
	[ -f "$jar" ] || { echo "no $2: build it with ./mvnw -q -DskipTests package" >&2; exit 1; }
	port=$((PORT + index))
	dir="$work/$index"
	mkdir -p "$dir"
	local args=(--server.port="$port" --homeserver.ratelimit.message.per-second=0
		--homeserver.passwords.bcrypt-rounds=4 --logging.level.root=WARN --spring.main.banner-mode=off
		--homeserver.registration.enabled=true --homeserver.registration.allow-without-verification=true
		--management.server.port=-1)
	if [ "$database" = h2 ]; then
		args+=(--spring.datasource.url="jdbc:h2:file:$dir/homeserver;WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE")
	else
		local schema="send_wrk_$$_$index" separator='?'
		[[ "$MODULEHOST_TEST_POSTGRES_URL" == *\?* ]] && separator='&'
		schemas+=("$schema")
		args+=(--spring.datasource.url="$MODULEHOST_TEST_POSTGRES_URL${separator}currentSchema=$schema"
			--spring.datasource.username="$MODULEHOST_TEST_POSTGRES_USER"
			--spring.datasource.password="$MODULEHOST_TEST_POSTGRES_PASSWORD"
			--spring.flyway.schemas="$schema" --spring.flyway.default-schema="$schema")
	fi
	(cd "$dir" && exec java -Xms512m -Xmx512m -jar "$jar" "${args[@]}" > "$dir/server.log" 2>&1) &
	servers+=($!)
	local base="http://127.0.0.1:$port/_matrix/client/v3"
	for _ in $(seq 1 240); do
		curl -sf "http://127.0.0.1:$port/_matrix/client/versions" >/dev/null 2>&1 && break
		kill -0 "${servers[-1]}" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
		sleep 0.5
	done
	local token room
	token=$(curl -sf -XPOST "$base/register" \
		-d '{"username": "bench", "password": "bench", "auth": {"type": "m.login.dummy"}}' | json access_token)
	room=$(curl -sf -XPOST "$base/createRoom" -H "Authorization: Bearer $token" -d '{"name": "Benchmark"}' \
		| json room_id)
	room=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=''))" "$room")
	cat > "$dir/send.lua" <<EOF
local counter = 0
setup = function(thread)
	thread:set("prefix", "t" .. tostring(math.random(1000000000)) .. "-")
end
request = function()
	counter = counter + 1
	return wrk.format("PUT", "/_matrix/client/v3/rooms/$room/send/m.room.message/" .. prefix .. counter,
		{ ["Authorization"] = "Bearer $token", ["Content-Type"] = "application/json" },
		'{"msgtype": "m.text", "body": "hello"}')
end
EOF
}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# load <duration>: sends to every server at the same time; prints one figure per server.
load() {
	local index clients=()
	for index in "${!jars[@]}"; do
		wrk -t2 -c"$CONNECTIONS" -d"$1" -s "$work/$index/send.lua" "http://127.0.0.1:$((PORT + index))" \
			> "$work/$index/wrk.txt" &
		clients+=($!)
	done
	wait "${clients[@]}"
	for index in "${!jars[@]}"; do
		if grep -q "Non-2xx" "$work/$index/wrk.txt"; then
			echo "some sends failed:" >&2
			cat "$work/$index/wrk.txt" >&2
			exit 1
		fi
		awk '/^Requests\/sec/ { printf "%s ", $2 }' "$work/$index/wrk.txt"
	done
	echo
}

for index in "${!jars[@]}"; do
	start "$index" "${jars[$index]}"
done
load "$WARMUP" >/dev/null   # until the JIT compiler is done
for round in $(seq 1 "$ROUNDS"); do
	read -r -a figures <<<"$(load "$DURATION")"
	if [ "${#jars[@]}" -eq 2 ]; then
		echo "$database round $round: ${figures[0]} msg/s, baseline ${figures[1]} msg/s, ratio" \
			"$(python3 -c "print(f'{${figures[0]} / ${figures[1]}:.3f}')")"
	else
		echo "$database round $round: ${figures[0]} msg/s"
	fi
done
