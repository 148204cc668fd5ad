#!/bin/sh
# Run test binaries (cmocka, TAP output) and print one closing line for the
# whole suite: "N passed, N failed" (", N skipped" when any were), after
# "$ROSTER_TEST_LABEL: " when that is set; the line is also left in the log
# directory's file "summary". Exit status is non-zero when anything failed
# or a binary crashed.
set -u
pass=0; fail=0; skip=0
log_dir=${ROSTER_TEST_LOG:-${ROSTER_BUILD:-${TMPDIR:-/tmp}}/test-logs}
mkdir -p "$log_dir"
export CMOCKA_MESSAGE_OUTPUT=TAP
for t in "$@"; do
	name=$(echo "$t" | sed 's|.*/tests/||')
	out="$log_dir/$(echo "$name" | tr '/' '_').log"
	timeout -k 10 "${ROSTER_TEST_TIMEOUT:-900}" "$t" > "$out" 2>&1
	rc=$?
	p=$(grep -Ec '^ok [0-9]+' "$out" | head -1)
	s=$(grep -Eic '^ok [0-9]+.*# *skip' "$out" | head -1)
	f=$(grep -Ec '^not ok [0-9]+' "$out" | head -1)
	# cmocka's skip() prints "not ok N # SKIP name": a skip, not a failure
	fs=$(grep -Eic '^not ok [0-9]+ *# *skip' "$out" | head -1)
	p=$((p - s)); f=$((f - fs)); s=$((s + fs))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# crashed, timed out or failed outside a test case
		f=1
		echo "FAIL $name (exit $rc)"
		tail -n 30 "$out" | sed 's/^/    /'
	elif [ "$f" -gt 0 ]; then
		echo "FAIL $name ($f failed)"
		grep -E -A8 '^not ok|^# (ERROR|FAIL)|ERROR:|error:' "$out" | head -n 60 | sed 's/^/    /'
	else
		echo "ok   $name ($p passed${s:+, $s skipped})" | sed 's/, 0 skipped//'
	fi
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
done
summary="${ROSTER_TEST_LABEL:+$ROSTER_TEST_LABEL: }$pass passed, $fail failed"
[ "$skip" -gt 0 ] && summary="$summary, $skip skipped"
echo "$summary"
echo "$summary" > "$log_dir/summary"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
