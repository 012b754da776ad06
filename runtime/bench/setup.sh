#!/usr/bin/env bash
# Installs the benchmark's peers: DuckDB (npm @duckdb/node-api) into
# runtime/bench/node_modules, and builds the simdjson On-Demand floor
# (g++ and libsimdjson-dev, which filterc itself does not use, are
# installed here when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if ! command -v g++ >/dev/null || ! dpkg -s libsimdjson-dev >/dev/null 2>&1; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get install -y -q g++ libsimdjson-dev >/dev/null
fi
[ -d node_modules/@duckdb/node-api ] || npm install --no-audit --no-fund --silent >/dev/null
mkdir -p "$here/out"
[ "$here/out/ondemand-floor" -nt "$here/ondemand_floor.cpp" ] ||
  g++ -O3 -march=native -std=c++17 -o "$here/out/ondemand-floor" "$here/ondemand_floor.cpp" \
    -lsimdjson -lpthread
