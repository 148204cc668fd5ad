#!/bin/sh
# `make run`: a fresh demo database in ./demo, rosterd on loopback, and
# roster in this terminal. The server stops when roster exits.
# Env (set by the Makefile): ROSTERD, ROSTER, ROSTER_LOCALEDIR, ROSTER_DATADIR.
set -u
: "${ROSTERD:?ROSTERD is not set (run through make run)}"
: "${ROSTER:?ROSTER is not set (run through make run)}"

demo=${ROSTER_DEMO_DIR:-$PWD/demo}
mkdir -p "$demo/outbox" "$demo/files"
rm -f "$demo/roster.db" "$demo/roster.db-wal" "$demo/roster.db-shm"

# --demo-members: members at every stage of the journey (README lists them)
if ! "$ROSTERD" init --demo-members --db "$demo/roster.db" > "$demo/init.log" 2>&1; then
	echo "make run: rosterd init failed:" >&2
	cat "$demo/init.log" >&2
	exit 1
fi

log="$demo/rosterd.log"
: > "$log"
# the demo pays through the sandbox provider (no real money; off by default)
"$ROSTERD" serve --db "$demo/roster.db" --port 0 --outbox "$demo/outbox" \
	--data-dir "${ROSTER_DATADIR:-$PWD/data}" --set pay.sandbox=1 > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM HUP

# the server prints "rosterd: listening on http://127.0.0.1:PORT" once bound
url=''
tries=0
while [ -z "$url" ]; do
	url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log" | head -n 1)
	[ -n "$url" ] && break
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "make run: rosterd stopped:" >&2
		cat "$log" >&2
		exit 1
	fi
	tries=$((tries + 1))
	if [ "$tries" -gt 100 ]; then
		echo "make run: rosterd did not say where it listens (see $log)" >&2
		exit 1
	fi
	sleep 0.1
done

cat <<MSG
Roster demo
  server:   $url   (log: $log, mail: $demo/outbox)
  staff:    hq / Hq-Demo-2026 (HQ)      admin / Admin-Demo-2026
            bj_staff / Branch-Demo-2026 (北京分会)   sh_staff / Branch-Demo-2026 (上海分会)
            gd_staff / Branch-Demo-2026 (广东分会)   sc_staff / Branch-Demo-2026 (四川分会)
  members (password Member-Demo-2026 for all):
            demo           active: orders, a receipt, a paid level change
            demo_draft     application begun (draft)
            demo_branch    applied through 北京分会, awaiting the branch
            demo_rejected  rejected by 北京分会, to correct and resubmit
            demo_unpaid    approved, dues to pay
            demo_grace     membership lapsed, in its grace period
  payments: sandbox (the QR code opens a confirmation page on this server)
  second terminal:  $ROSTER --server $url
MSG
if [ -t 0 ]; then
	printf 'Press Enter to start roster here... '
	read -r _ || true
fi

ROSTER_LOCALEDIR=${ROSTER_LOCALEDIR:-} "$ROSTER" --server "$url"
rc=$?
echo "roster exited ($rc); stopping rosterd."
exit $rc
