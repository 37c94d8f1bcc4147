#!/usr/bin/env bash
# Sets up a fresh Debian machine for mofgen and runs the main job:
# installs the build dependencies, builds mofgen (and its runtime, tests and
# example) into build/, and regenerates the SMS_DistributionJob bindings in
# generated/ from schema/ (files are rewritten only when they change).
#
#   tools/setup.sh            # as root or with sudo available
#   MOFGEN_SKIP_INSTALL=1 tools/setup.sh   # packages already installed
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake flex bison gperf pkg-config libcmocka-dev libmd4c-dev meson ninja-build)
if [ -z "${MOFGEN_SKIP_INSTALL:-}" ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

cmake -S . -B build ${MOFGEN_CMAKE_ARGS:-}
cmake --build build -j"$(nproc)"
build/mofgen -o generated schema/SMS_BaseClass.mof schema/SMS_DistributionJob.mof
echo "mofgen built at build/mofgen; bindings in generated/ (and build/generated/)."
