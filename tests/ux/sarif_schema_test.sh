#!/usr/bin/env bash
# `filterc validate --format sarif` output checked against the published
# SARIF 2.1.0 JSON Schema (sarif/sarif-schema-2.1.0.json) with Ajv.
# usage: sarif_schema_test.sh FILTERC SOURCE_ROOT
# Skipped (exit 77) until tests/ux/sarif/setup.sh has installed Ajv;
# under CI=true that is a failure instead.
set -uo pipefail
filterc=$(realpath "$1")
root=$(realpath "$2")
sarif_dir=$root/tests/ux/sarif
if [ ! -d "$sarif_dir/node_modules/ajv-formats" ] || ! command -v node >/dev/null; then
  echo "skip: run tests/ux/sarif/setup.sh to install Ajv"
  [ "${CI:-}" = true ] && exit 1 # under CI a skip is a failure
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# Every diagnostics case at once (errors, warnings, binary files, file-level
# line-0 diagnostics), then a clean file.
"$filterc" validate --format sarif "$root"/tests/diagnostics/*.yaml >"$tmp/all.sarif"
[ $? = 1 ] || { echo "FAIL: expected exit 1 on the diagnostics corpus"; fail=1; }
"$filterc" validate --format sarif "$root/filters/filters.yaml" >"$tmp/clean.sarif" ||
  { echo "FAIL: clean file"; fail=1; }
python3 -c 'import json,sys; n=len(json.load(open(sys.argv[1]))["runs"][0]["results"]); assert n > 50, n' \
  "$tmp/all.sarif" || { echo "FAIL: too few results"; fail=1; }
node "$sarif_dir/check-sarif.cjs" "$tmp/all.sarif" "$tmp/clean.sarif" || fail=1
# The check must be able to fail: a log the schema forbids.
echo '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":1}}}]}' >"$tmp/broken.sarif"
if node "$sarif_dir/check-sarif.cjs" "$tmp/broken.sarif" >/dev/null; then
  echo "FAIL: the schema check accepted an invalid log"
  fail=1
fi
exit "$fail"
