#!/bin/sh
# Check every library and tool Roster needs; install the missing Debian
# packages when we may (root, or passwordless sudo), otherwise print the exact
# apt-get line and stop. `deps.sh test` also wants what only the tests use
# (`make check`): a headless browser for the phone pages, and a PostgreSQL
# server (any version; tests/pg/cluster.sh runs a throwaway one) and its
# client tools for the API tests' PostgreSQL pass.
set -u

# pkg-config module or command  ->  Debian package
need='
pc:libcjson:libcjson-dev
pc:libsodium:libsodium-dev
pc:libmicrohttpd:libmicrohttpd-dev
pc:sqlite3:libsqlite3-dev
pc:libpq:libpq-dev
pc:libcurl:libcurl4-openssl-dev
pc:openssl:libssl-dev
pc:cairo:libcairo2-dev
pc:pangocairo:libpango1.0-dev
pc:fontconfig:libfontconfig-dev
pc:libqrencode:libqrencode-dev
pc:zlib:zlib1g-dev
pc:ncursesw:libncurses-dev
pc:cmocka:libcmocka-dev
cmd:pkg-config:pkg-config
cmd:cc:gcc
cmd:clang:clang
cmd:make:make
cmd:msgfmt:gettext
cmd:tmux:tmux
file:/usr/sbin/sshd:openssh-server
cmd:ssh:openssh-client
cmd:curl:curl
cmd:pdftotext:poppler-utils
cmd:groff:groff
cmd:sqlite3:sqlite3
cmd:openssl:openssl
font:zh:fonts-wqy-microhei
file:/usr/share/zoneinfo/Asia/Shanghai:tzdata
'
if [ "${1:-}" = test ]; then
	need="$need cmd:chromium:chromium glob:/usr/lib/postgresql/*/bin/initdb:postgresql"
	need="$need cmd:psql:postgresql-client cmd:pg_dump:postgresql-client"
fi

missing=''
for item in $need; do
	kind=${item%%:*}; rest=${item#*:}; what=${rest%%:*}; pkg=${rest#*:}
	case $kind in
	pc)   pkg-config --exists "$what" 2>/dev/null && continue ;;
	cmd)  command -v "$what" >/dev/null 2>&1 && continue ;;
	file) [ -e "$what" ] && continue ;;
	glob) found=''
	      for f in $what; do [ -e "$f" ] && found=1; done
	      [ -n "$found" ] && continue ;;
	font) command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=$what 2>/dev/null)" ] && continue ;;
	esac
	case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
# fc-list itself comes with fontconfig
command -v fc-list >/dev/null 2>&1 || missing="$missing fontconfig"

[ -z "$missing" ] && exit 0

line="apt-get install -y$missing"
if [ "$(id -u)" = 0 ]; then SUDO=''
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO='sudo'
else
	echo "roster: missing packages:$missing" >&2
	echo "roster: run as root:  apt-get update && $line" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "roster: missing packages:$missing (not a Debian system; install them by hand)" >&2
	exit 1
fi
echo "roster: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || exit 1
$SUDO apt-get install -y -qq --no-install-recommends$missing >&2 || exit 1
