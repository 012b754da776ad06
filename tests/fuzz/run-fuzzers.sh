#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang into build-fuzz/ (ASan + UBSan,
# every library instrumented) and runs each for SECONDS_EACH (default 60)
# over a copy of its committed seed corpus, so new inputs found here do not
# dirty the tree. Prints executions and time per fuzzer; exits 1 when any
# fuzzer crashes, leaks or times out (the reproducer is kept in
# build-fuzz/artifacts/).
#
#   tests/fuzz/run-fuzzers.sh [SECONDS_EACH] [FUZZER...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
fuzzers=("$@")
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=(frontend events generate eventschema cli_inputs)

[ -f build-fuzz/build.ninja ] ||
  CC=clang CXX=clang++ meson setup build-fuzz -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
ninja -C build-fuzz $(printf 'tests/fuzz/fuzz_%s ' "${fuzzers[@]}") >build-fuzz/ninja.log 2>&1 ||
  { tail -40 build-fuzz/ninja.log >&2; echo "run-fuzzers: the clang build failed" >&2; exit 1; }

status=0
for f in "${fuzzers[@]}"; do
  work=build-fuzz/corpus/$f
  mkdir -p "$work" build-fuzz/artifacts
  cp -n tests/fuzz/corpus/$f/* "$work"/ 2>/dev/null || true
  log=build-fuzz/fuzz_$f.log
  start=$(date +%s)
  rc=0
  extra=()
  # cli_inputs runs the commands, which print: their stdout and stderr are
  # closed (libFuzzer and the sanitizers report on their own copy).
  [ "$f" = cli_inputs ] && extra=(-close_fd_mask=3)
  # UBSan findings must stop the run like ASan's; leaks are checked.
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    build-fuzz/tests/fuzz/fuzz_$f -max_total_time="$seconds" -rss_limit_mb=2048 \
    -timeout=10 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix=build-fuzz/artifacts/$f- "${extra[@]}" "$work" >"$log" 2>&1 || rc=$?
  secs=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ $rc -eq 0 ]; then
    echo "fuzz_$f: ${execs:-?} executions in ${secs} s, no crash"
  else
    echo "fuzz_$f: FAILED (exit $rc) after ${execs:-?} executions in ${secs} s; see $log" >&2
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -20 >&2 || true
    status=1
  fi
done
exit $status
