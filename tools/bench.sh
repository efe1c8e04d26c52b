#!/usr/bin/env bash
# `make bench`: every benchmark binary's figures (Google Benchmark: domain, store, UI frame build per
# screen), then two whole-process figures of the kiosk: headless cold start to the home screen PNG (wall
# time, peak RSS) and idle CPU in a window under Xvfb (bench/idle_cpu.sh). Nothing here asserts a time;
# budgets are printed next to the figures. Extra arguments go to zhidui_bench (e.g. --benchmark_filter=UiFrame).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ZHIDUI_BUILD_DIR:-$root/build}
"$build/zhidui_bench" --benchmark_counters_tabular=true "$@"

# Cold start: a fresh data dir each run (new store, new key), no display, the built-in demo journey; the
# clock stops when the demo logs the home screen's PNG, which is written after the first frames.
cold_start() {
  local runs=${ZHIDUI_COLD_RUNS:-3} i dir pid t0 t1 rss times=()
  for ((i = 1; i <= runs; i++)); do
    dir=$(mktemp -d)
    t0=$(date +%s%N)
    env -u DISPLAY -u WAYLAND_DISPLAY "$build/zhidui-kiosk" --headless --data-dir "$dir" --screens-dir "$dir/screens" \
      > /dev/null 2> "$dir/kiosk.log" &
    pid=$!
    until grep -q "screen 01-home.png" "$dir/kiosk.log"; do
      kill -0 $pid 2> /dev/null || { echo "cold start: kiosk exited before the home screen"; cat "$dir/kiosk.log"; return 1; }
      sleep 0.01
    done
    t1=$(date +%s%N)
    rss=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
    kill -TERM $pid 2> /dev/null || true
    wait $pid 2> /dev/null || true
    rm -rf "$dir"
    times+=($(( (t1 - t0) / 1000000 )))
    printf 'cold start %d: %d ms to the home screen PNG, peak RSS %d MB\n' $i ${times[-1]} $((rss / 1024))
  done
  printf 'cold start median of %d: %d ms\n' $runs "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
}
cold_start
"$root/bench/idle_cpu.sh" "$build" 10
