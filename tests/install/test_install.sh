#!/bin/sh
# A real deployment, TAP output: `make install PREFIX=/usr` into a DESTDIR
# gives a distribution's layout (/etc/roster/rosterd.conf, /var/lib/roster,
# the systemd unit, the nginx site), and the installed rosterd, started from
# its installed paths with the installed configuration and no ROSTER_*
# variable, finds its data and its Chinese translations by itself; without
# the translations it refuses to start and says why; under systemd its log
# lines carry syslog priorities for the journal.
# Env: ROSTER_BUILD (the build tree to install from; `make check` sets it).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
build=${ROSTER_BUILD:?ROSTER_BUILD is not set}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roster-install.XXXXXX") || exit 2
pid=''
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
unset ROSTER_DATADIR ROSTER_LOCALEDIR ROSTERD_CONFIG
n=0; failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
echo "1..7"

# 1 - install (objects copied, so only what holds the paths is rebuilt)
dest=$tmp/root
cp -a "$build" "$tmp/build"
rm -rf "$tmp/build/tests" "$tmp/build/fuzz" "$tmp/build/test-logs"
if make -s -C "$root" NODEPS=1 BUILD="$tmp/build" PREFIX=/usr DESTDIR="$dest" install > "$tmp/install.log" 2>&1; then
	ok "make install PREFIX=/usr DESTDIR=…"
else
	not_ok "make install PREFIX=/usr DESTDIR=…" "$(tail -n 20 "$tmp/install.log")"
fi

# 2 - the layout a distribution uses, paths filled in
missing=''
for f in usr/sbin/rosterd usr/bin/roster etc/roster/rosterd.conf usr/lib/systemd/system/rosterd.service \
         etc/nginx/sites-available/roster.conf usr/share/roster/catalogue usr/share/roster/examples/sshd-roster.conf \
         usr/share/locale/zh_CN/LC_MESSAGES/roster.mo usr/share/man/man8/rosterd.8 var/lib/roster; do
	[ -e "$dest/$f" ] || missing="$missing $f"
done
unfilled=$(grep -l '@[A-Z]*DIR@' "$dest/usr/lib/systemd/system/rosterd.service" \
	"$dest/usr/share/roster/examples/sshd-roster.conf" 2>/dev/null)
if [ -z "$missing" ] && [ -z "$unfilled" ] &&
   grep -q '^path = /var/lib/roster/roster.db' "$dest/etc/roster/rosterd.conf" &&
   grep -q '^ExecStart=/usr/sbin/rosterd serve' "$dest/usr/lib/systemd/system/rosterd.service" &&
   grep -q 'ROSTERD_CONFIG=/etc/roster/rosterd.conf' "$dest/usr/lib/systemd/system/rosterd.service"; then
	ok "files in /etc/roster, /var/lib/roster, /usr/lib/systemd/system, /etc/nginx"
else
	not_ok "installed layout" "missing:$missing" "unfilled: $unfilled"
fi

# The installed configuration, with the database moved into the DESTDIR and
# a free port: everything else is as installed.
conf=$dest/etc/roster/rosterd.conf
db=$dest/var/lib/roster/roster.db
rosterd=$dest/usr/sbin/rosterd

# 3 - init finds the catalogue from the install prefix alone
if "$rosterd" init --config "$conf" --set database.path="$db" > "$tmp/init.log" 2>&1 && [ -s "$db" ]; then
	ok "installed rosterd init finds its data without ROSTER_DATADIR"
else
	not_ok "installed rosterd init" "$(tail -n 10 "$tmp/init.log")"
fi

start() { # log file, then extra arguments
	log=$1; shift
	"$rosterd" serve --config "$conf" --set database.path="$db" --port 0 "$@" > "$log" 2>&1 &
	pid=$!
	url=''
	for _ in $(seq 100); do
		url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log" | head -n 1)
		[ -n "$url" ] && return 0
		kill -0 "$pid" 2>/dev/null || { wait "$pid"; rc=$?; pid=''; return 1; }
		sleep 0.1
	done
	return 1
}
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=''; }

# 4 - serve answers, and in Chinese without ROSTER_LOCALEDIR
if start "$tmp/serve.log"; then
	levels=$(curl -s "$url/api/v1/levels?member_type=individual")
	msg=$(curl -s -H 'Accept-Language: zh-CN' "$url/api/v1/me")
	stop
	if echo "$levels" | grep -q '"items"' && echo "$msg" | grep -q '"unauthorized"' &&
	   [ "$(printf '%s' "$msg" | LC_ALL=C grep -c "$(printf '\344\275\240\|\350\257\267\|\347\231\273')")" -gt 0 ]; then
		ok "installed rosterd serves, in Chinese, from its installed paths"
	else
		not_ok "installed rosterd answers in Chinese" "levels: $levels" "me: $msg"
	fi
else
	not_ok "installed rosterd serve starts" "$(tail -n 10 "$tmp/serve.log")"
fi

# 5 - without its translations it refuses to start and says why
mv "$dest/usr/share/locale" "$dest/usr/share/locale.away"
if start "$tmp/nolocale.log"; then
	stop
	not_ok "refuses to start without the Chinese catalogue" "it started"
elif grep -q 'no Chinese translations at' "$tmp/nolocale.log"; then
	ok "without translations: refuses to start, naming what is missing"
else
	not_ok "refusal names the missing catalogue" "$(tail -n 5 "$tmp/nolocale.log")"
fi
# 6 - unless configured to speak English, then it warns
if start "$tmp/english.log" --set server.language=en; then
	stop
	if grep -q 'warn no Chinese translations\|warn.*no Chinese translations' "$tmp/english.log"; then
		ok "server.language = en without translations: starts and warns"
	else
		not_ok "warns when it has no Chinese" "$(head -n 5 "$tmp/english.log")"
	fi
else
	not_ok "server.language = en starts without translations" "$(tail -n 5 "$tmp/english.log")"
fi
mv "$dest/usr/share/locale.away" "$dest/usr/share/locale"

# 7 - the journal's format when stderr is the journal's stream
jlog=$tmp/journal.log
: > "$jlog"
JOURNAL_STREAM=$(stat -c '%d:%i' "$jlog")
export JOURNAL_STREAM
if start "$jlog"; then
	curl -s "$url/healthz" > /dev/null
	stop
	unset JOURNAL_STREAM
	first=$(head -n 1 "$jlog")
	if grep -q '^<6>info listening on' "$jlog" && ! grep -q '^20[0-9][0-9]-' "$jlog"; then
		ok "journal lines: <priority>level message, no own timestamp"
	else
		not_ok "journal line format" "first line: $first"
	fi
else
	unset JOURNAL_STREAM
	not_ok "serve under JOURNAL_STREAM" "$(tail -n 5 "$jlog")"
fi
exit $failed
