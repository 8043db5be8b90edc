# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Sourced by bench/*.sh. bench_builddir TOP: the build tree holding check_conn/check_conn:
# top_builddir when set; else TOP for a build in the source tree; else TOP/_build, where
# tests/run.sh and contrib/quickstart.sh build. CHECK_CONN, when set, names the binary
# instead.
bench_builddir () {
  if [ -n "${top_builddir:-}" ]; then echo "$top_builddir"
  elif [ -x "$1/check_conn/check_conn" ]; then echo "$1"
  else echo "$1/_build"
  fi
}
