#!/bin/sh
# Run test binaries on PostgreSQL: a throwaway cluster in DIR for the run
# (tests/pg/cluster.sh), the tests through tests/run.sh with ROSTER_TEST_PG
# set to it (each test server makes a database of its own there) and
# ROSTERD_CONFIG to DIR/rosterd.conf (keys and mail in DIR/keys and
# DIR/outbox), and the cluster stopped and DIR removed at the end, whatever
# happened.
#
#   tests/pg/check.sh DIR TEST...
#
# The environment is tests/run.sh's; the logs go to ROSTER_TEST_LOG
# (default $ROSTER_BUILD/test-logs-pg), the closing line starts with
# ROSTER_TEST_LABEL (default "PostgreSQL").
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 DIR TEST..." >&2
	exit 2
fi
here=$(dirname "$0")
dir=$1
shift
log_dir=${ROSTER_TEST_LOG:-${ROSTER_BUILD:-${TMPDIR:-/tmp}}/test-logs-pg}
label=${ROSTER_TEST_LABEL:-PostgreSQL}

trap 'sh "$here/cluster.sh" stop "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkdir -p "$log_dir"
if ! url=$(sh "$here/cluster.sh" start "$dir"); then
	echo "$label: the test cluster did not start, no test ran" | tee "$log_dir/summary"
	exit 1
fi
echo "$label: test cluster $url"
ROSTER_TEST_PG=$url ROSTERD_CONFIG=$dir/rosterd.conf ROSTER_TEST_LOG=$log_dir ROSTER_TEST_LABEL=$label sh "$here/../run.sh" "$@"
