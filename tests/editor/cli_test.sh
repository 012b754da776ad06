#!/usr/bin/env bash
# The CLI's conveniences, for every command `filterc --help` lists:
# `filterc help COMMAND` is `COMMAND --help`; a mistyped option gets a "did
# you mean" naming the right one; -q/--quiet is accepted; `validate -`
# reads standard input (named by --stdin-name, .json read strictly); -q
# drops the closing count but keeps the diagnostics.
# usage: cli_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
filterc=$(realpath "$1")
root=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() {
  echo "FAIL: $1"
  fail=1
}

commands=$("$filterc" --help | awk '/^commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }')
[ "$(echo "$commands" | wc -l)" -ge 8 ] || bad "filterc --help lists too few commands: $commands"
for cmd in $commands; do
  "$filterc" help "$cmd" >"$tmp/help.out" 2>&1
  h=$?
  "$filterc" "$cmd" --help >"$tmp/opt.out" 2>&1
  o=$?
  if [ $h = 0 ] && [ $o = 0 ] && cmp -s "$tmp/help.out" "$tmp/opt.out" &&
    grep -q "usage: filterc $cmd" "$tmp/help.out"; then
    ok "help $cmd is $cmd --help"
  else
    bad "help $cmd (exit $h) differs from $cmd --help (exit $o)"
  fi
  for q in -q --quiet; do
    if "$filterc" "$cmd" "$q" --help >/dev/null 2>&1; then ok "$cmd accepts $q"; else bad "$cmd rejects $q"; fi
  done
  # the command's first long option of 6+ characters, with a letter dropped
  opt=$(grep -oE -- '--[a-z][a-z-]{4,}' "$tmp/opt.out" | grep -v -- '--help' | head -1)
  typo=${opt:0:4}${opt:5}
  "$filterc" "$cmd" "$typo" x >/dev/null 2>"$tmp/err"
  e=$?
  if [ $e = 2 ] && grep -q "unknown option '$typo'" "$tmp/err" &&
    grep -q "did you mean '$opt'?" "$tmp/err"; then
    ok "$cmd $typo: did you mean '$opt'?"
  else
    bad "$cmd $typo (exit $e): $(tr '\n' ' ' <"$tmp/err" | cut -c1-200)"
  fi
done

# The man page documents every command and every option its --help names.
man_text=$(sed 's/\\-/-/g' "$root/doc/filterc.1")
for cmd in $commands; do
  grep -q "^\.SS filterc $cmd\$" <<<"$man_text" || bad "doc/filterc.1 has no section for $cmd"
  for opt in $("$filterc" "$cmd" --help | grep -oE -- '(^|[][ |,])--?[a-z][a-z0-9-]*' |
    sed -E 's/^[][ |,]+//' | sort -u); do
    grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" <<<"$man_text" ||
      bad "doc/filterc.1 does not mention $cmd's option $opt"
  done
done
ok "doc/filterc.1 lists every command's options"

"$filterc" valdate x >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "did you mean 'validate'" "$tmp/err" && ok "unknown command: did you mean" ||
  bad "unknown command: $(head -2 "$tmp/err")"
"$filterc" help nosuch >/dev/null 2>&1
[ $? = 2 ] && ok "help of an unknown command: exit 2" || bad "help nosuch did not exit 2"
# the option after '=' is not part of the word compared
"$filterc" validate --formt=json x >/dev/null 2>"$tmp/err"
grep -q "did you mean '--format'" "$tmp/err" && ok "--formt=json: did you mean '--format'" ||
  bad "--formt=json: $(head -2 "$tmp/err")"

# validate - : standard input
"$filterc" validate - <"$root/filters/filters.yaml" && ok "validate - reads a valid file from stdin" ||
  bad "validate - on filters.yaml"
printf 'filters:\n  - id: a\n    nmae: x\n' | "$filterc" validate - 2>"$tmp/err"
[ $? = 1 ] && grep -q "^<stdin>:3:5: error: unknown key 'nmae'" "$tmp/err" &&
  ok "validate - reports <stdin>:LINE:COL" || bad "validate - on bad input: $(head -3 "$tmp/err")"
printf 'filters:\n  - id: a\n    nmae: x\n' | "$filterc" validate --stdin-name f/filters.yaml - 2>"$tmp/err"
grep -q "^f/filters.yaml:3:5: error" "$tmp/err" && ok "--stdin-name names stdin" ||
  bad "--stdin-name: $(head -2 "$tmp/err")"
"$filterc" validate --stdin-name x.json - <"$root/tests/diagnostics/json-trailing-comma.json" 2>"$tmp/err"
[ $? = 1 ] && grep -q "^x.json:10:78: error: trailing comma" "$tmp/err" &&
  ok "--stdin-name x.json reads stdin as strict JSON" || bad "stdin JSON: $(head -2 "$tmp/err")"
"$filterc" validate --format json - <"$root/filters/filters.yaml" | python3 -c 'import json,sys; json.load(sys.stdin)' &&
  ok "validate --format json - writes JSON" || bad "validate --format json -"
"$filterc" validate - - </dev/null 2>"$tmp/err"
[ $? = 2 ] && ok "stdin twice is a usage error" || bad "validate - - did not exit 2"

# -q: no closing count, diagnostics kept
f=$root/tests/diagnostics/mixed-logic.yaml
"$filterc" validate "$f" 2>"$tmp/loud"
"$filterc" validate -q "$f" 2>"$tmp/quiet"
if grep -qE '^[0-9]+ errors?, [0-9]+ warnings?$' "$tmp/loud" &&
  ! grep -qE '^[0-9]+ errors?, [0-9]+ warnings?$' "$tmp/quiet" &&
  grep -q 'warning:' "$tmp/quiet"; then
  ok "validate -q: diagnostics without the closing count"
else
  bad "validate -q: $(tail -1 "$tmp/quiet")"
fi
"$filterc" test -q "$root/filters/filters.test.yaml" >"$tmp/out" 2>&1
[ $? = 0 ] && [ ! -s "$tmp/out" ] && ok "test -q: silent when every case passes" ||
  bad "test -q printed: $(head -3 "$tmp/out")"
"$filterc" test "$root/filters/filters.test.yaml" >"$tmp/out" 2>&1
grep -q PASS "$tmp/out" && ok "test without -q prints PASS lines" || bad "test prints no PASS"
exit "$fail"
