#!/usr/bin/env bash
# `make run`: starts the reference central platform (tools/platform-sim, a real HTTP server on a
# loopback port with its own SQLite file under var/), a private cupsd for the A4 printer
# (tools/cups-sandbox.sh: printed pages appear as var/cups-sandbox/pdf/job-<id>.pdf), and then the kiosk
# with simulated devices and its configuration file var/zhidui.toml (demo mode; written at the first run).
# Without CUPS the kiosk runs without its A4 printer.
# With a display: the kiosk window (full screen; pass ARGS=--windowed for a window).
# Without one: the headless demo journey; prints the screens folder and the acceptance number.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ZHIDUI_BUILD_DIR:-$root/build}
var=$root/var
mkdir -p "$var"

port_file=$var/platform-sim.port
rm -f "$port_file"
"$build/platform-sim" --port 0 --port-file "$port_file" --db "$var/platform.db" \
  --catalog "$root/assets/catalog/catalog.json" --token dev-token > "$var/platform-sim.log" 2>&1 &
sim_pid=$!
cups_pid=""
stop_children() {
  kill $sim_pid $cups_pid 2>/dev/null
  wait $sim_pid $cups_pid 2>/dev/null || true
}
trap stop_children EXIT

for _ in $(seq 100); do
  [ -s "$port_file" ] && break
  kill -0 $sim_pid 2>/dev/null || { echo "platform-sim failed to start:"; cat "$var/platform-sim.log"; exit 1; }
  sleep 0.05
done
[ -s "$port_file" ] || { echo "platform-sim did not report its port"; exit 1; }
url="http://127.0.0.1:$(cat "$port_file")"
echo "platform-sim: $url (database $var/platform.db, log $var/platform-sim.log)"

# The A4 queue: a private cupsd on a unix socket under var/ (never the machine's own CUPS).
cups_dir=$var/cups-sandbox
a4_args=()
if [ -x /usr/sbin/cupsd ]; then
  rm -f "$cups_dir/cups.sock"
  "$root/tools/cups-sandbox.sh" run "$cups_dir" > "$var/cups-sandbox.log" 2>&1 &
  cups_pid=$!
  for _ in $(seq 100); do  # up to 10 s
    [ -S "$cups_dir/cups.sock" ] && break
    kill -0 $cups_pid 2>/dev/null || break
    sleep 0.1
  done
fi
if [ -n "$cups_pid" ] && [ -S "$cups_dir/cups.sock" ]; then
  echo "cups-sandbox: $cups_dir/cups.sock, queue zhidui-a4 (PDFs in $cups_dir/pdf, log $var/cups-sandbox.log)"
  a4_args=(--a4-server "$cups_dir/cups.sock" --a4-queue zhidui-a4)
else
  echo "cups-sandbox did not start (see $var/cups-sandbox.log): the kiosk runs without its A4 printer"
fi

# The kiosk's configuration file, as a hall's /etc/zhidui/zhidui.toml but in demo mode (simulated devices,
# the dev dock, the demonstration PIN 135790): written once, then kept, so what the technician panel
# saves (identity, hall, orientation, volume…) lasts from run to run. Its platform is this run's simulator.
config=$var/zhidui.toml
if [ ! -f "$config" ]; then
  cat > "$config" <<TOML
# zhidui kiosk configuration for \`make run\` (demo mode). Delete this file to start again from these values.
[kiosk]
id = "HN-4301-YL-0001"
hall = "岳麓区政务服务中心"
region_code = "430104"
mode = "demo"
orientation = "portrait"
data_dir = "$var"

[platform]
url = "$url"
token = "dev-token"

[devices]
required = ["id_reader"]
TOML
fi
chmod 0600 "$config"
sed -i -e "s|^url = .*|url = \"$url\"|" -e "s|^data_dir = .*|data_dir = \"$var\"|" "$config"
echo "configuration: $config (the technician panel saves to it; PIN 135790)"

# 立即重启 on the technician panel ends the kiosk with status 75; as systemd does in a hall, start it again.
while :; do
  status=0
  "$build/zhidui-kiosk" --config "$config" --data-dir "$var" "${a4_args[@]}" "$@" || status=$?
  [ "$status" -eq 75 ] || exit "$status"
  echo "restarting the kiosk with the settings saved on the technician panel"
done
