#!/usr/bin/env bash
# Builds the Debian package with cpack from this build tree, unpacks it into an empty root and
# checks it there: the files a desktop expects, both validators, the Depends list against the
# binaries' libraries and the QML imports, and the programs started from the unpacked root with
# the build and source trees hidden, so nothing can be picked up from them.
# With --without-cuda the folders of the libraries that no Debian package ships (the CUDA
# toolkit's) are hidden as well: the package only recommends them, so both programs must start
# and run on the CPU without them.
# Usage: test_deb.sh CPACK BUILD_DIR SOURCE_DIR [--without-cuda]
set -euo pipefail
cpack=$1 build=$2 source=$3 mode=${4:-}

for tool in dpkg-deb dpkg-query desktop-file-validate appstreamcli readelf ldd file gzip timeout; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (packaging/setup.sh installs it)"
    exit 77
  fi
done

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- build the package ---------------------------------------------------------------------------
if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"
  echo "FAIL: cpack -G DEB failed"
  exit 1
fi
debs=("$tmp"/out/*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { ls -l "$tmp/out"; echo "FAIL: expected one .deb"; exit 1; }
deb=${debs[0]}
echo "package: $(basename "$deb")"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
version=$(dpkg-deb --field "$deb" Version)
depends=$(dpkg-deb --field "$deb" Depends)
recommends=$(dpkg-deb --field "$deb" Recommends)

root=$tmp/root
dpkg-deb --extract "$deb" "$root"

# --- files ---------------------------------------------------------------------------------------
for program in moechat moechat-cli; do
  [[ -x $root/usr/bin/$program ]] && pass "usr/bin/$program" || fail "usr/bin/$program is missing"
done
for page in moechat moechat-cli; do
  gz=$root/usr/share/man/man1/$page.1.gz
  if [[ -f $gz ]] && gzip -t "$gz" && zcat "$gz" | grep -q "^\.TH"; then pass "man page $page(1)"
  else fail "man page usr/share/man/man1/$page.1.gz is missing or not a gzip'd man page"; fi
done

desktops=("$root"/usr/share/applications/*.desktop)
metainfos=("$root"/usr/share/metainfo/*.metainfo.xml)
if [[ ${#desktops[@]} -ne 1 || ! -f ${desktops[0]} ]]; then
  fail "expected one desktop entry in usr/share/applications"
elif [[ ${#metainfos[@]} -ne 1 || ! -f ${metainfos[0]} ]]; then
  fail "expected one metainfo file in usr/share/metainfo"
else
  desktop=${desktops[0]} metainfo=${metainfos[0]}
  app_id=$(basename "$desktop" .desktop)
  desktop-file-validate "$desktop" && pass "desktop-file-validate $(basename "$desktop")" \
    || fail "desktop-file-validate rejects $(basename "$desktop")"
  appstreamcli validate --no-net "$metainfo" && pass "appstreamcli validate --no-net $(basename "$metainfo")" \
    || fail "appstreamcli rejects $(basename "$metainfo")"
  [[ $(basename "$metainfo") == "$app_id.metainfo.xml" ]] || fail "metainfo is not named after $app_id"
  grep -q "<id>$app_id</id>" "$metainfo" || fail "metainfo id is not $app_id"
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "metainfo does not launch $app_id.desktop"
  grep -q "<screenshot" "$metainfo" || fail "metainfo has no screenshots"
  grep -q "<release version=\"$version\"" "$metainfo" || fail "metainfo has no release notes for $version"
  grep -qx "Exec=moechat" "$desktop" || fail "desktop entry does not start moechat"
  icon=$(sed -n 's/^Icon=//p' "$desktop")
  [[ $icon == "$app_id" ]] || fail "desktop entry's Icon=$icon is not the application id $app_id"
  hicolor=$root/usr/share/icons/hicolor
  [[ -f $hicolor/scalable/apps/$icon.svg ]] && pass "icon scalable/apps/$icon.svg" || fail "no scalable icon $icon.svg"
  for size in 16 22 24 32 48 64 128 256 512; do
    png=$hicolor/${size}x${size}/apps/$icon.png
    if [[ -f $png ]] && file "$png" | grep -q "PNG image data, $size x $size"; then :
    else fail "icon ${size}x${size}/apps/$icon.png is missing or not $size×$size"; fi
  done
fi

[[ -f $root/usr/share/moechat/demo-model/config.json ]] && pass "demo model" \
  || fail "usr/share/moechat/demo-model is missing (the first run offers it)"

# --- Depends: every library the programs load, and every QML module the UI imports -------------
declare -A named=()
for field in "$depends" "$recommends"; do
  IFS=',|' read -ra alternatives <<<"$field"
  for alternative in "${alternatives[@]}"; do
    name=$(sed 's/(.*)//; s/[[:space:]]//g' <<<"$alternative")
    [[ -n $name ]] && named[$name]=1
  done
done
# The package that ships a file, under either spelling of a merged-/usr path.
owner() {
  local path=$1 real found
  real=$(readlink -f "$path")
  for candidate in "$path" "$real" "/usr${real#/usr}" "${real#/usr}"; do
    if found=$(dpkg-query --search "$candidate" 2>/dev/null) && [[ -n $found ]]; then
      echo "${found%%:*}"
      return 0
    fi
  done
  return 1
}
declare -A outside_dirs=()
for program in "$root"/usr/bin/*; do
  if readelf -d "$program" | grep -E "R(UN)?PATH" | grep -qF "$build"; then
    fail "$(basename "$program") has a run path into the build tree"
  fi
  # Only the libraries a program names itself: the packages that ship them bring their own.
  declare -A resolved=()
  while read -r lib path; do resolved[$lib]=$path; done < <(ldd "$program" | awk '
    /=>/ { print $1, $3; next }
    $1 ~ /^\// { n = split($1, part, "/"); print part[n], $1 }')
  for lib in $(readelf -d "$program" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=${resolved[$lib]:-not}
    [[ $path == "not" ]] && { fail "$(basename "$program"): $lib not found"; continue; }
    case $path in "$build"/* | "$source"/*) fail "$(basename "$program") loads $path from the build tree"; continue ;; esac
    if package=$(owner "$path"); then
      [[ -n ${named[$package]:-} ]] || fail "$(basename "$program") needs $lib from $package, which Depends does not name"
    else
      echo "note: $(basename "$program") needs $path, which no Debian package ships (CUDA toolkit?)"
      [[ -n $recommends ]] || fail "$lib comes from outside Debian's packages but Recommends is empty"
      outside_dirs[$(dirname "$(readlink -f "$path")")]=1
      outside_dirs[$(dirname "$path")]=1
    fi
  done
  unset resolved
done
qml_dir=$(dirname "$(readlink -f "$(dpkg-query --listfiles qml6-module-qtquick | grep '/qml/QtQuick/qmldir$' | head -n1)")")
qml_dir=${qml_dir%/QtQuick}
for module in $(cat "$source"/ui/*.qml | sed -n 's/^import \([A-Za-z][A-Za-z0-9.]*\).*/\1/p' | sort -u); do
  [[ $module == Moechat* ]] && continue
  qmldir=$qml_dir/${module//.//}/qmldir
  if package=$(owner "$qmldir"); then
    [[ -n ${named[$package]:-} ]] && pass "QML import $module ($package)" \
      || fail "ui/ imports $module from $package, which Depends does not name"
  else
    fail "ui/ imports $module, which no installed Debian package provides"
  fi
done

# --- run from the unpacked root ------------------------------------------------------------------
# A private mount namespace lays empty folders over the build and source trees (and, with
# --without-cuda, over the CUDA libraries); where that is not allowed, the programs still run
# from the root with an environment that names neither.
home=$tmp/home
mkdir -p "$home"
hidden=("$build" "$source")
[[ $mode == --without-cuda ]] && hidden+=("${!outside_dirs[@]}")
# Deepest first: a folder inside one already hidden could no longer be found to mount over.
mapfile -t hidden < <(printf '%s\n' "${hidden[@]}" | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2- | uniq)
hide=(env)
if unshare --mount --map-root-user true 2>/dev/null; then
  hide=(unshare --mount --map-root-user sh -c '
    while [ "$1" != -- ]; do mount -t tmpfs none "$1" || exit 1; shift; done
    shift; exec "$@"' sh "${hidden[@]}" --)
  echo "hidden while running: ${hidden[*]}"
elif [[ $mode == --without-cuda ]]; then
  echo "SKIP: cannot hide the CUDA libraries (no user namespaces)"
  exit 77
else
  echo "note: cannot hide the build tree (no user namespaces); running without"
fi
run_from_root() {
  (cd "$tmp" && "${hide[@]}" env -i PATH=/usr/bin:/bin HOME="$home" XDG_CONFIG_HOME="$home/.config" \
    XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/runtime" \
    LD_LIBRARY_PATH="$root/usr/lib:$root/usr/lib/x86_64-linux-gnu" QT_QPA_PLATFORM=offscreen "$@")
}
mkdir -m 700 -p "$home/runtime"

if out=$(run_from_root "$root/usr/bin/moechat-cli" --version 2>&1) && grep -qF "$version" <<<"$out"; then
  pass "moechat-cli --version: $out"
else
  fail "moechat-cli --version from the package root printed '$out', expected version $version"
fi

if [[ -f $root/usr/share/moechat/demo-model/config.json ]]; then
  if out=$(run_from_root timeout 120 "$root/usr/bin/moechat-cli" generate --model "$root/usr/share/moechat/demo-model" \
           --backend cpu --prompt "Hello" --max-tokens 4 --threads 1 2>&1); then
    pass "moechat-cli generate with the packaged demo model"
  else
    echo "$out"
    fail "moechat-cli generate with the packaged demo model failed"
  fi
fi

# The app has no "quit after start" switch: it must still be running, without QML errors, when
# the timeout stops it.
set +e
run_from_root timeout 20 "$root/usr/bin/moechat" >"$tmp/app.log" 2>&1
status=$?
set -e
if [[ $status -eq 124 ]] && ! grep -qiE "error|is not installed|failed to load|not a type|cannot assign" "$tmp/app.log"; then
  pass "moechat ran offscreen from the package root for 20 s"
else
  cat "$tmp/app.log"
  fail "moechat from the package root exited with status $status (124 = still running) or logged QML errors"
fi

if ((failures)); then
  echo "$failures packaging check(s) failed"
  exit 1
fi
echo "all packaging checks passed"
