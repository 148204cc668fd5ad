#!/bin/sh
# A throwaway PostgreSQL cluster for the tests.
#
#   cluster.sh start DIR   make a cluster in DIR, start it, print its URL
#   cluster.sh stop DIR    stop it and remove DIR
#
# The cluster listens on a unix socket in DIR only (no TCP), trusts every
# local connection, runs with fsync off (its data is thrown away) and has
# one superuser, roster. `start` prints the base URL, e.g.
#   postgresql://roster@/postgres?host=/path/to/DIR&port=55432
# and writes it to DIR/url; the tests make their own databases from it
# (ROSTER_TEST_PG, tests/api/harness.c). With a database URL rosterd keeps
# its signing keys and mail in ./keys and ./outbox unless told otherwise:
# DIR/rosterd.conf (for ROSTERD_CONFIG) puts them in DIR/keys and
# DIR/outbox instead, so a test run leaves none behind.
#
# initdb refuses to run as root: as root the server tools run as the
# postgres user (runuser), which then owns DIR. When a parent directory is
# closed to that user (a checkout under /root), the data directory and the
# socket go to a directory in /tmp instead, named in DIR/home, and the URL
# names that.
set -u

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
case $2 in
/*) dir=$2 ;;
*) dir=$(pwd)/$2 ;;
esac
dir=${dir%/}
marker=$dir/.roster-test-cluster

# The newest installed server (Debian keeps each major version apart).
bindir=''
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] || continue
	v=${d%/bin}; v=${v##*/}
	if [ -z "$bindir" ] || [ "${v%%.*}" -gt "$best" ] 2>/dev/null; then
		bindir=$d; best=${v%%.*}
	fi
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
	bindir=$(dirname "$(command -v initdb)")
fi

if [ "$(id -u)" = 0 ]; then
	as_owner() { runuser -u postgres -- "$@"; }
else
	as_owner() { "$@"; }
fi

# Is the TCP port taken by anything on this machine (listening, any address)?
port_taken() {
	hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$hex" '$2 ~ p"$" && $4 == "0A" { found = 1 } END { exit !found }'
}

stop() {
	[ -d "$dir" ] || return 0
	if [ ! -e "$marker" ]; then
		echo "cluster.sh: $dir is not a test cluster; left alone" >&2
		return 1
	fi
	home=$dir
	[ -f "$dir/home" ] && home=$(cat "$dir/home")
	if [ -n "$bindir" ] && [ -f "$home/data/postmaster.pid" ]; then
		as_owner "$bindir/pg_ctl" -D "$home/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			as_owner "$bindir/pg_ctl" -D "$home/data" -m immediate -w -t 30 stop >/dev/null 2>&1
	fi
	[ "$home" != "$dir" ] && [ -e "$home/.roster-test-cluster" ] && rm -rf "$home"
	rm -rf "$dir"
}

start() {
	if [ -z "$bindir" ]; then
		echo "cluster.sh: no PostgreSQL server found (apt-get install postgresql)" >&2
		return 1
	fi
	case $dir in
	*[!A-Za-z0-9/._+-]*)
		echo "cluster.sh: $dir: use a directory name of letters, digits and / . _ + -" >&2
		return 1 ;;
	esac
	# a cluster left behind by an interrupted run goes first
	if [ -e "$marker" ]; then
		stop || return 1
	elif [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
		echo "cluster.sh: $dir exists and is not empty" >&2
		return 1
	fi
	# the socket's path must fit in sun_path (107 bytes)
	if [ ${#dir} -gt 80 ]; then
		echo "cluster.sh: $dir: too long a path for the server's socket (80 characters at most)" >&2
		return 1
	fi
	mkdir -p "$dir" || return 1
	: > "$marker"
	home=$dir
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir" || return 1
		if ! runuser -u postgres -- test -w "$dir"; then
			home=$(mktemp -d /tmp/roster-pg.XXXXXX) || return 1
			echo "$home" >"$dir/home"
			: > "$home/.roster-test-cluster"
			chown postgres: "$home" || return 1
		fi
	fi
	if ! as_owner "$bindir/initdb" -D "$home/data" -A trust -U roster --encoding=UTF8 \
	        --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 &&
	   ! { rm -rf "$home/data" && as_owner "$bindir/initdb" -D "$home/data" -A trust -U roster \
	        --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; }; then
		echo "cluster.sh: initdb failed:" >&2
		sed 's/^/    /' "$dir/initdb.log" >&2
		return 1
	fi
	port=55432
	while [ -e "$home/.s.PGSQL.$port" ] || port_taken "$port"; do
		port=$((port + 1))
		[ "$port" -lt 55532 ] || { echo "cluster.sh: no free port from 55432" >&2; return 1; }
	done
	cat >>"$home/data/postgresql.conf" <<EOF

# tests/pg/cluster.sh: a throwaway cluster for the tests
listen_addresses = ''
unix_socket_directories = '$home'
port = $port
max_connections = 300
fsync = off
full_page_writes = off
synchronous_commit = off
EOF
	if ! as_owner "$bindir/pg_ctl" -D "$home/data" -l "$home/data/server.log" -w -t 60 start >/dev/null 2>&1; then
		echo "cluster.sh: the server did not start:" >&2
		tail -n 20 "$home/data/server.log" 2>/dev/null | sed 's/^/    /' >&2
		return 1
	fi
	url="postgresql://roster@/postgres?host=$home&port=$port"
	if ! "$bindir/psql" -X -q -A -t -d "$url" -c 'SELECT 1' >/dev/null 2>"$dir/psql.log"; then
		echo "cluster.sh: the server started but psql cannot connect:" >&2
		sed 's/^/    /' "$dir/psql.log" >&2
		return 1
	fi
	mkdir -m 700 "$dir/keys" &&
		printf '[server]\nkey_dir = %s/keys\n[mail]\noutbox_dir = %s/outbox\n' "$dir" "$dir" \
			>"$dir/rosterd.conf" || return 1
	echo "$url" >"$dir/url"
	echo "$url"
}

case $cmd in
start)
	start && exit 0
	[ -e "$marker" ] && stop
	exit 1 ;;
stop) stop ;;
*) usage ;;
esac
