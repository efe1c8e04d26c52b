#!/usr/bin/env bash
# install-test.sh — the packages installed the way a technician installs them, on a clean Debian 12:
# a bare root made by debootstrap (minbase, cached as build/debootstrap-bookworm.tar), the two .deb files
# installed with apt and --no-install-recommends (so the declared Depends alone must be enough), then,
# inside that root:
#   - the system user, the folders and their permissions, the conffile, the enabled unit, the udev rules;
#   - systemd-analyze verify on both installed units;
#   - the shipped configuration: --self-check fails naming exactly the keys a technician must set;
#   - a production configuration against the installed platform-sim: every check passes except the
#     devices, which are not plugged in (and must say so);
#   - a demo configuration: --self-check passes, and the headless journey submits an application that
#     platform-sim accepts; the store and the journey's output hold no plaintext ID number or name;
#   - purge removes the data, the configuration and the user.
# Needs root (debootstrap, chroot, mounts) and Debian's archive. Usage: make install-test
#   tools/install-test.sh [build-dir]
set -euo pipefail
build=$(realpath "${1:-build}")
root=$build/clean-root
cache=$build/debootstrap-bookworm.tar
mirror=${ZHIDUI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
started=$(date +%s)

say() { printf 'install-test: %s\n' "$*"; }
fail() { printf 'install-test: FAIL: %s\n' "$*" >&2; exit 1; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"; }
as_kiosk() { in_root runuser -u zhidui -- "$@"; }

[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt-get install debootstrap)"
kiosk_deb=$(ls "$build"/zhidui-kiosk_*.deb 2>/dev/null | head -1)
sim_deb=$(ls "$build"/zhidui-platform-sim_*.deb 2>/dev/null | head -1)
[ -n "$kiosk_deb" ] && [ -n "$sim_deb" ] || fail "no packages in $build: run make package first"

unmount_all() {
  for m in dev/pts dev sys proc; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m" || true
  done
}
cleanup() {
  [ -f "$root/run/sim.pid" ] && kill "$(cat "$root/run/sim.pid")" 2>/dev/null || true
  unmount_all
  [ -n "${ZHIDUI_KEEP_ROOT:-}" ] || rm -rf "$root"
}
trap cleanup EXIT

# --- a clean root -------------------------------------------------------------------------------------
if [ ! -f "$cache" ]; then
  say "debootstrap bookworm (minbase) from $mirror"
  rm -rf "$root.bare"
  debootstrap --variant=minbase bookworm "$root.bare" "$mirror" >"$build/debootstrap.log" 2>&1 ||
    fail "debootstrap failed (log: $build/debootstrap.log)"
  tar -C "$root.bare" -cf "$cache.part" . && mv "$cache.part" "$cache"
  rm -rf "$root.bare"
fi
unmount_all
rm -rf "$root"
mkdir -p "$root"
tar -C "$root" -xf "$cache"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The same suites as this machine (bookworm, -updates, -security): the packages were built against them.
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${ZHIDUI_DEBIAN_SECURITY:-http://deb.debian.org/debian-security} bookworm-security main
EOF
cp "$kiosk_deb" "$sim_deb" "$root/tmp/"

# --- install ------------------------------------------------------------------------------------------
say "apt install --no-install-recommends $(basename "$kiosk_deb") $(basename "$sim_deb")"
in_root apt-get update -q >"$build/install-test-apt.log" 2>&1 || fail "apt-get update (log: $build/install-test-apt.log)"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "/tmp/$(basename "$kiosk_deb")" "/tmp/$(basename "$sim_deb")" >>"$build/install-test-apt.log" 2>&1 ||
  fail "apt-get install (log: $build/install-test-apt.log)"

# --- what the package set up --------------------------------------------------------------------------
expect_stat() {  # path, "mode owner group"
  local got; got=$(in_root stat -c '%a %U %G' "$1")
  [ "$got" = "$2" ] || fail "$1 is '$got', expected '$2'"
}
uid=$(in_root id -u zhidui) || fail "no zhidui user"
[ "$uid" -lt 1000 ] || fail "zhidui is not a system user (uid $uid)"
[ "$(in_root getent passwd zhidui | cut -d: -f7)" = /usr/sbin/nologin ] || fail "zhidui has a login shell"
expect_stat /etc/zhidui "750 root zhidui"
expect_stat /etc/zhidui/zhidui.toml "640 root zhidui"
expect_stat /var/lib/zhidui "750 zhidui zhidui"
[ "$(in_root systemctl is-enabled zhidui-kiosk.service)" = enabled ] || fail "zhidui-kiosk.service is not enabled"
[ "$(in_root systemctl get-default)" = graphical.target ] || fail "the default target is not graphical.target"
in_root test -f /lib/udev/rules.d/99-zhidui.rules || fail "no udev rules"
in_root test -f /usr/share/zhidui-platform-sim/catalog.json || fail "platform-sim's unit names a catalog its package lacks"
in_root systemd-analyze verify /lib/systemd/system/zhidui-kiosk.service /lib/systemd/system/zhidui-platform-sim.service \
  >"$build/install-test-verify.log" 2>&1 || { cat "$build/install-test-verify.log"; fail "systemd-analyze verify"; }
say "user, folders, permissions, unit, udev rules: ok; systemd-analyze verify: ok"

# --- the shipped configuration: not ready, and says exactly why -----------------------------------------
set +e
as_kiosk zhidui-kiosk --self-check --config /etc/zhidui/zhidui.toml >"$build/install-test-shipped.txt" 2>"$build/install-test-shipped.log"
rc=$?
set -e
[ $rc = 1 ] || { cat "$build/install-test-shipped.txt" "$build/install-test-shipped.log"; fail "self-check of the shipped configuration exited $rc, expected 1"; }
for expected in "FAIL  configuration" "platform.token: missing" "technician.pin_hash: missing" \
                "ok    data folder      /var/lib/zhidui" "ok    pinyin" "ok    handwriting" "ok    voice" "ok    glyphs"; do
  grep -qF "$expected" "$build/install-test-shipped.txt" || { cat "$build/install-test-shipped.txt" "$build/install-test-shipped.log"; fail "shipped config: no '$expected'"; }
done
say "shipped configuration: self-check fails naming platform.token and technician.pin_hash; engines and glyphs ok"

# Broken by hand: a syntax error, then a file others may write. Each named; the store stays where it was.
expect_config_failure() {  # what to look for in the self-check's report
  set +e
  as_kiosk zhidui-kiosk --self-check --config /etc/zhidui/zhidui.toml >"$build/install-test-broken.txt" 2>"$build/install-test-broken.log"
  local rc=$?
  set -e
  [ $rc = 1 ] || { cat "$build/install-test-broken.txt"; fail "self-check of a broken configuration exited $rc"; }
  for expected in "$@" "ok    data folder      /var/lib/zhidui"; do
    grep -qF -- "$expected" "$build/install-test-broken.txt" || { cat "$build/install-test-broken.txt"; fail "broken config: no '$expected'"; }
  done
}
cp "$root/etc/zhidui/zhidui.toml" "$build/install-test-shipped.toml"
printf '[kiosk\nid = "HN-4301-XX-0001"\n' >"$root/etc/zhidui/zhidui.toml"
expect_config_failure "FAIL  configuration    /etc/zhidui/zhidui.toml:1:"
cp "$build/install-test-shipped.toml" "$root/etc/zhidui/zhidui.toml"
in_root chmod 0666 /etc/zhidui/zhidui.toml
expect_config_failure "FAIL  configuration" "lets others change the configuration; run: chmod 0640"
in_root chmod 0640 /etc/zhidui/zhidui.toml
say "broken configurations (syntax, world-writable): named, store kept in /var/lib/zhidui"

# --- the installed platform-sim, as the platform ---------------------------------------------------------
token=install-test-token-$RANDOM$RANDOM
in_root sh -c "cd /tmp && setsid platform-sim --port 0 --port-file /tmp/sim.port --db /tmp/sim.db --token $token \
  --catalog /usr/share/zhidui-platform-sim/catalog.json >/tmp/sim.log 2>&1 & echo \$! >/run/sim.pid"
for _ in $(seq 100); do [ -s "$root/tmp/sim.port" ] && break; sleep 0.1; done
[ -s "$root/tmp/sim.port" ] || fail "platform-sim did not start: $(cat "$root/tmp/sim.log")"
port=$(cat "$root/tmp/sim.port")
pin_hash=$(echo 860427 | in_root zhidui-kiosk --hash-pin)
[[ $pin_hash == '$argon2id$'* ]] || fail "zhidui-kiosk --hash-pin printed '$pin_hash'"

write_config() {  # mode, then extra [devices] lines
  local mode=$1; shift
  cat >"$root/etc/zhidui/zhidui.toml" <<EOF
[kiosk]
id = "HN-4301-IT-0001"
hall = "安装测试政务服务中心"
region_code = "430104"
mode = "$mode"
data_dir = "/var/lib/zhidui"

[platform]
url = "http://127.0.0.1:$port"
token = "$token"

[devices]
$(printf '%s\n' "$@")

[voice]
enabled = true
volume = 70

[technician]
pin_hash = "${technician_pin_hash:-}"
EOF
  in_root chown root:zhidui /etc/zhidui/zhidui.toml
  in_root chmod 0640 /etc/zhidui/zhidui.toml
}

# Production, devices configured but not plugged in: everything passes except the two devices.
technician_pin_hash=$pin_hash write_config production 'required = ["id_reader"]' '[devices.id_reader]' 'port = "/dev/ttyUSB7"' \
  '[devices.receipt_printer]' 'transport = "usb"' 'path = "/dev/usb/lp7"'
set +e
as_kiosk zhidui-kiosk --self-check --config /etc/zhidui/zhidui.toml >"$build/install-test-production.txt" 2>"$build/install-test-production.log"
rc=$?
set -e
[ $rc = 1 ] || { cat "$build/install-test-production.txt" "$build/install-test-production.log"; fail "production self-check without devices exited $rc, expected 1"; }
for expected in "ok    configuration" "ok    key" "ok    store" "ok    platform" "FAIL  id_reader" "warn  receipt_printer"; do
  grep -qF "$expected" "$build/install-test-production.txt" || { cat "$build/install-test-production.txt" "$build/install-test-production.log"; fail "production: no '$expected'"; }
done
say "production configuration: ok but for the unplugged reader (FAIL, required) and printer (warn)"

# Demo: simulated devices, the demonstration PIN (no pin_hash); ready, and a whole journey (citizen, then
# the technician panel) reaches the platform.
write_config demo
as_kiosk zhidui-kiosk --self-check --config /etc/zhidui/zhidui.toml >"$build/install-test-demo.txt" 2>"$build/install-test-demo.log" ||
  { cat "$build/install-test-demo.txt" "$build/install-test-demo.log"; fail "demo self-check failed"; }
in_root sh -c 'cd /var/lib/zhidui && runuser -u zhidui -- zhidui-kiosk --config /etc/zhidui/zhidui.toml --headless' \
  >"$build/install-test-journey.txt" 2>"$build/install-test-journey.log" ||
  { cat "$build/install-test-journey.txt" "$build/install-test-journey.log"; fail "headless journey failed"; }
acceptance=$(sed -n 's/^acceptance number: //p' "$build/install-test-journey.txt")
[ -n "$acceptance" ] || fail "the journey got no acceptance number"
screens=$(in_root sh -c 'ls /var/lib/zhidui/screens/*.png | wc -l')
say "demo configuration: self-check ok; headless journey accepted as $acceptance ($screens screens)"

# Nothing personal in clear: the demo card is 张伟 430104199003070138.
for f in "$root"/var/lib/zhidui/kiosk.db*; do
  if grep -aq -e 43010419900307013 -e "张伟" "$f"; then fail "$(basename "$f") holds the ID number or name in clear"; fi
done
if grep -aq -e 43010419900307013 -e "张伟" "$build/install-test-journey.log"; then fail "the log holds the ID number or name"; fi
say "store files and log: no plaintext ID number or name"

# --- purge --------------------------------------------------------------------------------------------
kill "$(cat "$root/run/sim.pid")" 2>/dev/null || true
rm -f "$root/run/sim.pid"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q zhidui-kiosk zhidui-platform-sim >>"$build/install-test-apt.log" 2>&1 ||
  fail "apt-get purge (log: $build/install-test-apt.log)"
for gone in /var/lib/zhidui /etc/zhidui /usr/bin/zhidui-kiosk; do
  in_root test ! -e "$gone" || fail "$gone is still there after purge"
done
if in_root getent passwd zhidui >/dev/null; then fail "the zhidui user is still there after purge"; fi
say "purge: data, configuration and user removed"
say "passed in $(( $(date +%s) - started )) s"
