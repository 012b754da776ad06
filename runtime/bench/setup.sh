#!/usr/bin/env bash
# Installs the benchmark's peers: DuckDB (npm @duckdb/node-api) into
# runtime/bench/node_modules, and builds the simdjson On-Demand floor.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d node_modules/@duckdb/node-api ] || npm install --no-audit --no-fund --silent >/dev/null
mkdir -p "$here/out"
g++ -O3 -march=native -std=c++17 -o "$here/out/ondemand-floor" "$here/ondemand_floor.cpp" \
  -lsimdjson -lpthread
