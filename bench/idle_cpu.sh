#!/usr/bin/env bash
# Idle CPU of the kiosk in a real window under Xvfb, nothing happening: start it windowed on the home
# screen, wait until it has drawn and settled, sample utime+stime from /proc/<pid>/stat over the window
# and print the share of one core. Budget: ≤ 0.5 % (issue 6). The frame loop sleeps in SDL_WaitEvent when
# nothing changes; a regression there (a timer, an animation left running) shows up here first.
# Per thread, /proc/<pid>/task/*/schedstat is sampled at both ends of the window (ns on the CPU, and the
# number of times the thread was scheduled in, i.e. its wakeups), with the thread's name: which thread
# still wakes when nothing happens, and how often (issue 20).
# Usage: bench/idle_cpu.sh [BUILD_DIR] [SECONDS]   (exit status 0; the verdict is printed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${ZHIDUI_BUILD_DIR:-$root/build}}
seconds=${2:-10}
[ -x "$build/zhidui-kiosk" ] || { echo "idle_cpu.sh: $build/zhidui-kiosk is missing" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export ZHIDUI_IDLE_DIR=$dir ZHIDUI_IDLE_SECONDS=$seconds
xvfb-run -a -s "-screen 0 1280x1024x24" bash -c '
  "$0/zhidui-kiosk" --windowed --data-dir "$ZHIDUI_IDLE_DIR" 2> "$ZHIDUI_IDLE_DIR/kiosk.log" &
  pid=$!
  # Drawn: the renderer line is logged once the atlas is built; then give it 3 s to settle.
  for _ in $(seq 300); do grep -q "renderer" "$ZHIDUI_IDLE_DIR/kiosk.log" && break; sleep 0.1; done
  sleep 3
  kill -0 $pid 2>/dev/null || { echo "idle_cpu: kiosk died at start"; cat "$ZHIDUI_IDLE_DIR/kiosk.log"; exit 1; }
  ticks() { awk "{print \$14 + \$15}" /proc/$pid/stat; }
  threads() { for t in /proc/$pid/task/*; do echo "${t##*/} $(cat $t/schedstat 2>/dev/null) $(cat $t/comm 2>/dev/null)"; done; }
  threads > "$ZHIDUI_IDLE_DIR/threads0"
  t0=$(ticks); sleep "$ZHIDUI_IDLE_SECONDS"; t1=$(ticks)
  threads > "$ZHIDUI_IDLE_DIR/threads1"
  hz=$(getconf CLK_TCK)
  kill -TERM $pid; wait $pid || true
  awk -v d=$((t1 - t0)) -v hz=$hz -v s=$ZHIDUI_IDLE_SECONDS "BEGIN {
    pct = 100 * d / hz / s
    printf \"idle CPU over %d s on the home screen (Xvfb): %.2f %% of one core (%d ticks of 1/%d s); budget 0.5 %%: %s\n\",
           s, pct, d, hz, (pct <= 0.5 ? \"ok\" : \"OVER BUDGET\")
  }"
  # tid run_ns wait_ns slices name… at both ends; threads that came or went in between are left out.
  echo "per thread (CPU over the window, times scheduled in per second):"
  awk -v s=$ZHIDUI_IDLE_SECONDS "
    NR == FNR { run[\$1] = \$2; slices[\$1] = \$4; next }
    (\$1 in run) {
      name = \$5; for (i = 6; i <= NF; i++) name = name \" \" \$i
      printf \"  %-7s %-16s %8.1f ms CPU %8.2f wakeups/s\n\", \$1, name, (\$2 - run[\$1]) / 1e6, (\$4 - slices[\$1]) / s
    }" "$ZHIDUI_IDLE_DIR/threads0" "$ZHIDUI_IDLE_DIR/threads1" | sort -k6,6nr
' "$build"
