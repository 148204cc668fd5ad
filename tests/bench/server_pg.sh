#!/bin/sh
# server.sh and login_storm.sh on PostgreSQL: a throwaway cluster
# (tests/pg/cluster.sh), an empty database for each, the same figures
# (GET /me against nginx, memory at 128 connections, GET /me's p99 during a
# login storm); figures, never asserted.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=${BENCH_PG_DIR:-${TMPDIR:-/tmp}/roster-bench-pg-server}
trap 'sh "$here/../pg/cluster.sh" stop "$dir"' EXIT INT TERM
base=$(sh "$here/../pg/cluster.sh" start "$dir") || exit 1
status=0
for b in server login_storm; do
	psql -X -q "$base" -c "CREATE DATABASE bench_$b" || exit 1
	echo "######## $b.sh on PostgreSQL"
	BENCH_DB=$(printf '%s' "$base" | sed "s|/postgres?|/bench_$b?|") sh "$here/$b.sh" || status=1
done
exit $status
