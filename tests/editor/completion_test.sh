#!/usr/bin/env bash
# The bash completion script (doc/completion/filterc), sourced in bash and
# driven as bash drives it: COMP_WORDS/COMP_CWORD set, _filterc called,
# COMPREPLY checked.
# usage: completion_test.sh FILTERC SOURCE_ROOT
set -uo pipefail
filterc=$(realpath "$1")
root=$(realpath "$2")
# shellcheck source=/dev/null
source "$root/doc/completion/filterc"
cd "$root" || exit 1
fail=0

# complete LINE: the words of LINE (a trailing space starts an empty word)
complete_line() {
  read -r -a COMP_WORDS <<<"$1"
  COMP_WORDS[0]=$filterc
  [[ $1 == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$1
  COMP_POINT=${#1}
  _filterc
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect LINE WANTED: the completions are exactly WANTED (sorted, spaces)
expect() {
  local got
  got=$(complete_line "$1")
  if [[ $got != "$2" ]]; then
    echo "FAIL: '$1' completes to '$got', expected '$2'"
    fail=1
  else
    echo "ok: '$1' -> $2"
  fi
}

# expect_has LINE WORD: WORD is among the completions
expect_has() {
  local got
  got=" $(complete_line "$1") "
  if [[ $got != *" $2 "* ]]; then
    echo "FAIL: '$1' completions '$got' lack '$2'"
    fail=1
  else
    echo "ok: '$1' offers $2"
  fi
}

expect "filterc val" "validate"
expect "filterc sch" "schema"
expect "filterc e" "explain"
expect_has "filterc " "generate"
expect_has "filterc " "codes"
expect "filterc help ro" "route"
expect "filterc validate --fo" "--format"
expect "filterc validate --stdin" "--stdin-name"
expect_has "filterc validate -" "-q"
expect_has "filterc validate -" "--quiet"
expect_has "filterc validate -" "--werror"
expect "filterc generate --ta" "--target"
expect "filterc generate --target c" "confluent"
expect "filterc validate --variant n" "no-op normal"
expect "filterc route --format j" "jsonl"
expect "filterc codes --format " "json markdown"
expect "filterc validate --format g" "github"
expect "filterc generate --startup-mode l" "latest-offset"
expect_has "filterc test --cov" "--coverage"
expect "filterc validate tests/diagnostics/json-va" "tests/diagnostics/json-valid.json"
expect "filterc validate examples/all-op" "examples/all-operators.test.yaml examples/all-operators.yaml"
expect "filterc validate --werror examples/all-operators.y" "examples/all-operators.yaml"
expect_has "filterc generate --split " "filters"
# not a filters file: a C source is not offered as an operand
expect "filterc validate cli/filterc." ""
exit "$fail"
