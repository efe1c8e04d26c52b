#!/usr/bin/env bash
# check_debs.sh — after `make package`: the two .deb files exist and hold what a kiosk needs, with the
# declared dependencies and maintainer scripts. Not part of ctest (it needs the packages built first):
#   make package && tests/packaging/check_debs.sh build
set -euo pipefail
dir=${1:-build}
fail() { echo "check_debs: $*"; exit 1; }
kiosk=$(ls "$dir"/zhidui-kiosk_*.deb 2>/dev/null | head -1); [ -n "$kiosk" ] || fail "no zhidui-kiosk_*.deb in $dir"
sim=$(ls "$dir"/zhidui-platform-sim_*.deb 2>/dev/null | head -1); [ -n "$sim" ] || fail "no zhidui-platform-sim_*.deb in $dir"

expect_paths() {
  local deb=$1; shift
  local listing; listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
  for p in "$@"; do
    grep -qx "\./$p" <<<"$listing" || fail "$(basename "$deb") lacks /$p"
  done
}
expect_paths "$kiosk" usr/bin/zhidui-kiosk usr/share/zhidui/assets/catalog/catalog.json \
  lib/systemd/system/zhidui-kiosk.service lib/udev/rules.d/99-zhidui.rules etc/zhidui/zhidui.toml
expect_paths "$sim" usr/bin/platform-sim lib/systemd/system/zhidui-platform-sim.service
# The config holds the token: not world-readable in the archive either.
dpkg-deb -c "$kiosk" | grep -E ' \./etc/zhidui/zhidui.toml$' | grep -q '^-rw-r-----' || fail "zhidui.toml is not 0640 in the package"
for f in postinst prerm postrm; do
  dpkg-deb -I "$kiosk" "$f" >/dev/null || fail "$(basename "$kiosk") lacks $f"
  dpkg-deb -I "$sim" "$f" >/dev/null || fail "$(basename "$sim") lacks $f"
done
dpkg-deb -I "$kiosk" conffiles | grep -qx /etc/zhidui/zhidui.toml || fail "zhidui.toml is not a conffile"
deps=$(dpkg-deb -f "$kiosk" Depends)
for d in cage fonts-noto-cjk libsdl2-2.0-0 libcurl4 libsqlite3-0 libsodium23 libqrencode4 adduser; do
  grep -q "$d" <<<"$deps" || fail "zhidui-kiosk does not depend on $d"
done
grep -q libcpp-httplib0.11 <<<"$(dpkg-deb -f "$sim" Depends)" || fail "zhidui-platform-sim does not depend on libcpp-httplib0.11"
echo "check_debs: $(basename "$kiosk") and $(basename "$sim") ok"
