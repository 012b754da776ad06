#!/usr/bin/env bash
# Installs the Debian packages filterc needs to build and test, skipping
# those already present. Runs as root (CI) or through sudo.
set -euo pipefail

packages=(gcc g++ pkg-config meson ninja-build python3
          libyaml-dev libpcre2-dev libsqlite3-dev libjansson-dev libcmocka-dev libsimdjson-dev
          jq sqlite3 clang libclang-rt-14-dev valgrind
          libxml2-utils) # xmllint: the JUnit output against its XSD (tests/ux)
# node and npm run the independent Flink SQL parser of the generator tests;
# a machine may have them from elsewhere than Debian, so test the commands.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
