#!/usr/bin/env bash
# A keyboard-wedge barcode scanner is a USB keyboard that types the code and presses Enter. This drives
# the real kiosk window under Xvfb with real X key events (xdotool, through the XTEST extension, as a USB
# keyboard's keys arrive), through SDL's text input, to the wedge adapter and the session: the licence QR
# of an enterprise starts 企业办事 with its USCC. Also: keys typed while no wedge scanner is configured
# start nothing (a stray keyboard must not drive journeys).
# Usage: wedge_x11.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
command -v xdotool >/dev/null || { echo "xdotool missing (tools/debian-packages.txt)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

write_config() {  # $1: the [devices.barcode_scanner] mode line, or nothing
  cat > "$dir/zhidui.toml" <<TOML
[kiosk]
id = "HN-4301-WEDGE-01"
hall = "岳麓区政务服务中心"
region_code = "430104"
mode = "demo"
data_dir = "$dir/data"

[platform]
url = "http://127.0.0.1:9"

[devices]
simulate = false
required = []
$1

[voice]
enabled = false
TOML
  chmod 0600 "$dir/zhidui.toml"
}

# Runs the kiosk in a window, types the licence QR and Enter, and prints the screens the session went to.
run_and_type() {
  xvfb-run -a -s "-screen 0 1280x1024x24" bash -c '
    "$0/zhidui-kiosk" --windowed --config "$1/zhidui.toml" --assets "$2/assets" 2> "$1/kiosk.log" &
    pid=$!
    win=""
    for _ in $(seq 100); do
      win=$(xdotool search --onlyvisible --pid $pid 2>/dev/null | head -1 || true)
      [ -n "$win" ] && grep -q "renderer" "$1/kiosk.log" && break
      kill -0 $pid 2>/dev/null || { echo "kiosk died at start"; cat "$1/kiosk.log"; exit 1; }
      sleep 0.1
    done
    [ -n "$win" ] || { echo "no kiosk window"; kill $pid; exit 1; }
    sleep 1
    xdotool windowfocus --sync "$win"
    xdotool type --delay 8 "https://www.gsxt.gov.cn/index.html?uniscid=91430104MA4L1A2B39&xydm=91430104MA4L1A2B39"
    xdotool key Return
    sleep 2
    kill -TERM $pid
    wait $pid || true
  ' "$build" "$dir" "$src"
  grep -o "screen [a-z_]* -> [a-z_]*" "$dir/kiosk.log" || true
}

write_config '[devices.barcode_scanner]
mode = "wedge"'
screens=$(run_and_type)
echo "$screens"
grep -q "home -> enterprise_identify" <<<"$screens" || {
  echo "FAIL: the typed licence QR did not start 企业办事"; tail -20 "$dir/kiosk.log"; exit 1; }

write_config ''
screens=$(run_and_type)
if grep -q "enterprise_identify" <<<"$screens"; then
  echo "FAIL: keys typed without a wedge scanner configured started a journey"; exit 1
fi
echo "wedge over X ok"
