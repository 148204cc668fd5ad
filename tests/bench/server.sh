#!/bin/sh
# rosterd throughput and memory, measured (never asserted):
#  1. authenticated GET /api/v1/me with wrk, against nginx serving a static
#     file of the same size on the same machine (the design target is at
#     least half of nginx's requests per second);
#  2. rosterd's resident memory while 128 connections are open (target:
#     under 64 MB).
# Needs wrk and nginx (installed here with apt-get when running as root).
set -u
: "${ROSTERD:?}" "${ROSTER_DATADIR:?}"
DUR=${BENCH_SECONDS:-10}
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1
	fi
	command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]
}
need wrk wrk || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 1; }
work=$(mktemp -d)
cleanup() {
	[ -n "${spid:-}" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# an SQLite file, or an empty PostgreSQL database (BENCH_DB=postgresql://…,
# as server_pg.sh gives)
db=${BENCH_DB:-$work/roster.db}
"$ROSTERD" init --demo --db "$db" --set server.key_dir="$work/keys" >/dev/null || exit 1
"$ROSTERD" serve --db "$db" --set server.key_dir="$work/keys" --port 0 --outbox "$work/outbox" \
	--data-dir "$ROSTER_DATADIR" --set pay.sandbox=1 > "$work/serve.out" 2> "$work/serve.log" &
spid=$!
i=0
while ! grep -q 'listening on' "$work/serve.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "bench: rosterd did not start"; cat "$work/serve.log"; exit 1; }
	sleep 0.1
done
base=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.out" | head -1)
token=$(curl -s -H 'Content-Type: application/json' \
	-d '{"login":"demo","password":"Member-Demo-2026"}' "$base/api/v1/auth/login" |
	sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: could not log in as demo"; exit 1; }
curl -s -H "Authorization: Bearer $token" "$base/api/v1/me" > "$work/me.json"
size=$(wc -c < "$work/me.json")

echo "== rosterd: GET /api/v1/me ($size bytes), ${DUR}s, 2 threads, 32 connections"
wrk -t2 -c32 -d"${DUR}s" -H "Authorization: Bearer $token" "$base/api/v1/me" | tee "$work/wrk1"
rps_r=$(awk '/Requests\/sec/ {print $2}' "$work/wrk1")

rps_n=''
if need nginx nginx; then
	NGINX=$(command -v nginx || echo /usr/sbin/nginx)
	mkdir -p "$work/www" "$work/ngx"
	cp "$work/me.json" "$work/www/me.json"
	# nginx's workers run as an unprivileged user: let them read the file
	chmod 755 "$work" "$work/www"; chmod 644 "$work/www/me.json"
	nport=$(( 20000 + $$ % 20000 ))
	cat > "$work/nginx.conf" <<NGX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/ngx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/ngx; proxy_temp_path $work/ngx;
	fastcgi_temp_path $work/ngx; uwsgi_temp_path $work/ngx; scgi_temp_path $work/ngx;
	server { listen 127.0.0.1:$nport; root $work/www; }
}
NGX
	"$NGINX" -c "$work/nginx.conf" -p "$work" 2>/dev/null
	sleep 0.5
	echo "== nginx: static file of the same size, ${DUR}s, 2 threads, 32 connections"
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$nport/me.json")
	[ "$code" = 200 ] || echo "bench: nginx answers $code, not 200: its figure is not comparable"
	wrk -t2 -c32 -d"${DUR}s" "http://127.0.0.1:$nport/me.json" | tee "$work/wrk2"
	rps_n=$(awk '/Requests\/sec/ {print $2}' "$work/wrk2")
	kill "$(cat "$work/nginx.pid")" 2>/dev/null
	rm -f "$work/nginx.pid"
else
	echo "== nginx not available: no comparison"
fi

echo "== rosterd resident memory with 128 open connections"
wrk -t2 -c128 -d"${DUR}s" -H "Authorization: Bearer $token" "$base/api/v1/me" > "$work/wrk3" &
wpid=$!
peak=0
while kill -0 $wpid 2>/dev/null; do
	rss=$(awk '/VmRSS/ {print $2}' /proc/$spid/status 2>/dev/null)
	[ -n "$rss" ] && [ "$rss" -gt "$peak" ] && peak=$rss
	sleep 0.2
done
awk '/Requests\/sec/' "$work/wrk3"

echo "== summary"
echo "rosterd GET /me: $rps_r req/s"
[ -n "$rps_n" ] && echo "nginx static:    $rps_n req/s  (rosterd/nginx = $(awk "BEGIN {printf \"%.2f\", $rps_r / $rps_n}"); target >= 0.50)"
echo "rosterd peak RSS at 128 connections: $((peak / 1024)) MB (target < 64 MB)"
