#!/bin/sh
# at_size.sh on PostgreSQL: a throwaway cluster (tests/pg/cluster.sh), a
# database in C collation seeded the same way, the same requests; figures in
# tests/bench/results-postgresql.md. Sizes as at_size.sh (BENCH_MEMBERS,
# BENCH_ORDERS); figures, never asserted.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=${BENCH_PG_DIR:-${TMPDIR:-/tmp}/roster-bench-pg}
trap 'sh "$here/../pg/cluster.sh" stop "$dir"' EXIT INT TERM
base=$(sh "$here/../pg/cluster.sh" start "$dir") || exit 1
psql -X -q "$base" -c "CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8'
	LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'" || exit 1
url=$(printf '%s' "$base" | sed 's|/postgres?|/bench?|')
BENCH_DB=$url BENCH_RESULTS=${BENCH_RESULTS_PG:-$here/results-postgresql.md} \
	sh "$here/at_size.sh"
