#!/bin/bash
# The Flink oracle against `filterc route` (issue 9, "The oracle").
#
#   oracle_test.sh FILTERC SOURCE_ROOT shipped   every shipped filters/example file, both
#                                                targets and variants, on a 100,000-event
#                                                dirty corpus
#   oracle_test.sh FILTERC SOURCE_ROOT examples  the same for examples/*.yaml
#   oracle_test.sh FILTERC SOURCE_ROOT edges     hand-written lines at the edges of the
#                                                json decoding (tests/oracle/edges)
#   oracle_test.sh FILTERC SOURCE_ROOT regex     REGEXP: patterns x subject strings
#   oracle_test.sh FILTERC SOURCE_ROOT cases     the oracle's own pinned answers
#                                                (tests/oracle/cases), including the old
#                                                RETURNING DOUBLE form failing the job
#
# Compiles the oracle with javac against Debian's jars. Exit 0 when route and the oracle agree
# on every line and nothing fails the job; 1 otherwise, printing the first disagreements of each
# kind with the event; 77 (skipped) only when Java or a jar is missing and CI is not true.
# ORACLE_KEEP=DIR keeps the work files. ORACLE_JSON_FLOATS=double|bigdecimal picks
# Flink's JSON_VALUE float behaviour (before or since FLINK-35696; default bigdecimal).
set -uo pipefail
filterc=$1 root=$2 mode=${3:-shipped}
here=$root/tests/oracle

skip() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $* (CI=true: a skipped oracle is a failure; run ci/install-deps.sh)"
    exit 1
  fi
  echo "SKIP: $* (run ci/install-deps.sh)"
  exit 77
}

command -v javac >/dev/null && command -v java >/dev/null || skip "java/javac not found"
cp=""
for j in jackson-core jackson-databind jackson-annotations json-path json-smart \
         accessors-smart asm slf4j-api slf4j-nop; do
  [ -f "/usr/share/java/$j.jar" ] || skip "/usr/share/java/$j.jar not found"
  cp="$cp:/usr/share/java/$j.jar"
done

tmp=$(mktemp -d)
# ORACLE_KEEP=DIR keeps the corpus, the SQL and both sides' truth files there
trap '[ -n "${ORACLE_KEEP:-}" ] && mkdir -p "$ORACLE_KEEP" && cp -r "$tmp"/. "$ORACLE_KEEP"; rm -rf "$tmp"' EXIT
start=$(date +%s)
javac -Xlint:all -Werror -d "$tmp/classes" -cp "$cp" "$here"/*.java || { echo "FAIL: javac"; exit 1; }
oracle() {
  java -XX:+UseSerialGC -cp "$tmp/classes$cp" Oracle \
    --json-floats "${ORACLE_JSON_FLOATS:-bigdecimal}" "$@"
}

status=0
case $mode in
cases)
  # each case: NAME.sql, NAME.jsonl and NAME.expect (the oracle's output, exactly)
  mkdir -p "$tmp/out"
  for sql in "$here"/cases/*.sql; do
    name=$(basename "$sql" .sql)
    if ! oracle --events "$here/cases/$name.jsonl" --out "$tmp/out" --json-floats bigdecimal "$sql"; then
      echo "FAIL: $name: the oracle rejected the SQL"; status=1; continue
    fi
    if diff -u "$here/cases/$name.expect" "$tmp/out/$name.sql.truth"; then
      echo "ok: $name ($(wc -l <"$here/cases/$name.jsonl") events)"
    else
      echo "FAIL: $name: the oracle's answers changed"; status=1
    fi
    # NAME.double.expect: the answers of Flink before FLINK-35696 (JSON floats as Double)
    [ -f "$here/cases/$name.double.expect" ] || continue
    oracle --events "$here/cases/$name.jsonl" --out "$tmp/out" --json-floats double "$sql" &&
      diff -u "$here/cases/$name.double.expect" "$tmp/out/$name.sql.truth" &&
      echo "ok: $name, --json-floats double" ||
      { echo "FAIL: $name, --json-floats double: the oracle's answers changed"; status=1; }
  done
  # the oracle judges the SQL text: a construct outside the subset is an error (exit 2)
  printf '%s\n' "CREATE TABLE \`s\` (\`id\` STRING) WITH ('format' = 'json');" \
    "INSERT INTO \`s\` SELECT \`id\` FROM \`s\` WHERE UPPER(\`id\`) = 'A';" >"$tmp/outside.sql"
  oracle --events "$here/cases/old-form.jsonl" --out "$tmp/out" "$tmp/outside.sql" 2>"$tmp/err"
  rc=$?
  if [ $rc -eq 2 ] && grep -q "outside.sql:2:" "$tmp/err"; then
    echo "ok: SQL outside the subset is an oracle error: $(cat "$tmp/err")"
  else
    echo "FAIL: SQL outside the subset gave exit $rc: $(cat "$tmp/err")"; status=1
  fi
  ;;
shipped | examples | edges)
  # shipped: the production filters file; examples: examples/*.yaml (typed
  # columns, every operator), both on the dirty corpus; edges: hand-written
  # lines at the edges of the json decoding (tests/oracle/edges)
  files=()
  if [ "$mode" = edges ]; then
    files=("$here/edges/edges.yaml")
    cp "$here/edges/edges.jsonl" "$tmp/corpus.jsonl"
  else
    python3 "$root/tests/runtime/gen_events.py" --count 100000 --seed 11 --dirty 0.3 \
      --edge 0.3 -o "$tmp/corpus.jsonl" || exit 1
  fi
  [ "$mode" = shipped ] && files=("$root/filters/filters.yaml")
  if [ "$mode" = examples ]; then
    for f in "$root"/examples/*.yaml; do
      case $f in *.test.yaml) ;; *) files+=("$f") ;; esac
    done
  fi
  mkdir -p "$tmp/sql" "$tmp/out"
  sqls=() pairs=()
  for f in "${files[@]}"; do
    b=$(basename "$f" .yaml)
    for variant in normal no-op; do
      made=0
      for target in confluent flink; do
        if "$filterc" generate --target "$target" --variant "$variant" \
             -o "$tmp/sql/$b.$target-$variant.sql" "$f" 2>"$tmp/gen.log"; then
          sqls+=("$tmp/sql/$b.$target-$variant.sql")
          made=$((made + 1))
        fi
      done
      case $made in
      2) pairs+=("$f|$variant") ;;
      0) echo "note: $b has errors in the $variant variant; nothing to compare:" \
           "$(grep -m1 error "$tmp/gen.log")" ;;
      *) echo "FAIL: $b ($variant): generated for one target only"; status=1 ;;
      esac
    done
  done
  # Each Flink behaviour of JSON floats against the release route follows for it:
  # Double.toString before FLINK-35696 (1.19), BigDecimal since (2.0).
  for floats in double:1.19 bigdecimal:2.0; do
    fv=${floats#*:} floats=${floats%:*}
    t0=$(date +%s)
    mkdir -p "$tmp/out-$floats"
    ORACLE_JSON_FLOATS=$floats oracle --events "$tmp/corpus.jsonl" --out "$tmp/out-$floats" \
      "${sqls[@]}" || { echo "FAIL: oracle"; exit 1; }
    echo "oracle ($floats floats): ${#sqls[@]} SQL files x $(wc -l <"$tmp/corpus.jsonl")" \
      "lines in $(( $(date +%s) - t0 )) s"
    for pair in "${pairs[@]}"; do
      f=${pair%|*} variant=${pair#*|} b=$(basename "${pair%|*}" .yaml)
      for target in confluent flink; do
        # route decodes as the target's source table does (--target)
        truth=$tmp/route.$b.$target-$variant.$fv.truth
        "$filterc" route --quiet --format truth --variant "$variant" --target "$target" \
          --flink-version "$fv" -o "$truth" "$f" "$tmp/corpus.jsonl" 2>/dev/null ||
          { echo "FAIL: route $b ($target, $variant)"; status=1; continue; }
        python3 "$here/compare.py" "$b.$target-$variant, Flink $fv" "$truth" \
          "$tmp/out-$floats/$b.$target-$variant.sql.truth" "$tmp/corpus.jsonl" || status=1
      done
    done
  done
  ;;
regex)
  mkdir -p "$tmp/re" "$tmp/out"
  python3 "$here/regex_corpus.py" "$tmp/re" || exit 1
  sqls=() ids=() rejected=0
  for f in "$tmp"/re/regex-*.yaml; do
    id=$(basename "$f" .yaml)
    if "$filterc" generate --target flink -o "$tmp/re/$id.sql" "$f" 2>/dev/null; then
      sqls+=("$tmp/re/$id.sql") ids+=("$id")
    else
      rejected=$((rejected + 1))
    fi
  done
  echo "regex: ${#ids[@]} patterns generated, $rejected rejected by the validator"
  oracle --events "$tmp/re/subjects.jsonl" --out "$tmp/out" "${sqls[@]}" || { echo "FAIL: oracle"; exit 1; }
  for id in "${ids[@]}"; do
    "$filterc" route --quiet --format truth -o "$tmp/route.truth" "$tmp/re/$id.yaml" \
      "$tmp/re/subjects.jsonl" 2>/dev/null || { echo "FAIL: route $id"; status=1; continue; }
    out=$(python3 "$here/compare.py" "$id /$(cat "$tmp/re/$id.pattern")/" "$tmp/route.truth" \
      "$tmp/out/$id.sql.truth" "$tmp/re/subjects.jsonl") || { status=1; echo "$out" | grep -v ' lines compared, '; }
  done
  ;;
*)
  echo "usage: oracle_test.sh FILTERC SOURCE_ROOT shipped|examples|edges|regex|cases"; exit 2 ;;
esac
echo "oracle test ($mode): $(( $(date +%s) - start )) s, $([ $status = 0 ] && echo PASS || echo FAIL)"
exit $status
