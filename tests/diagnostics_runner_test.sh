#!/usr/bin/env bash
# The diagnostics runner must fail when the reported diagnostics differ from
# the expected multiset: a duplicate, a missing one, a wrong exit status.
# A fake `filterc` prints a fixed JSON report, so only the runner is tested.
set -uo pipefail
runner=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fake() { # fake EXIT DIAG-JSON...
  local code=$1
  shift
  local items
  items=$(IFS=,; echo "$*")
  printf '#!/bin/sh\necho '\''{"diagnostics":[%s]}'\''\nexit %s\n' "$items" "$code" >"$tmp/filterc"
  chmod +x "$tmp/filterc"
}
d='{"line":3,"column":5,"severity":"error","code":"x"}'
printf 'a: 1\n# expect: 3:5 error [x]\n' >"$tmp/one.yaml"
fail=0
check() { # check WANT-STATUS DESCRIPTION
  python3 "$runner" "$tmp/filterc" "$tmp/one.yaml" >"$tmp/out" 2>&1
  local rc=$?
  if [ $(( rc != 0 )) != "$1" ]; then
    echo "FAIL: $2 (runner exit $rc)"; cat "$tmp/out"; fail=1
  else
    echo "ok: $2"
  fi
}
fake 1 "$d"; check 0 "the expected diagnostic once passes"
fake 1 "$d" "$d"; check 1 "the expected diagnostic twice fails"
fake 1; check 1 "a missing diagnostic fails"
fake 0 "$d"; check 1 "a wrong exit status fails"
exit $fail
