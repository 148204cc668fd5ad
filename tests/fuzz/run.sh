#!/bin/sh
# Run each libFuzzer target for a fixed number of inputs from its seed
# corpus with a fixed seed, so `make check` replays the same inputs every
# time (longer runs: `make fuzz FUZZ_RUNS=…`). Prints TAP.
set -u
dir=${ROSTER_BUILD:?}/fuzz
runs=${FUZZ_RUNS:-20000}
here=$(dirname "$0")
n=0; bad=0
for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/}; t=${name#fuzz_}
	n=$((n + 1))
	work=$(mktemp -d)
	cp "$here/corpus/$t/"* "$work/" 2>/dev/null
	if "$bin" -seed=1 -runs="$runs" -max_len=4096 -timeout=10 "$work" > "$work.log" 2>&1; then
		echo "ok $n - $name: $runs inputs, no crash"
	else
		echo "not ok $n - $name"
		tail -n 40 "$work.log" | sed 's/^/# /'
		bad=1
	fi
	rm -rf "$work" "$work.log"
done
if [ "$n" -eq 0 ]; then
	echo "not ok 1 - no fuzz targets were built in $dir"
	exit 1
fi
echo "1..$n"
exit $bad
