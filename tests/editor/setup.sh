#!/usr/bin/env bash
# Installs what the editor-schema test uses (Ajv and the yaml package,
# pinned by package-lock.json) into this directory's node_modules.
# Non-interactive; needs node and npm (ci/install-deps.sh installs them).
# Rerunning is cheap: it does nothing when node_modules is newer than the
# lockfile.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "editor/setup.sh: node and npm are required" >&2
  exit 1
}
if [ -f node_modules/yaml/package.json ] && [ node_modules -nt package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
touch node_modules
node -e "require('ajv'); require('yaml')"
echo "editor: Ajv and yaml installed into $(pwd)/node_modules"
