#!/usr/bin/env bash
# Regenerates the four SQL files in filters/ from filters/filters.yaml:
#   routing-generated.sql              Confluent Cloud, normal variant
#   routing-generated-no-op.sql        Confluent Cloud, no-op variant
#   routing-generated-flink.sql        self-managed Flink, normal variant
#   routing-generated-flink-no-op.sql  self-managed Flink, no-op variant
# With --check, writes nothing and exits 1 when any of them is stale (CI).
# Uses $FILTERC if set, else builds build/filterc first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${FILTERC:-}" ]; then
  [ -f "$root/build/build.ninja" ] || meson setup "$root/build" >/dev/null
  ninja -C "$root/build" >/dev/null
  FILTERC=$root/build/filterc
fi
mode=-o
[ "${1:-}" = --check ] && mode=--check
status=0
while read -r target variant file; do
  "$FILTERC" generate --target "$target" --variant "$variant" \
    "$mode" "$root/filters/$file" "$root/filters/filters.yaml" || status=1
  [ "$mode" = -o ] && echo "wrote filters/$file"
done <<'LIST'
confluent normal routing-generated.sql
confluent no-op routing-generated-no-op.sql
flink normal routing-generated-flink.sql
flink no-op routing-generated-flink-no-op.sql
LIST
exit $status
