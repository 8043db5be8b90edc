# Helpers shared by the scripts that run check_conn as Nagios runs it (tests/check_conn,
# tests/contrib, tests/hostile, tests/modes). Source after tests/lib.sh.

# has_option NAME: whether check_conn --help lists --NAME (options of branches not merged
# yet are missing until they are).
has_option () {
  "$CHECK_CONN" --help | grep -Eq -- "--$1([=[:space:]]|\$)"
}

# skip_case DESCRIPTION REASON: one case cannot run here; says so, never silently.
skip_case () { echo "SKIP: $TEST_NAME: $1: $2"; }
