#!/usr/bin/env bash
# The kiosk killed three times in a row (kill -9: a crash, or the watchdog) starts the fourth time in
# 暂停服务 with the crash loop named for the technician, stays up (so systemd stops restarting it), and a
# clean stop (SIGTERM) does not clear it. Real processes in a real window under Xvfb.
# Usage: crash_loop.sh BUILD_DIR
set -euo pipefail
build=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export ZHIDUI_CRASH_DIR=$dir
xvfb-run -a -s "-screen 0 1280x1024x24" bash -c '
  build=$0
  start() {  # starts the kiosk (pid in $pid), waits until its window is up
    "$build/zhidui-kiosk" --windowed --data-dir "$ZHIDUI_CRASH_DIR/data" > /dev/null 2> "$ZHIDUI_CRASH_DIR/run$1.log" &
    pid=$!
    for _ in $(seq 150); do grep -q renderer "$ZHIDUI_CRASH_DIR/run$1.log" 2>/dev/null && break; sleep 0.1; done
    grep -q renderer "$ZHIDUI_CRASH_DIR/run$1.log" || { echo "run $1 did not start"; cat "$ZHIDUI_CRASH_DIR/run$1.log"; kill -9 $pid; exit 1; }
  }
  for n in 1 2 3; do
    start $n
    kill -9 $pid; wait $pid 2>/dev/null || true
    if grep -q "crash loop" "$ZHIDUI_CRASH_DIR/run$n.log"; then echo "run $n already saw a crash loop"; exit 1; fi
  done
  start 4
  sleep 1
  grep -q "crash loop: the kiosk stopped unexpectedly 3 times" "$ZHIDUI_CRASH_DIR/run4.log" || { echo "run 4 saw no crash loop"; cat "$ZHIDUI_CRASH_DIR/run4.log"; exit 1; }
  grep -q "screen home -> out_of_service" "$ZHIDUI_CRASH_DIR/run4.log" || { echo "run 4 is not out of service"; cat "$ZHIDUI_CRASH_DIR/run4.log"; exit 1; }
  kill -0 $pid || { echo "run 4 did not stay up"; exit 1; }
  kill -TERM $pid; wait $pid || { echo "run 4 did not stop cleanly"; exit 1; }
  start 5
  sleep 1
  grep -q "screen home -> out_of_service" "$ZHIDUI_CRASH_DIR/run5.log" || { echo "a clean stop cleared the crash loop"; cat "$ZHIDUI_CRASH_DIR/run5.log"; exit 1; }
  kill -TERM $pid; wait $pid || { echo "run 5 did not stop cleanly"; exit 1; }
  echo "crash loop ok: paused after 3 kills, still paused after a clean restart"
' "$build"
