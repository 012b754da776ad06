#!/usr/bin/env bash
# Installs the independent Flink SQL parser the generator tests use
# (dt-sql-parser, pinned by package-lock.json) into this directory's
# node_modules and bundles it into dist/flinksql.cjs. Non-interactive;
# runs as root or any user with write access here. Needs node and npm
# (ci/install-deps.sh installs them). Rerunning is cheap: it does nothing
# when the bundle is newer than the lockfile.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "sqlparse/setup.sh: node and npm are required" >&2
  exit 1
}
if [ -f dist/flinksql.cjs ] && [ dist/flinksql.cjs -nt package-lock.json ]; then
  exit 0
fi
# --ignore-scripts: esbuild's postinstall only checks its binary, which
# comes as an optional dependency (@esbuild/linux-x64); we check it below.
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
mkdir -p dist
./node_modules/.bin/esbuild entry.mjs --bundle --platform=node --format=cjs \
  --log-level=warning --outfile=dist/flinksql.cjs.tmp
mv dist/flinksql.cjs.tmp dist/flinksql.cjs
node -e 'const {FlinkSQL} = require("./dist/flinksql.cjs");
  if (new FlinkSQL().validate("SELECT 1;").length) process.exit(1);'
echo "sqlparse: dt-sql-parser bundled into $(pwd)/dist/flinksql.cjs"
