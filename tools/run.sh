#!/usr/bin/env bash
# `make run`: starts the reference central platform (tools/platform-sim, a real HTTP server on a
# loopback port with its own SQLite file under var/) and then the kiosk with simulated devices.
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
trap 'kill $sim_pid 2>/dev/null; wait $sim_pid 2>/dev/null || true' EXIT

for _ in $(seq 100); do
  [ -s "$port_file" ] && break
  kill -0 $sim_pid 2>/dev/null || { echo "platform-sim failed to start:"; cat "$var/platform-sim.log"; exit 1; }
  sleep 0.05
done
[ -s "$port_file" ] || { echo "platform-sim did not report its port"; exit 1; }
url="http://127.0.0.1:$(cat "$port_file")"
echo "platform-sim: $url (database $var/platform.db, log $var/platform-sim.log)"

"$build/zhidui-kiosk" --platform "$url" --token dev-token --data-dir "$var" "$@"
