#!/usr/bin/env bash
# The main job: build filterc and regenerate filters/routing-generated.sql
# (Confluent Cloud, normal variant) from filters/filters.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
./build/filterc validate filters/filters.yaml
./build/filterc generate --target confluent -o filters/routing-generated.sql filters/filters.yaml
echo "wrote filters/routing-generated.sql"
