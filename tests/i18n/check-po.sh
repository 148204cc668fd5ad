#!/bin/sh
# Translation check, TAP output:
#   1 - every msgid in the sources has a zh_CN translation (not missing,
#       not empty, not fuzzy) in po/zh_CN.po plus the parts po/zh_CN/*.po;
#   2 - msgfmt --check accepts the merged catalogue and each part.
# The msgids are extracted the way `make pot` does: _() and N_() in every
# src/**/*.c and include/**/*.h, plus the messages of the X-macro list in
# include/roster/err.h (4th argument of X, which xgettext reads without
# expanding macros). Exits non-zero when a case fails.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$root" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roster-check-po.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0
: > "$tmp/diag" # diagnostics, printed after the result line they explain
echo "1..2"

# 1 - complete
files=$(find src include -name '*.[ch]' | LC_ALL=C sort)
ok=1
if ! xgettext --from-code=UTF-8 -k_ -kN_ --force-po -o "$tmp/roster.pot" $files 2> "$tmp/err" ||
   ! xgettext --from-code=UTF-8 -j -kX:4,4t -o "$tmp/roster.pot" include/roster/err.h 2>> "$tmp/err"; then
	ok=0
	sed 's/^/# /' "$tmp/err" >> "$tmp/diag"
fi
parts=$(find po/zh_CN -name '*.po' 2>/dev/null | LC_ALL=C sort)
if [ "$ok" = 1 ] && ! msgcat --use-first --force-po -o "$tmp/zh_CN.po" po/zh_CN.po $parts 2> "$tmp/err"; then
	ok=0
	sed 's/^/# /' "$tmp/err" >> "$tmp/diag"
fi
if [ "$ok" = 1 ]; then
	# Put the catalogue's translations onto the template: what stays
	# untranslated or fuzzy is missing.
	if msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$tmp/zh_CN.po" "$tmp/roster.pot" 2> "$tmp/err"; then
		{
			msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po"
			msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/merged.po"
		} 2> "$tmp/err" | awk '
			function body(l) { sub(/^[^"]*"/, "", l); sub(/"$/, "", l); return l }
			/^msgid "/ { s = body($0); st = 1; next }
			/^msgid_plural/ { st = 2; next }
			/^"/ { if (st == 1) s = s body($0); next }
			/^msgstr/ { if (st && s != "") print "\"" s "\""; st = 0; next }
			{ st = 0 }
		' | LC_ALL=C sort -u > "$tmp/missing"
		if [ -s "$tmp/missing" ]; then
			ok=0
			n=$(wc -l < "$tmp/missing" | tr -d ' ')
			{
				echo "# $n msgid(s) without a zh_CN translation (add them to po/zh_CN.po):"
				sed 's/^/#   msgid /' "$tmp/missing"
			} >> "$tmp/diag"
		fi
	else
		ok=0
		sed 's/^/# /' "$tmp/err" >> "$tmp/diag"
	fi
fi
if [ "$ok" = 1 ]; then
	echo "ok 1 - every msgid has a zh_CN translation"
else
	echo "not ok 1 - every msgid has a zh_CN translation"
	cat "$tmp/diag"
	failed=1
fi

# 2 - well-formed
ok=1
: > "$tmp/diag"
for po in "$tmp/zh_CN.po" po/zh_CN.po $parts; do
	[ -f "$po" ] || { ok=0; echo "# $po: not created" >> "$tmp/diag"; continue; }
	if ! msgfmt --check -o /dev/null "$po" 2> "$tmp/err"; then
		ok=0
		sed 's/^/# /' "$tmp/err" >> "$tmp/diag"
	fi
done
if [ "$ok" = 1 ]; then
	echo "ok 2 - msgfmt --check accepts the zh_CN catalogue and its parts"
else
	echo "not ok 2 - msgfmt --check accepts the zh_CN catalogue and its parts"
	cat "$tmp/diag"
	failed=1
fi

exit "$failed"
