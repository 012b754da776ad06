#!/usr/bin/env bash
# The main job: install what building filterc needs, build it, and write
# every SQL file filters/filters.yaml declares under `outputs:` (the
# Confluent Cloud and self-managed files, normal and no-op variants).
# Nothing is written when the filters have errors. Uses $FILTERC if set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh build
if [ -z "${FILTERC:-}" ]; then
  [ -f build/build.ninja ] || meson setup build >/dev/null
  ninja -C build >/dev/null
  FILTERC=build/filterc
fi
"$FILTERC" generate filters/filters.yaml
