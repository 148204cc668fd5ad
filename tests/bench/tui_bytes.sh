#!/bin/sh
# Bytes roster writes to its terminal: per keystroke in a field and per full
# 80x24 screen. Figures, not assertions. Budgets to design for: about 20
# bytes a keystroke and 2.5 KB a screen (a 9600-baud line paints a screen in
# under 3 s). Needs ROSTERD and ROSTER (make bench sets them) and tmux.
set -u
: "${ROSTERD:?set ROSTERD}"
: "${ROSTER:?set ROSTER}"
command -v tmux >/dev/null 2>&1 || { echo "tui_bytes: tmux is missing"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/roster-bench-XXXXXX")
sock="roster-bench-$$"
T="tmux -L $sock-0 -f /dev/null"
ncase=0
pid=''
cleanup() {
	$T kill-server 2>/dev/null
	:
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

mkdir -p "$dir/outbox" "$dir/home"
"$ROSTERD" init --db "$dir/db" > "$dir/init.log" 2>&1 || { cat "$dir/init.log"; exit 1; }
"$ROSTERD" serve --db "$dir/db" --port 0 --outbox "$dir/outbox" \
	--data-dir "${ROSTER_DATADIR:-data}" > "$dir/log" 2>&1 &
pid=$!
url=''
i=0
while [ -z "$url" ] && [ $i -lt 200 ]; do
	url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$dir/log" | head -n 1)
	[ -z "$url" ] && sleep 0.05
	i=$((i + 1))
done
[ -n "$url" ] || { echo "tui_bytes: rosterd did not start"; cat "$dir/log"; exit 1; }

bytes() { stat -c %s "$dir/bytes" 2>/dev/null || echo 0; }
# wait until roster has been quiet for 200 ms (a repaint is over)
settle() {
	last=$(bytes); quiet=0; n=0
	while [ $quiet -lt 4 ] && [ $n -lt 200 ]; do
		sleep 0.05; now=$(bytes); n=$((n + 1))
		if [ "$now" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; last=$now; fi
	done
}
screen_has() { $T capture-pane -p -t b 2>/dev/null | grep -q "$1"; }
wait_for() {
	n=0
	until screen_has "$1"; do
		sleep 0.02; n=$((n + 1))
		[ $n -gt 500 ] && { echo "tui_bytes: \"$1\" never appeared"; exit 1; }
	done
}

wait_gone() {
	n=0
	while screen_has "$1"; do
		sleep 0.02; n=$((n + 1))
		[ $n -gt 500 ] && { echo "tui_bytes: \"$1\" never went away"; exit 1; }
	done
}

run_case() { # TERM LANG label
	term=$1; lang=$2; label=$3
	ncase=$((ncase + 1))
	T="tmux -L $sock-$ncase -f /dev/null"
	: > "$dir/bytes"
	$T new-session -d -s b -x 80 -y 24 "sleep 100000"
	$T set-option -g status off
	$T pipe-pane -t b "cat >> '$dir/bytes'"
	$T respawn-pane -k -t b "exec env -i HOME='$dir/home' TERM=$term LANG=$lang \
		ROSTER_LOCALEDIR='${ROSTER_LOCALEDIR:-}' '$ROSTER' --server '$url'"
	wait_for "Register as a new member"
	settle
	first=$(bytes)

	b0=$(bytes); $T send-keys -t b l; wait_for "Username, e-mail"; settle
	login=$(( $(bytes) - b0 ))

	b0=$(bytes)
	for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		$T send-keys -t b -l x
	done
	wait_for "xxxxxxxxxxxxxxxxxxxx"; settle
	ascii=$(( ($(bytes) - b0) / 20 ))

	b0=$(bytes)
	for k in 1 2 3 4 5 6 7 8 9 10; do
		$T send-keys -t b -l 张
	done
	wait_for "张张张张张张张张张张"; settle
	cjk=$(( ($(bytes) - b0) / 10 ))

	b0=$(bytes)
	for k in 1 2 3 4 5 6 7 8 9 10; do
		$T send-keys -t b BSpace
	done
	wait_gone "张"; settle
	bs=$(( ($(bytes) - b0) / 10 ))

	b0=$(bytes); $T send-keys -t b C-l; settle
	full=$(( $(bytes) - b0 ))

	printf '%-26s first paint %5d B  sign-in screen %5d B  full repaint (Ctrl-L) %5d B\n' \
		"$label" "$first" "$login" "$full"
	printf '%-26s per key: ASCII %3d B  Chinese %3d B  Backspace %3d B\n' "" "$ascii" "$cjk" "$bs"
	$T kill-server 2>/dev/null
}

echo "roster bytes written to an 80x24 terminal (budgets: ~20 B a key, ~2500 B a screen)"
run_case screen-256color C.UTF-8 "colour, UTF-8"
run_case vt100 C "vt100, LANG=C"
