#!/usr/bin/env bash
# `make bench`: runs every benchmark binary and prints its figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ZHIDUI_BUILD_DIR:-$root/build}
"$build/zhidui_bench" --benchmark_counters_tabular=true "$@"
