#!/usr/bin/env bash
# The kiosk in a real window under Xvfb: it starts, draws, sleeps when nothing changes (idle CPU is
# printed), and quits cleanly on SIGTERM (SDL turns it into SDL_QUIT). Usage: window_smoke.sh BUILD_DIR
set -euo pipefail
build=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export ZHIDUI_SMOKE_DIR=$dir
xvfb-run -a -s "-screen 0 1280x1024x24" bash -c '
  "$0/zhidui-kiosk" --windowed --data-dir "$ZHIDUI_SMOKE_DIR" 2> "$ZHIDUI_SMOKE_DIR/kiosk.log" &
  pid=$!
  sleep 4
  kill -0 $pid || { echo "kiosk died at start"; cat "$ZHIDUI_SMOKE_DIR/kiosk.log"; exit 1; }
  ticks() { awk "{print \$14 + \$15}" /proc/$pid/stat; }
  t0=$(ticks); sleep 5; t1=$(ticks)
  hz=$(getconf CLK_TCK)
  echo "idle CPU over 5 s on the home screen: $(( (t1 - t0) * 1000 / hz )) ms"
  kill -TERM $pid
  for _ in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then echo "kiosk ignored SIGTERM"; kill -9 $pid; exit 1; fi
  wait $pid; rc=$?
  grep -q "renderer" "$ZHIDUI_SMOKE_DIR/kiosk.log" || { echo "no renderer line"; cat "$ZHIDUI_SMOKE_DIR/kiosk.log"; exit 1; }
  [ $rc -eq 0 ] || { echo "kiosk exit status $rc"; cat "$ZHIDUI_SMOKE_DIR/kiosk.log"; exit 1; }
  echo "window smoke ok"
' "$build"
