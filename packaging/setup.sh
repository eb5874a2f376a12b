#!/usr/bin/env bash
# moechat set-up on Debian 12: installs what is missing, builds, and then either starts the
# app (`run`) or runs every test (`test`). Usage: packaging/setup.sh run|test [app args...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${MOECHAT_BUILD_DIR:-$here/build}
mode=${1:-run}
shift || true

packages=(
  build-essential cmake pkg-config git python3
  qt6-base-dev qt6-declarative-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtquick-dialogs
  qml6-module-qtqml-workerscript qml6-module-qttest qml6-module-qtcore qml6-module-qt-labs-settings
  qml6-module-qt-labs-platform
  libqt6sql6-sqlite libsqlite3-dev libsentencepiece-dev nlohmann-json3-dev
  desktop-file-utils appstream dpkg-dev file xauth xvfb
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "moechat: installing ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc)
cuda_args=()
# One CUDA architecture is enough to prove the CUDA code compiles and links (CI).
if [[ -n ${CI:-} ]]; then cuda_args+=(-DCMAKE_CUDA_ARCHITECTURES=90); fi
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${cuda_args[@]}" >/dev/null
cmake --build "$build" -j "$jobs"

case "$mode" in
  run)
    if [[ -x $build/app/moechat ]]; then
      exec "$build/app/moechat" "$@"
    fi
    exec "$build/backend/cli/moechat-cli" chat --model "$build/resources/demo-model" "$@"
    ;;
  test)
    cd "$build"
    exec ctest --output-on-failure -j "$jobs"
    ;;
  *)
    echo "usage: packaging/setup.sh run|test" >&2
    exit 2
    ;;
esac
