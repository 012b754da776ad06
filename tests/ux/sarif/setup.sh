#!/usr/bin/env bash
# Installs the JSON Schema validator the SARIF test uses (Ajv and
# ajv-formats, pinned by package-lock.json) into this directory's
# node_modules. The schema itself (sarif-schema-2.1.0.json) is committed.
# Non-interactive; needs node and npm (ci/install-deps.sh installs them).
# Rerunning is cheap: it does nothing when node_modules is newer than the
# lockfile.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "sarif/setup.sh: node and npm are required" >&2
  exit 1
}
if [ -f node_modules/ajv-formats/package.json ] && [ node_modules -nt package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
touch node_modules
node -e "require('ajv'); require('ajv-formats')"
echo "sarif: Ajv installed into $(pwd)/node_modules"
