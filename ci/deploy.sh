#!/usr/bin/env bash
# Deploys one environment of a filters file, statement by statement, in
# order: the source table, the sinks, then the job (filterc generate --env
# NAME --split). Prints every command; runs them only with --run.
#
#   ci/deploy.sh --env NAME [--run] [--filterc PATH] \
#       (--compute-pool POOL --database DB | --sql-client PATH) FILTERS_FILE
#
# Confluent Cloud: `confluent flink statement create NAME --sql SQL
# --compute-pool POOL --database DB` per statement, NAME = ENV-KIND-TABLE
# (lower case, [a-z0-9-]): stable across deployments, since it does not
# depend on the statement's position. Self-managed: `sql-client.sh -f FILE`
# on the whole environment's file.
#
# Secrets: the generated SQL (and the committed files) keep placeholders
# such as ${bootstrap.servers}. This script alone fills them in, from the
# process environment: ${a.b-c} reads the variable A_B_C. A placeholder
# whose variable is unset stops the deployment before anything runs, naming
# both. A filled-in copy exists only in a private temporary directory,
# removed on exit; the printed commands show the placeholders, never the
# values.
set -euo pipefail

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

env_name= run=0 filterc=${FILTERC:-filterc} pool= database= sql_client= input=
while [ $# -gt 0 ]; do
  case $1 in
    --env) env_name=${2:?}; shift 2 ;;
    --run) run=1; shift ;;
    --filterc) filterc=${2:?}; shift 2 ;;
    --compute-pool) pool=${2:?}; shift 2 ;;
    --database) database=${2:?}; shift 2 ;;
    --sql-client) sql_client=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "deploy.sh: unknown option '$1'" >&2; usage ;;
    *) [ -z "$input" ] || usage; input=$1; shift ;;
  esac
done
[ -n "$env_name" ] && [ -n "$input" ] || usage
if [ -z "$sql_client" ] && { [ -z "$pool" ] || [ -z "$database" ]; }; then
  echo "deploy.sh: give --compute-pool and --database (Confluent Cloud) or --sql-client" >&2
  exit 2
fi

work=$(mktemp -d)
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT
"$filterc" generate --env "$env_name" --split "$work/split" "$input" >&2
"$filterc" generate --env "$env_name" -o "$work/all.sql" "$input" 2>/dev/null

# The variable a placeholder reads: upper case, other characters as _.
var_of() { printf '%s' "$1" | tr 'a-z' 'A-Z' | tr -c 'A-Z0-9_' '_'; }

# Fills in the placeholders of $1 into $2; fails naming any that is unset.
# A value with a quote, backtick or line break is refused: it would change
# the statement around the literal it goes into.
fill() {
  local src=$1 dst=$2 missing=0 name var val
  cp "$src" "$dst"
  for name in $(grep -o '\${[^}]*}' "$src" | sort -u | sed 's/^\${//; s/}$//'); do
    var=$(var_of "$name")
    if [ -z "${!var+set}" ]; then
      echo "deploy.sh: placeholder \${$name} is not set: export $var" >&2
      missing=1
      continue
    fi
    val=${!var}
    case $val in
      *"'"*|*'`'*|*$'\n'*|*$'\r'*)
        echo "deploy.sh: \$$var holds a quote or line break; refused" >&2
        missing=1; continue ;;
    esac
    NAME="\${$name}" VAL="$val" perl -0pi -e 's/\Q$ENV{NAME}\E/$ENV{VAL}/g' "$dst"
  done
  return $missing
}

# Check every placeholder first, so nothing runs when one is missing.
mkdir -m 700 "$work/filled"
status=0
for f in "$work"/split/*.sql "$work/all.sql"; do
  fill "$f" "$work/filled/$(basename "$f")" || status=1
done
[ $status -eq 0 ] || { echo "deploy.sh: nothing deployed" >&2; exit 1; }

stable_name() { # ENV KIND TABLE -> a Confluent statement name
  local n
  n=$(printf '%s-%s-%s' "$1" "$2" "$3" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9-' '-' | sed 's/--*/-/g; s/-$//')
  if [ ${#n} -gt 100 ]; then
    n="${n:0:90}-$(printf '%s' "$n" | cksum | cut -d' ' -f1)"
  fi
  printf '%s' "$n"
}

if [ -n "$sql_client" ]; then
  echo "$sql_client -f <$env_name SQL with placeholders filled in>"
  [ $run -eq 0 ] || "$sql_client" -f "$work/filled/all.sql"
  exit 0
fi
while IFS=$'\t' read -r order file _ kind table; do
  case $order in '#'*|'') continue ;; esac
  name=$(stable_name "$env_name" "$kind" "${table:-statement-set}")
  echo "confluent flink statement create $name --sql <$file> --compute-pool $pool --database $database"
  if [ $run -eq 1 ]; then
    confluent flink statement create "$name" --sql "$(cat "$work/filled/$file")" \
      --compute-pool "$pool" --database "$database"
  fi
done < "$work/split/manifest.tsv"
