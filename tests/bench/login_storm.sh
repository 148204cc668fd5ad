#!/bin/sh
# GET /api/v1/me while people sign in, measured (never asserted): the p99
# latency and rate of authenticated GET /me with wrk, first on a quiet
# server, then while 8 clients sign in in a loop (each sign-in is an
# Argon2id check, run on the offload pool, not on the request threads).
# Target: the p99 during the storm within 2x the quiet one.
# Needs wrk (installed here with apt-get when running as root).
set -u
: "${ROSTERD:?}" "${ROSTER_DATADIR:?}"
DUR=${BENCH_SECONDS:-10}
STORM=${BENCH_LOGIN_CLIENTS:-8}
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1
	fi
	command -v "$1" >/dev/null 2>&1
}
need wrk wrk || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 1; }
work=$(mktemp -d)
cleanup() {
	[ -n "${stpid:-}" ] && kill "$stpid" 2>/dev/null
	[ -n "${spid:-}" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# an SQLite file, or an empty PostgreSQL database (BENCH_DB=postgresql://…,
# as server_pg.sh gives)
db=${BENCH_DB:-$work/roster.db}
"$ROSTERD" init --demo --db "$db" --set server.key_dir="$work/keys" >/dev/null || exit 1
"$ROSTERD" serve --db "$db" --set server.key_dir="$work/keys" --port 0 --outbox "$work/outbox" \
	--data-dir "$ROSTER_DATADIR" > "$work/serve.out" 2> "$work/serve.log" &
spid=$!
i=0
while ! grep -q 'listening on' "$work/serve.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "bench: rosterd did not start"; cat "$work/serve.log"; exit 1; }
	sleep 0.1
done
base=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.out" | head -1)
login='{"login":"demo","password":"Member-Demo-2026"}'
token=$(curl -s -H 'Content-Type: application/json' -d "$login" "$base/api/v1/auth/login" |
	sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: could not log in as demo"; exit 1; }
cat > "$work/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '$login'
wrk.headers["Content-Type"] = "application/json"
LUA
# the tail of the latency distribution, in milliseconds
cat > "$work/me.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
done = function(summary, latency, requests)
	io.write(string.format("p50 %.2f p99 %.2f p99.9 %.2f max %.2f\\n",
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		latency:percentile(99.9) / 1000, latency.max / 1000))
end
LUA

# a figure of the "p50 … p99 … p99.9 … max …" line
pct() { awk -v k="$2" '$1 == "p50" { for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }' "$1"; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }

echo "== GET /api/v1/me, quiet: ${DUR}s, 2 threads, 32 connections"
wrk -t2 -c32 -d"${DUR}s" -s "$work/me.lua" "$base/api/v1/me" > "$work/quiet"
grep -E '^p50|Requests/sec' "$work/quiet"

echo "== GET /api/v1/me during a login storm: $STORM clients signing in in a loop"
wrk -t2 -c"$STORM" -d"$((DUR + 4))s" -s "$work/login.lua" "$base/api/v1/auth/login" > "$work/storm" &
stpid=$!
sleep 2
wrk -t2 -c32 -d"${DUR}s" -s "$work/me.lua" "$base/api/v1/me" > "$work/busy"
grep -E '^p50|Requests/sec' "$work/busy"
wait "$stpid"
stpid=''
logins=$(awk '/^ +[0-9]+ requests in/ {print $1}' "$work/storm")
refused=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$work/storm")

q=$(pct "$work/quiet" p99); b=$(pct "$work/busy" p99)
echo "== summary (cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-26s %12s %14s\n' "" "quiet" "login storm"
for k in p50 p99 p99.9 max; do
	printf '%-26s %9s ms %11s ms\n' "GET /me $k" "$(pct "$work/quiet" $k)" "$(pct "$work/busy" $k)"
done
printf '%-26s %12s %14s\n' "GET /me req/s" "$(rps "$work/quiet")" "$(rps "$work/busy")"
# requests wrk gave up on (2 s) count in no percentile: show them
tmo() { awk '/Socket errors/ {for (i = 1; i < NF; i++) if ($i == "timeout") print $(i + 1) + 0; f = 1} END {if (!f) print 0}' "$1" | tr -d ','; }
printf '%-26s %12s %14s\n' "GET /me timed out (2 s)" "$(tmo "$work/quiet")" "$(tmo "$work/busy")"
echo "storm/quiet p99 = $(awk "BEGIN {printf \"%.2f\", $b / ($q > 0 ? $q : 1)}") (target <= 2.00)"
echo "sign-ins during the storm: ${logins:-0} in $((DUR + 4))s, ${refused:-0} answered other than 200 (503: queue full)"
