#!/bin/sh
# rosterd at a national association's size, measured (never asserted): a
# demo database seeded with `rosterd seed` (200,000 members, 1,000,000
# orders), then as HQ staff:
#   GET /members (first page), searches by username, name and mobile,
#   page 5,000, GET /stats, GET /review/counts, the review queue and its
#   history of decided applications, the CSV export of all
#   members (its time, and the server's resident memory before it and at
#   its peak during it), and eight searches at once; then the p99 latency
#   with 16 connections (wrk, BENCH_P99_SECONDS each, default 5) of the
#   first page, a search, /stats, the review queue and, as a seeded member,
#   that member's orders.
# Each other figure is the median of BENCH_RUNS requests (default 5), in
# milliseconds. The figures are written to tests/bench/results.md with the
# machine and the date.
#
# Environment: ROSTERD (the rosterd measured), ROSTER_DATADIR;
# ROSTERD_BEFORE (optional): an older rosterd measured on the same database
# first, for a before/after table; BENCH_MEMBERS, BENCH_ORDERS (sizes);
# BENCH_DB: a seeded database to reuse (made there when absent);
# BENCH_RESULTS: where to write the table (default tests/bench/results.md);
# BENCH_BEFORE_FIGURES: the figures of an earlier run (the "label value"
# lines it printed) for the before column, instead of ROSTERD_BEFORE;
# BENCH_NOTE: a line added to the table's notes.
set -u
: "${ROSTERD:?}" "${ROSTER_DATADIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
MEMBERS=${BENCH_MEMBERS:-200000}
ORDERS=${BENCH_ORDERS:-1000000}
RUNS=${BENCH_RUNS:-5}
RESULTS=${BENCH_RESULTS:-$here/results.md}
work=$(mktemp -d)
spid=''
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

db=${BENCH_DB:-$work/seeded.db}
seed_line='(reused)'
# an SQLite file, or a PostgreSQL database (BENCH_DB=postgresql://…)
case $db in
postgres*://*)
	backend="PostgreSQL $(psql -X -A -t "$db" -c 'SHOW server_version' 2>/dev/null)"
	seeded=$(psql -X -A -t "$db" -c "SELECT COUNT(*) FROM accounts" 2>/dev/null || echo 0) ;;
*)
	backend="SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
	seeded=0; [ -s "$db" ] && seeded=1 ;;
esac
if [ "${seeded:-0}" = 0 ]; then
	"$ROSTERD" init --demo --db "$db" --set server.key_dir="$work/keys" >/dev/null || exit 1
	echo "== seeding $MEMBERS members and $ORDERS orders"
	seed_line=$("$ROSTERD" seed --db "$db" --set server.key_dir="$work/keys" --members "$MEMBERS" --orders "$ORDERS") || exit 1
	echo "$seed_line"
fi

# start one rosterd on the database; sets base
serve() {
	rm -f "$work/serve.out"
	"$1" serve --db "$db" --set server.key_dir="$work/keys" --port 0 --outbox "$work/outbox" --data-dir "$ROSTER_DATADIR" \
		--set pay.sandbox=1 > "$work/serve.out" 2> "$work/serve.log" &
	spid=$!
	i=0
	while ! grep -q 'listening on' "$work/serve.out" 2>/dev/null; do
		# a first start on a database made by an older rosterd migrates it
		i=$((i + 1))
		if [ $i -gt 6000 ] || ! kill -0 "$spid" 2>/dev/null; then
			echo "bench: rosterd did not start"; cat "$work/serve.log"; exit 1
		fi
		sleep 0.1
	done
	base=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.out" | head -1)
	token=$(curl -s -H 'Content-Type: application/json' \
		-d '{"login":"hq","password":"Hq-Demo-2026"}' "$base/api/v1/auth/login" |
		sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	[ -n "$token" ] || { echo "bench: could not log in as hq"; exit 1; }
}

stop() {
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	spid=''
}

# one request: milliseconds (and the body in $work/body)
one() {
	curl -s -o "$work/body" -w '%{time_total}\n' -H "Authorization: Bearer $token" \
		"$base/api/v1$1" | awk '{ printf "%.1f\n", $1 * 1000 }'
}

# the server's CPU time so far (user + system), in clock ticks
ticks() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }
HZ=$(getconf CLK_TCK)

# median of RUNS requests; then the server's CPU milliseconds per request
# (what other work on a shared machine changes least)
median() {
	t0=$(ticks)
	for _ in $(seq "$RUNS"); do one "$1"; done | sort -n |
		awk '{ v[NR] = $1 } END { printf "%s", v[int((NR + 1) / 2)] }'
	t1=$(ticks)
	echo " $(( (t1 - t0) * 1000 / HZ / RUNS ))"
}

# a username, a name and a mobile of a seeded member, from the first page
pick_terms() {
	curl -s -H "Authorization: Bearer $token" "$base/api/v1/members?status=active&per_page=1&page=777" > "$work/m.json"
	q_user=$(sed -n 's/.*"username":"\([a-z]*\)[0-9]*".*/\1/p' "$work/m.json" | head -1)
	q_login=$(sed -n 's/.*"username":"\([^"]*\)".*/\1/p' "$work/m.json" | head -1)
	q_name=$(sed -n 's/.*"name":"\([^"]*\)".*/\1/p' "$work/m.json" | head -1)
	q_mobile=$(sed -n 's/.*"mobile":"[0-9]\{3\}\([0-9]\{5\}\)[0-9]*".*/\1/p' "$work/m.json" | head -1)
	q_name=$(printf '%s' "$q_name" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g')
}

# p99 latency in ms of GET /api/v1PATH with 16 connections, and the number
# of requests it is taken from (wrk; a request may take up to 30 s before
# wrk counts it as timed out, outside the figure); "- 0" when none finished
p99_16() {
	printf 'wrk.headers["Authorization"] = "Bearer %s"\n%s\n' "$1" \
		'done = function(s, latency, r) io.write(string.format("p99 %.1f %d\n", latency:percentile(99) / 1000, s.requests)) end' \
		> "$work/p99.lua"
	wrk -t2 -c16 -d"${BENCH_P99_SECONDS:-10}s" --timeout 30s -s "$work/p99.lua" "$base/api/v1$2" 2>/dev/null |
		awk '$1 == "p99" { if ($3 > 0) print $2, $3; else print "- 0" }'
	# let what wrk left running finish before the next figure: wait (at
	# most a minute) until the server has used no CPU for a second and,
	# on PostgreSQL, no other query is running there
	i=0
	t0=$(ticks)
	while [ $i -lt 60 ]; do
		sleep 1
		t1=$(ticks)
		busy=0
		case $db in
		postgres*://*)
			busy=$(psql -X -A -t "$db" -c "SELECT COUNT(*) FROM pg_stat_activity
				WHERE state = 'active' AND pid <> pg_backend_pid()" 2>/dev/null || echo 0) ;;
		esac
		[ "$t1" = "$t0" ] && [ "${busy:-0}" = 0 ] && break
		t0=$t1
		i=$((i + 1))
	done
}

# the measurements of one binary, one "label value" line each
measure() {
	serve "$1"
	pick_terms
	echo "members_first_page $(median '/members')"
	echo "search_username $(median "/members?q=$q_user")"
	echo "search_name $(median "/members?q=$q_name")"
	echo "search_mobile $(median "/members?q=$q_mobile")"
	echo "search_short $(median '/members?q=li')"
	echo "page_5000 $(median '/members?page=5000&per_page=20')"
	echo "stats $(median '/stats')"
	echo "review_counts $(median '/review/counts')"
	echo "review_queue $(median '/review/applications')"
	echo "review_history $(median '/review/applications?status=decided')"
	# the server's memory around the export: resident before, and the
	# peak while it ran (the peak is reset first, where the kernel lets
	# us: writing 5 to clear_refs; otherwise it is the peak since start)
	# Resident counts the database file's pages SQLite reads through mmap
	# (the kernel's page cache); the server's own memory is its anonymous
	# pages (RssAnon), sampled every 20 ms while the export runs.
	rss0=$(awk '/^VmRSS/ { print $2 }' "/proc/$spid/status")
	anon0=$(awk '/^RssAnon/ { print $2 }' "/proc/$spid/status")
	echo 5 > "/proc/$spid/clear_refs" 2>/dev/null
	( peak=0
	  while [ ! -e "$work/export.done" ]; do
		a=$(awk '/^RssAnon/ { print $2 }' "/proc/$spid/status")
		[ "${a:-0}" -gt "$peak" ] && peak=$a && echo "$peak" > "$work/anon.peak"
		sleep 0.02
	  done ) &
	sampler=$!
	t0=$(ticks)
	t=$(one '/members/export.csv?lang=en')
	echo "export_all $t $(( ($(ticks) - t0) * 1000 / HZ ))"
	touch "$work/export.done"
	wait "$sampler"
	rm -f "$work/export.done"
	echo "export_rss_mb $(( rss0 / 1024 ))"
	echo "export_peak_mb $(( $(awk '/^VmHWM/ { print $2 }' "/proc/$spid/status") / 1024 ))"
	echo "export_anon_mb $(( anon0 / 1024 ))"
	echo "export_anon_peak_mb $(( $(cat "$work/anon.peak" 2>/dev/null || echo 0) / 1024 ))"
	echo "export_rows $(($(wc -l < "$work/body") - 1))"
	echo "export_bytes $(wc -c < "$work/body")"
	t0=$(ticks)
	start=$(date +%s%N)
	pids=''
	i=0
	for q in "$q_user" "$q_name" "$q_mobile" wang zhang 139 example %E5%BC%A0; do
		i=$((i + 1))
		one "/members?q=$q" > "$work/par.$i.t" &
		pids="$pids $!"
	done
	# only the searches: the server is a child of this shell too
	for p in $pids; do wait "$p"; done
	end=$(date +%s%N)
	echo "concurrent_8_max $(cat "$work"/par.*.t | sort -n | tail -1) $(( ($(ticks) - t0) * 1000 / HZ / 8 ))"
	echo "concurrent_8_wall $(( (end - start) / 1000000 ))"
	rm -f "$work"/par.*.t
	if command -v wrk >/dev/null 2>&1; then
		echo "p99_16_first_page $(p99_16 "$token" '/members')"
		echo "p99_16_search $(p99_16 "$token" "/members?q=$q_user")"
		echo "p99_16_search_name $(p99_16 "$token" "/members?q=$q_name")"
		echo "p99_16_stats $(p99_16 "$token" '/stats')"
		echo "p99_16_queue $(p99_16 "$token" '/review/applications')"
		mtoken=''
		for _ in 1 2 3; do
			mtoken=$(curl -s -H 'Content-Type: application/json' \
				-d "{\"login\":\"$q_login\",\"password\":\"Seed-Member-2026\"}" "$base/api/v1/auth/login" |
				sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
			[ -n "$mtoken" ] && break
			sleep 5
		done
		if [ -n "$mtoken" ]; then
			echo "p99_16_my_orders $(p99_16 "$mtoken" '/orders')"
		else
			echo "bench: could not sign in as the seeded member $q_login" >&2
		fi
	fi
	echo "terms $q_user $q_mobile"
	stop
}

if [ -n "${BENCH_BEFORE_FIGURES:-}" ]; then
	cp "$BENCH_BEFORE_FIGURES" "$work/before"
elif [ -n "${ROSTERD_BEFORE:-}" ]; then
	echo "== before: $ROSTERD_BEFORE"
	measure "$ROSTERD_BEFORE" | tee "$work/before"
fi
echo "== after: $ROSTERD"
measure "$ROSTERD" | tee "$work/after"
load=$(cut -d' ' -f1-3 /proc/loadavg)

val() { awk -v k="$2" -v c="$3" '$1 == k { print $c }' "$1" 2>/dev/null; }
row() {
	b=$(val "$work/before" "$1" 2); a=$(val "$work/after" "$1" 2)
	bc=$(val "$work/before" "$1" 3); ac=$(val "$work/after" "$1" 3)
	echo "| $2 | ${b:--} | ${a:--} | ${bc:--} | ${ac:--} |"
}
# a p99 row: the figure and, in brackets, how many requests it is of
rowp() {
	b=$(val "$work/before" "$1" 2); a=$(val "$work/after" "$1" 2)
	bn=$(val "$work/before" "$1" 3); an=$(val "$work/after" "$1" 3)
	echo "| $2 | ${b:--}${bn:+ ($bn)} | ${a:--}${an:+ ($an)} | - | - |"
}
{
	echo "# rosterd at size: measured figures"
	echo
	echo "Written by \`make bench\` (tests/bench/at_size.sh); figures, never asserted."
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Machine: $(uname -sr), $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%d MB", $2 / 1024 }' /proc/meminfo)"
	echo "- $backend, $MEMBERS members, $ORDERS orders: $seed_line"
	echo "- ms: median time of $RUNS requests, one client (curl) unless said; CPU ms: the"
	echo "  server's CPU time (user + system) per request, which other work on the"
	echo "  machine changes least (rosterd's alone: on PostgreSQL the database's own"
	echo "  work runs in its processes and is not counted)"
	echo "- p99 rows: the 99th percentile in ms with 16 connections (wrk) for"
	echo "  ${BENCH_P99_SECONDS:-10} s, and in brackets how many requests finished in that time"
	echo "- Load average at the end: $load (other work on the machine slows every figure)"
	[ -n "${BENCH_NOTE:-}" ] && echo "- $BENCH_NOTE"
	echo
	echo "| Request | before ms | after ms | before CPU ms | after CPU ms |"
	echo "|---|---:|---:|---:|---:|"
	row members_first_page "GET /members (first page)"
	row search_username "GET /members?q= a username"
	row search_name "GET /members?q= a name (Chinese)"
	row search_mobile "GET /members?q= part of a mobile"
	row search_short "GET /members?q=li (2 characters)"
	row page_5000 "GET /members?page=5000"
	row stats "GET /stats"
	row review_counts "GET /review/counts"
	row review_queue "GET /review/applications (the queue)"
	row review_history "GET /review/applications?status=decided (the history)"
	row export_all "GET /members/export.csv (all)"
	row export_rows "  rows exported"
	row export_bytes "  bytes exported"
	row export_rss_mb "  server resident before the export (MB)"
	row export_peak_mb "  server peak resident during the export (MB)"
	row export_anon_mb "  server's own memory before the export (MB, RssAnon)"
	row export_anon_peak_mb "  server's own memory at its peak during it (MB, RssAnon)"
	row concurrent_8_max "8 searches at once: slowest"
	row concurrent_8_wall "8 searches at once: all done"
	rowp p99_16_first_page "p99, 16 connections: GET /members"
	rowp p99_16_search "p99, 16 connections: a username search"
	rowp p99_16_search_name "p99, 16 connections: a name search"
	rowp p99_16_stats "p99, 16 connections: GET /stats"
	rowp p99_16_queue "p99, 16 connections: GET /review/applications"
	rowp p99_16_my_orders "p99, 16 connections: a member's GET /orders"
} > "$RESULTS"
echo "== written to $RESULTS"
cat "$RESULTS"
