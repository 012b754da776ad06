#!/usr/bin/env bash
# Golden tests of explain and diff: each golden/NAME.cmd holds the
# arguments of one filterc run (shell words, paths relative to golden/);
# NAME.out holds its stdout, then its stderr and exit status. --update
# (an argument, never the environment, so a stray variable cannot turn the
# test into a rewrite that passes) rewrites the .out files instead.
# usage: run_golden.sh FILTERC GOLDEN_DIR [--update]
set -uo pipefail
filterc=$(realpath "$1")
update=0
[ "${3:-}" = --update ] && update=1
cd "$2" || exit 2
fail=0 count=0
for cmd in *.cmd; do
  name=${cmd%.cmd}
  count=$((count + 1))
  actual=$(
    eval "set -- $(cat "$cmd")"
    out=$("$filterc" "$@" 2>stderr.tmp)
    rc=$?
    printf '%s\n[stderr]\n%s\n[exit %d]\n' "$out" "$(cat stderr.tmp)" "$rc"
    rm -f stderr.tmp
  )
  if [ "$update" = 1 ]; then
    printf '%s\n' "$actual" >"$name.out"
  elif ! diff -u "$name.out" <(printf '%s\n' "$actual"); then
    echo "FAIL: $name"
    fail=1
  fi
done
[ "$count" -gt 0 ] || { echo "no golden cases in $2"; exit 1; }
[ "$fail" = 0 ] && echo "ok: $count golden cases"
exit "$fail"
