#!/usr/bin/env bash
# `meson install` into a scratch prefix, then use what it installed the way
# a user would: the binary with its installed templates, the man page, and
# the runtime library through pkg-config from a program of its own.
set -u
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() {
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1"; fi
}
DESTDIR="$tmp/dest" meson install -C "$build" --quiet >"$tmp/log" 2>&1
check "meson install succeeds" $?
prefix=$(find "$tmp/dest" -path '*/bin/filterc' | sed 's|/bin/filterc$||')
pc=$(dirname "$(find "$tmp/dest" -name filterc-runtime.pc | head -1)")
check "installs filterc, templates, schema, man page, pkg-config file" \
  $([ -x "$prefix/bin/filterc" ] && [ -f "$prefix/share/filterc/templates/confluent/source.sql.tpl" ] &&
    [ -f "$prefix/share/filterc/raw-business-events.yaml" ] &&
    [ -f "$prefix/share/man/man1/filterc.1" ] && [ -n "$pc" ]; echo $?)
"$prefix/bin/filterc" generate --target flink --templates "$prefix/share/filterc/templates" \
  "$src/filters/filters.yaml" >"$tmp/out.sql" 2>"$tmp/err"
check "installed binary generates from installed templates" \
  $(grep -q "'connector' = 'kafka'" "$tmp/out.sql"; echo $?)
check "man page renders" $(man -l "$prefix/share/man/man1/filterc.1" 2>/dev/null | grep -q "EXIT STATUS" ||
  groff -man -Tutf8 "$prefix/share/man/man1/filterc.1" 2>/dev/null | grep -q "EXIT STATUS" ||
  grep -q '^\.SH EXIT STATUS' "$prefix/share/man/man1/filterc.1"; echo $?)
check "installed editor schema is filterc schema's output" \
  $("$prefix/bin/filterc" schema | cmp -s - "$prefix/share/filterc/filters.schema.json"; echo $?)
comp="$prefix/share/bash-completion/completions/filterc"
check "installed bash completion completes commands and options" \
  $([ -f "$comp" ] && [ "$(bash -c 'source "$1"; COMP_WORDS=("$2" val); COMP_CWORD=1; _filterc
      a=${COMPREPLY[*]}; COMP_WORDS=("$2" validate --stdin); COMP_CWORD=2; _filterc
      echo "$a ${COMPREPLY[*]}"' _ "$comp" "$prefix/bin/filterc")" = "validate --stdin-name" ]; echo $?)
# pkg-config paths in the .pc file use the real prefix; point them at DESTDIR
sed "s|^prefix=.*|prefix=$prefix|" "$pc/filterc-runtime.pc" >"$tmp/filterc-runtime.pc"
flags=$(PKG_CONFIG_PATH="$tmp" pkg-config --cflags --libs filterc-runtime 2>"$tmp/pkgerr")
check "pkg-config knows filterc-runtime" $?
cc -std=c11 -o "$tmp/route_one" "$src/tests/install/route_one.c" $flags 2>"$tmp/ccerr"
check "a program of its own compiles and links against the runtime" $?
out=$("$tmp/route_one" "$src/filters/filters.yaml" '{"event_type":"CarCreated","__op":"c"}')
check "and routes an event with it" $([ "$out" = "filtered-car-created-events" ]; echo $?)
out=$("$tmp/route_one" "$src/filters/filters.yaml" '{"event_type":"CarCreated"}')
check "a missing __op routes nowhere" $([ -z "$out" ]; echo $?)
[ "$failed" = 0 ] || { cat "$tmp/log" "$tmp/ccerr" "$tmp/pkgerr" 2>/dev/null | tail -20; }
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
