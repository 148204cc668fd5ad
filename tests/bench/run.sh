#!/bin/sh
# `make bench`: every benchmark in this folder, one after another. Each prints
# its own figures; nothing here passes or fails on a number.
here=$(dirname "$0")
status=0
for b in "$here"/*.sh; do
	[ "${b##*/}" = run.sh ] && continue
	echo "######## ${b##*/}"
	sh "$b" || status=1
done
exit $status
