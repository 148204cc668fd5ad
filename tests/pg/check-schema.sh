#!/bin/sh
# Check the PostgreSQL schema (src/server/store/migrations/pg/) against the
# SQLite one: the same tables with the same columns in the same order and
# of matching types, the same NOT NULLs, defaults, keys, unique sets,
# indexes, foreign keys, number of CHECKs, triggers and views; the
# member_search triggers keeping the same text on both; and the functions
# of 000_compat.sql giving SQLite's answers.
#
#   ROSTERD=build/out/rosterd sh tests/pg/check-schema.sh
#
# It needs sqlite3, psql and a PostgreSQL 15 server reached through the
# usual libpq variables (PGHOST, PGPORT, PGUSER) as a role that may create
# databases; it makes and drops a scratch database of its own. A server
# for it, as root:
#   d=/tmp/pgcheck; mkdir -p $d/sock; chown -R postgres $d
#   runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D $d/data -A trust -U roster
#   runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D $d/data -l $d/log \
#       -o "-p 55433 -k $d/sock -c listen_addresses=" -w start
#   PGHOST=$d/sock PGPORT=55433 PGUSER=roster sh tests/pg/check-schema.sh
# Under tests/pg/check.sh (`make check`'s PostgreSQL pass) it takes the
# test cluster from ROSTER_TEST_PG instead. Its last line is TAP ("ok 1" or
# "not ok 1"), for tests/run.sh.
set -u
if [ -n "${ROSTER_TEST_PG:-}" ]; then
	# postgresql://USER@/DB?host=DIR&port=N
	export PGUSER="$(printf '%s' "$ROSTER_TEST_PG" | sed -n 's|^postgres[a-z]*://\([^@/]*\)@.*|\1|p')"
	export PGHOST="$(printf '%s' "$ROSTER_TEST_PG" | sed -n 's|.*[?&]host=\([^&]*\).*|\1|p')"
	export PGPORT="$(printf '%s' "$ROSTER_TEST_PG" | sed -n 's|.*[?&]port=\([0-9]*\).*|\1|p')"
fi

top=$(cd "$(dirname "$0")/../.." && pwd)
rosterd=${ROSTERD:-$top/build/out/rosterd}
work=$(mktemp -d /tmp/pgcheck.XXXXXX)
pgdb=pgcheck_$$
fails=0
export PGDATABASE=$pgdb

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
lite() { sqlite3 -batch -noheader -cmd 'PRAGMA foreign_keys = ON' "$work/x.db" "$@"; }

cleanup() {
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

# ---------------------------------------------------------------- both schemas
"$rosterd" init --db "$work/x.db" --data-dir "$top/data" >"$work/init.log" 2>&1 ||
	{ cat "$work/init.log"; echo "rosterd init failed"; exit 1; }
psql -X -q -d postgres -c "CREATE DATABASE $pgdb" >/dev/null || exit 1
cat $(ls "$top"/src/server/store/migrations/pg/*.sql | LC_ALL=C sort) |
	q -o /dev/null >"$work/apply.log" 2>&1 ||
	{ cat "$work/apply.log"; echo "the PostgreSQL migrations failed"; exit 1; }
# each SQLite migration has its PostgreSQL twin, and the other way round
(cd "$top/src/server/store/migrations" && ls *.sql) >"$work/lite.files"
(cd "$top/src/server/store/migrations/pg" && ls *.sql | grep -v '^000_') >"$work/pg.files"
diff "$work/lite.files" "$work/pg.files" >"$work/d" || { fail "migration files differ"; cat "$work/d"; }

# What SQLite's storage can only say through the rowid: the INTEGER PRIMARY
# KEY columns the code always gives a value (not identities on PostgreSQL).
given='members.account_id member_no_seq.year terms.id'

# tables the code makes itself (schema_version) or that FTS5 keeps for
# member_search and member_search_wide, which are compared on their own below
skip="'schema_version', 'sqlite_sequence', 'member_search', 'member_search_wide'"
skip_fts="name NOT LIKE 'member!_search!_%' ESCAPE '!'"

compare() {
	if ! diff "$work/$1.lite" "$work/$1.pg" >"$work/$1.diff"; then
		fail "$1 differ (< SQLite, > PostgreSQL)"
		cat "$work/$1.diff"
	fi
}

# columns: table, position, name, type, not null, default, identity
lite "SELECT m.name, p.cid + 1, p.name,
	CASE p.type WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text' WHEN 'BLOB' THEN 'bytea'
	            WHEN 'REAL' THEN 'double precision' ELSE 'unknown ' || p.type END,
	CASE WHEN p.\"notnull\" OR p.pk > 0 THEN 'not null' ELSE 'null' END,
	COALESCE(p.dflt_value, ''),
	CASE WHEN p.type = 'INTEGER' AND p.pk = 1
	      AND (SELECT count(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0) = 1
	     THEN 'rowid' ELSE '' END
	FROM sqlite_master m, pragma_table_info(m.name) p
	WHERE m.type = 'table' AND m.name NOT IN ($skip) AND m.$skip_fts
	ORDER BY 1, 2" >"$work/columns.raw"
: >"$work/columns.lite"
while IFS='|' read -r t pos c ty nn df rowid; do
	case " $given " in
	*" $t.$c "*) rowid= ;;
	esac
	[ -n "$rowid" ] && rowid=identity
	echo "$t|$pos|$c|$ty|$nn|$df|$rowid" >>"$work/columns.lite"
done <"$work/columns.raw"
q -c "SELECT c.table_name, c.ordinal_position, c.column_name, c.data_type,
	CASE WHEN c.is_nullable = 'NO' THEN 'not null' ELSE 'null' END,
	COALESCE(regexp_replace(c.column_default, '::(text|bigint)$', ''), ''),
	CASE WHEN c.is_identity = 'YES' THEN 'identity' ELSE '' END
	FROM information_schema.columns c JOIN information_schema.tables t
	  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
	WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
	  AND c.table_name NOT IN ($skip)
	ORDER BY 1, 2" >"$work/columns.pg"
compare columns

# unique column sets (primary keys and UNIQUE constraints)
{
	lite "SELECT m.name || '(' || (SELECT group_concat(name, ',') FROM
	        (SELECT ii.name FROM pragma_index_info(il.name) ii ORDER BY ii.seqno)) || ')'
	      FROM sqlite_master m, pragma_index_list(m.name) il
	      WHERE m.type = 'table' AND m.name NOT IN ($skip) AND m.$skip_fts
	        AND il.origin IN ('pk', 'u')"
	lite "SELECT m.name || '(' || p.name || ')' FROM sqlite_master m, pragma_table_info(m.name) p
	      WHERE m.type = 'table' AND m.name NOT IN ($skip) AND m.$skip_fts
	        AND p.type = 'INTEGER' AND p.pk = 1
	        AND (SELECT count(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0) = 1"
} | LC_ALL=C sort >"$work/unique.lite"
q -c "SELECT t.relname || '(' || (SELECT string_agg(a.attname, ',' ORDER BY k.n)
	  FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
	  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) || ')'
	FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
	JOIN pg_namespace s ON s.oid = t.relnamespace
	WHERE s.nspname = 'public' AND c.contype IN ('p', 'u') AND t.relname NOT IN ($skip)" |
	LC_ALL=C sort >"$work/unique.pg"
compare unique

# named indexes: name, table, unique, partial, columns with DESC
lite "SELECT il.name, m.name, il.\"unique\", il.partial, (SELECT group_concat(x, ',') FROM
	(SELECT xi.name || CASE WHEN xi.\"desc\" THEN ' desc' ELSE '' END AS x
	 FROM pragma_index_xinfo(il.name) xi WHERE xi.key ORDER BY xi.seqno))
	FROM sqlite_master m, pragma_index_list(m.name) il
	WHERE m.type = 'table' AND m.name NOT IN ($skip) AND m.$skip_fts AND il.origin = 'c'
	ORDER BY 1" >"$work/indexes.lite"
q -c "SELECT i.relname, t.relname, x.indisunique::int, (x.indpred IS NOT NULL)::int,
	(SELECT string_agg(a.attname || CASE WHEN pg_index_column_has_property(i.oid, k.n::int, 'desc')
	                                THEN ' desc' ELSE '' END, ',' ORDER BY k.n)
	 FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
	 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
	FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
	JOIN pg_namespace s ON s.oid = t.relnamespace
	WHERE s.nspname = 'public' AND t.relname NOT IN ($skip)
	  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
	ORDER BY 1" >"$work/indexes.pg"
compare indexes

# partial index conditions, with brackets, blanks and casts left out (SQLite
# keeps "a = 1 AND b = 2" as written, PostgreSQL "(a = 1) AND (b = 2)"),
# and PostgreSQL's "a = ANY (ARRAY['x', 'y'])" read back as "a IN ('x', 'y')"
lite "SELECT name, lower(substr(s, instr(upper(s), ' WHERE ') + 7)) FROM
	(SELECT name, replace(replace(sql, char(10), ' '), char(9), ' ') AS s
	 FROM sqlite_master WHERE type = 'index')
	WHERE upper(s) LIKE '% WHERE %' ORDER BY 1" | sed 's/[() ]//g' >"$work/partial.lite"
q -c "SELECT i.relname, lower(pg_get_expr(x.indpred, x.indrelid)) FROM pg_index x
	JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indpred IS NOT NULL ORDER BY 1" |
	sed -e 's/::[a-z]*//g' -e 's/[() ]//g' -e 's/=anyarray\[\([^]]*\)\]/in\1/g' >"$work/partial.pg"
compare partial

# foreign keys: table, column, referenced table and column, on delete
lite "SELECT m.name, f.\"from\", f.\"table\", COALESCE(f.\"to\", 'id'), f.on_delete
	FROM sqlite_master m, pragma_foreign_key_list(m.name) f
	WHERE m.type = 'table' AND m.name NOT IN ($skip) AND m.$skip_fts ORDER BY 1, 2" >"$work/fkeys.lite"
q -c "SELECT t.relname, a.attname, r.relname, ra.attname,
	CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'
	     WHEN 'r' THEN 'RESTRICT' WHEN 'd' THEN 'SET DEFAULT' END
	FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
	JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
	JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
	WHERE c.contype = 'f' ORDER BY 1, 2" >"$work/fkeys.pg"
compare fkeys

# CHECK constraints, counted per table (their text is compared by the
# behaviour checks below only where a migration changed them)
lite "SELECT name, (length(upper(sql)) - length(replace(upper(sql), 'CHECK (', ''))) / 7
	FROM sqlite_master WHERE type = 'table' AND name NOT IN ($skip) AND $skip_fts
	AND upper(sql) LIKE '%CHECK (%' ORDER BY 1" >"$work/checks.lite"
q -c "SELECT t.relname, count(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
	WHERE c.contype = 'c' GROUP BY 1 ORDER BY 1" >"$work/checks.pg"
compare checks

# triggers and views
lite "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('trigger', 'view')
	ORDER BY 1, 2" >"$work/objects.lite"
# PostgreSQL only: NOTIFY of settled orders to the other instances (127)
pgonly="'orders_settled_notify'"
q -c "SELECT 'trigger', tgname, c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
	WHERE NOT g.tgisinternal AND tgname NOT IN ($pgonly)
	UNION ALL SELECT 'view', viewname, viewname FROM pg_views WHERE schemaname = 'public'
	ORDER BY 1, 2" >"$work/objects.pg"
compare objects

# ---------------------------------------------------------------- the widened CHECKs
ck() {   # ck WANT SQL: WANT is ok or refused
	if q -c "BEGIN; $2; ROLLBACK;" >/dev/null 2>&1; then got=ok; else got=refused; fi
	[ "$got" = "$1" ] || fail "expected $1: $2"
}
base="INSERT INTO accounts (id, username, username_key, email, password_hash, role, created_at,
	updated_at, password_changed_at) VALUES (900, 'c', 'c', 'c@x', 'h', 'member', 1, 1, 1);
	INSERT INTO levels (id, member_type, code, name_zh, name_en, annual_fee, rank)
	VALUES (900, 'individual', 'c', 'c', 'c', 100, 1);
	INSERT INTO orders (id, order_no, account_id, kind, amount, unit_fee, level_id, created_at,
	updated_at, closes_at) VALUES (900, 'D1', 900, 'dues', 100, 100, 900, 1, 1, 1)"
inv="INSERT INTO invoices (order_id, account_id, title_type, title, kind, email, amount,
	requested_at, updated_at, status)"
ck ok "$base; $inv VALUES (900, 900, 'personal', 't', 'dues_receipt', 'e', 1, 1, 1, 'rejected')"
ck ok "$base; $inv VALUES (900, 900, 'personal', 't', 'normal', 'e', 1, 1, 1, 'requested')"
ck refused "$base; $inv VALUES (900, 900, 'personal', 't', 'special', 'e', 1, 1, 1, 'requested')"
ck ok "$base; $inv VALUES (900, 900, 'organisation', 't', 'special', 'e', 1, 1, 1, 'issued')"
ck refused "$base; $inv VALUES (900, 900, 'personal', 't', 'other', 'e', 1, 1, 1, 'requested')"
ck refused "$base; $inv VALUES (900, 900, 'personal', 't', 'normal', 'e', 1, 1, 1, 'void')"
pay="INSERT INTO payments (order_id, account_id, method, amount, created_at, updated_at, status)"
ck ok "$base; $pay VALUES (900, 900, 'qr', 100, 1, 1, 'not_needed')"
ck refused "$base; $pay VALUES (900, 900, 'qr', 100, 1, 1, 'lost')"
ck refused "$base; $pay VALUES (900, 900, 'qr', 100, 1, 1, 'pending');
	$pay VALUES (900, 900, 'bank_transfer', 100, 1, 1, 'pending');
	$pay VALUES (900, 900, 'bank_transfer', 100, 1, 1, 'pending')"
ck ok "$base; $pay VALUES (900, 900, 'bank_transfer', 100, 1, 1, 'rejected');
	$pay VALUES (900, 900, 'bank_transfer', 100, 1, 1, 'pending')"
# a new row's id comes from the identity and lastval() reads it
got=$(q -c "BEGIN; $base; INSERT INTO notices (title, body, created_at, updated_at)
	VALUES ('t', 'b', 1, 1); SELECT lastval() = (SELECT max(id) FROM notices); ROLLBACK;" | tail -2 | head -1)
[ "$got" = t ] || fail "lastval() after an insert into notices: $got"

# ---------------------------------------------------------------- member_search
# The same statements on both databases; after each the texts must agree.
both() {
	lite "$1" || fail "SQLite: $1"
	q -c "$1" >/dev/null || fail "PostgreSQL: $1"
	lite "SELECT rowid, hay FROM member_search WHERE rowid >= 1000 ORDER BY 1" >"$work/hay.lite"
	q -c "SELECT account_id, hay FROM member_search WHERE account_id >= 1000 ORDER BY 1" >"$work/hay.pg"
	diff "$work/hay.lite" "$work/hay.pg" >"$work/hay.diff" ||
		{ fail "member_search after: $1"; cat "$work/hay.diff"; }
	lite "SELECT rowid, wide FROM member_search_wide WHERE rowid >= 1000 ORDER BY 1" \
		>"$work/wide.lite"
	q -c "SELECT account_id, wide FROM member_search_wide WHERE account_id >= 1000 ORDER BY 1" \
		>"$work/wide.pg"
	diff "$work/wide.lite" "$work/wide.pg" >"$work/wide.diff" ||
		{ fail "member_search_wide after: $1"; cat "$work/wide.diff"; }
	steps=$((steps + 1))
}
steps=0
acc="INSERT INTO accounts (id, username, username_key, email, mobile, password_hash, role,
	created_at, updated_at, password_changed_at) VALUES"
both "$acc (1000, 'Alice', 'alice', 'alice@example.com', '13800000001', 'h', 'member', 1, 1, 1)"
both "$acc (1001, 'bob', 'bob', 'bob@example.com', NULL, 'h', 'member', 1, 1, 1)"
both "$acc (1002, 'staff', 'staff', 'staff@example.com', NULL, 'h', 'hq_staff', 1, 1, 1)"
both "INSERT INTO members (account_id, member_type, name, profile, created_at, updated_at)
	VALUES (1000, 'individual', '张三', '{\"name\":\"张三\",\"mobile\":\"13900000000\"}', 1, 1)"
both "INSERT INTO applications (account_id, kind, member_type, profile, created_at, updated_at)
	VALUES (1000, 'join', 'individual', '{\"name\":\"张三\",\"email\":\"z@example.com\",\"uscc\":\"X1\"}', 1, 1)"
both "UPDATE members SET status = 'pending_branch' WHERE account_id = 1000"
both "UPDATE members SET profile = '{\"name\":\"李四\",\"unit_name\":\"单位\",\"contact_phone\":123}'
	WHERE account_id = 1000"
both "UPDATE members SET profile = 'not json' WHERE account_id = 1000"
both "INSERT INTO members (account_id, member_type, status, member_no, name, profile, created_at,
	updated_at) VALUES (1001, 'unit', 'active', 'M2026000001', 'Unit B', '{}', 1, 1)"
both "INSERT INTO applications (account_id, kind, member_type, profile, created_at, updated_at)
	VALUES (1001, 'join', 'unit', '{\"unit_name\":\"Unit B Ltd\",\"contact_email\":\"c@b.cn\"}', 1, 1)"
both "UPDATE applications SET profile = '{\"unit_name\":\"Unit B Co\"}' WHERE account_id = 1001"
both "INSERT INTO applications (account_id, kind, member_type, profile, created_at, updated_at)
	VALUES (1001, 'profile_change', 'unit', '{\"unit_name\":\"Never\"}', 1, 1)"
both "UPDATE applications SET kind = 'level_change' WHERE account_id = 1001 AND kind = 'join'"
both "UPDATE applications SET kind = 'join' WHERE account_id = 1001 AND kind = 'level_change'"
both "UPDATE accounts SET email = 'bob2@example.com', mobile = '13700000000' WHERE id = 1001"
both "UPDATE accounts SET mobile = '13600000000' WHERE id = 1001"
both "UPDATE accounts SET username = 'Bobby' WHERE id = 1001"
both "UPDATE members SET member_no = 'M2026000002' WHERE account_id = 1001"
both "UPDATE members SET name = 'Unit C' WHERE account_id = 1001"
both "UPDATE accounts SET role = 'member' WHERE id = 1002"
both "UPDATE accounts SET role = 'hq_staff' WHERE id = 1002"
both "DELETE FROM applications WHERE account_id = 1001 AND kind = 'join'"
both "UPDATE members SET status = 'draft' WHERE account_id = 1001"
both "DELETE FROM members WHERE account_id = 1001"
both "DELETE FROM accounts WHERE id = 1000"
both "$acc (1003, 'carol', 'carol', 'carol@example.com', NULL, 'h', 'member', 1, 1, 1);
	INSERT INTO members (account_id, member_type, status, name, profile, created_at, updated_at)
	VALUES (1003, 'individual', 'active', 'Carol Ünal', '{\"name\":\"Carol\"}', 1, 1)"
both "UPDATE members SET name = '胡娜 Ünal', profile = '{\"name\":\"胡娜\",\"unit_name\":\"北京胡娜科技\"}'
	WHERE account_id = 1003"
[ "$steps" -gt 20 ] || fail "member_search steps"
n=$(q -c "SELECT count(*) FROM member_search WHERE account_id >= 1000")
[ "$n" = 2 ] || fail "member_search rows at the end: $n"
# the search the store makes, on both
for pat in '%bob2%' '%CAROL%' '%13700%' '%un%' '%Ü%' '%!%%'; do
	fts=$(printf '%s' "$pat" | tr -d '%!')
	if [ ${#fts} -ge 3 ]; then
		l=$(lite "SELECT rowid FROM member_search WHERE member_search MATCH '\"$fts\"'
			AND hay LIKE '$pat' ESCAPE '!' ORDER BY 1" | tr '\n' ' ')
	else
		l=$(lite "SELECT rowid FROM member_search WHERE hay LIKE '$pat' ESCAPE '!' ORDER BY 1" |
			tr '\n' ' ')
	fi
	p=$(q -c "SELECT account_id FROM member_search WHERE hay ILIKE '$pat' ESCAPE '!' ORDER BY 1" |
		tr '\n' ' ')
	[ "$l" = "$p" ] || fail "search $pat: SQLite [$l], PostgreSQL [$p]"
	p=$(q -c "SELECT rowid FROM member_search WHERE hay ILIKE '$pat' ESCAPE '!' ORDER BY 1" |
		tr '\n' ' ')
	[ "$l" = "$p" ] || fail "search $pat by rowid: SQLite [$l], PostgreSQL [$p]"
done
# one or two characters outside ASCII: through member_search_wide on both
for w in '胡' '胡娜' '娜丽' 'Ü' '京胡'; do
	t=$(printf '%s' "$w" | sed 's/./&&&/g')
	l=$(lite "SELECT s.rowid FROM member_search s WHERE s.rowid IN (SELECT rowid FROM
		member_search_wide WHERE member_search_wide MATCH '\"$t\"')
		AND s.hay LIKE '%$w%' ESCAPE '!' ORDER BY 1" | tr '\n' ' ')
	p=$(q -c "SELECT s.account_id FROM member_search s WHERE s.account_id IN (SELECT
		w.account_id FROM member_search_wide w WHERE w.wide ILIKE '%$t%')
		AND s.hay ILIKE '%$w%' ESCAPE '!' ORDER BY 1" | tr '\n' ' ')
	a=$(q -c "SELECT account_id FROM member_search WHERE hay ILIKE '%$w%' ORDER BY 1" |
		tr '\n' ' ')
	[ "$l" = "$p" ] && [ "$p" = "$a" ] ||
		fail "search $w: SQLite [$l], PostgreSQL [$p], every text [$a]"
done
plan=$(q -c "SET enable_seqscan = off; EXPLAIN SELECT account_id FROM member_search_wide
	WHERE wide ILIKE '%胡胡胡娜娜娜%'")
case "$plan" in
*member_search_wide_trgm*) ;;
*) fail "the index of member_search_wide is not used: $plan" ;;
esac
plan=$(q -c "SET enable_seqscan = off; EXPLAIN SELECT account_id FROM member_search
	WHERE hay ILIKE '%carol%' ESCAPE '!'")
case "$plan" in
*member_search_hay*) ;;
*) fail "the trigram index is not used: $plan" ;;
esac

# ---------------------------------------------------------------- compat functions
# Each expression as SQLite and PostgreSQL answer it, in two time zones.
# json_valid is boolean on PostgreSQL: it is asked as a condition.
cat >"$work/exprs" <<'EOF'
json_extract('{"name":"张三","n":5}', '$.name')
json_extract('{"name":"张三","n":5}', '$.n')
json_extract('{"n":-12}', '$.n')
json_extract('{"n":1.5}', '$.n')
json_extract('{"n":1.50}', '$.n')
json_extract('{"n":2e3}', '$.n')
json_extract('{"b":true,"f":false}', '$.b') || json_extract('{"b":true,"f":false}', '$.f')
json_extract('{"z":null}', '$.z') IS NULL
json_extract('{"a":1}', '$.missing') IS NULL
json_extract('{"a":{"b":[10,"x"]}}', '$.a.b[1]')
json_extract('{"a":{"b":[10,"x"]}}', '$.a.b[0]')
json_extract('{"a":{"b":[10,"x"]}}', '$.a.b[5]') IS NULL
json_extract('{"s":"line\nnext \"q\" \u00e9"}', '$.s')
json_extract('[1,2]', '$.a') IS NULL
json_extract('5', '$.a') IS NULL
json_extract('{}', '$.uscc') IS NULL
json_extract(NULL, '$.a') IS NULL
COALESCE(json_extract('{"a":""}', '$.a'), 'null')
upper(json_extract('{"id_number":"11010119900101001x"}', '$.id_number'))
CASE WHEN json_valid('{"a":1}') THEN 1 ELSE 0 END
CASE WHEN json_valid('[1, 2, {"x": null}]') THEN 1 ELSE 0 END
CASE WHEN json_valid('"s"') THEN 1 ELSE 0 END
CASE WHEN json_valid('12') THEN 1 ELSE 0 END
CASE WHEN json_valid('{"a":1') THEN 1 ELSE 0 END
CASE WHEN json_valid('not json') THEN 1 ELSE 0 END
CASE WHEN json_valid('') THEN 1 ELSE 0 END
CASE WHEN json_valid(NULL) THEN 1 ELSE 0 END
CASE WHEN json_valid('{a:1}') THEN 1 ELSE 0 END
max(3, 7)
max(7, 3)
max(-1, 0)
max(NULL, 5) IS NULL
min(3, 7)
min(5, NULL) IS NULL
max(2000000000000, 5)
datetime(0, 'unixepoch', 'localtime')
datetime(1764400000, 'unixepoch', 'localtime')
datetime(1773500000, 'unixepoch', 'localtime')
datetime(1785000000, 'unixepoch', 'localtime')
datetime(NULL, 'unixepoch', 'localtime') IS NULL
date(1764400000, 'unixepoch', 'localtime')
date(1767196800, 'unixepoch', 'localtime')
date(1767225599, 'unixepoch', 'localtime')
date(NULL, 'unixepoch', 'localtime') IS NULL
strftime('%Y', 1767196800, 'unixepoch', 'localtime')
strftime('%Y', 1767225599, 'unixepoch', 'localtime')
strftime('%Y-%m-%d %H:%M:%S', 1785000000, 'unixepoch', 'localtime')
strftime('%Y', NULL, 'unixepoch', 'localtime') IS NULL
datetime(1785000000, 'unixepoch')
date(1767225599, 'unixepoch')
date('2026-12-31', '+1 day')
date('2026-02-28', '+1 day')
date('2028-02-28', '+1 day')
date('2026-03-01', '-1 day')
date('2026-03-01', '-30 days')
date('2026-01-31', '+1 month')
date('2026-01-31', '+1 months')
date('2026-03-31', '-1 month')
date('2026-01-15', '-13 months')
date('2026-11-30', '+14 months')
date('2024-02-29', '+1 year')
date('2024-02-29', '-4 years')
date('2026-05-05 10:00:00', '+2 days')
date('9999-12-31', '+1 day') IS NULL
date('not a date', '+1 day') IS NULL
date('2026-13-01', '+1 day') IS NULL
date(NULL, '+1 day') IS NULL
length('张三')
substr('abc.', length('abc.'))
lower('ABC') || upper('abc')
EOF
for tz in Asia/Shanghai America/New_York; do
	while IFS= read -r e; do
		l=$(TZ=$tz sqlite3 -batch -noheader :memory: "SELECT $e" 2>&1)
		p=$(PGTZ=$tz q -c "SELECT $e" 2>&1)
		[ "$p" = t ] && p=1
		[ "$p" = f ] && p=0
		[ "$l" = "$p" ] || fail "[$tz] $e: SQLite [$l], PostgreSQL [$p]"
	done <"$work/exprs"
done
got=$(q -c "SELECT length('\\x00ff00'::bytea)")
[ "$got" = 3 ] || fail "length of a BYTEA: $got"
# what SQLite would run and these must not silently answer otherwise
for e in "date('2026-01-01', 'start of month')" "date('2026-01-01', '+1 hour')" \
         "datetime(5, 'unixepoch', 'utc')" "strftime('%f', 5, 'unixepoch', 'localtime')" \
         "json_extract('{}', 'name')"; do
	q -c "SELECT $e" >/dev/null 2>&1 && fail "PostgreSQL answered $e"
done

if [ "$fails" -eq 0 ]; then
	echo "PostgreSQL schema: OK ($(wc -l <"$work/columns.pg") columns," \
	     "$(wc -l <"$work/indexes.pg") indexes, $steps member_search steps," \
	     "$(wc -l <"$work/exprs") expressions x 2 zones)"
	echo "ok 1 - the PostgreSQL schema and functions match SQLite's"
	exit 0
fi
echo "PostgreSQL schema: $fails failure(s)"
echo "not ok 1 - the PostgreSQL schema and functions match SQLite's"
exit 1
