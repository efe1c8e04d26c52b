#!/usr/bin/env bash
# libFuzzer runs of the parsers of outside input, built with clang + ASan/UBSan in build-fuzz/:
#   catalog  the policy catalog loader (tools/fuzz-catalog)
#   sam      the ID-card reader's serial frame decoder and card layouts (tools/fuzz-sam)
#   tools/fuzz.sh short   a bounded run per harness (part of `make test`)
#   tools/fuzz.sh long    `make fuzz`: 10 minutes per harness (FUZZ_SECONDS to change)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-short}
dir=$root/build-fuzz
mkdir -p "$dir"
if [ ! -f "$dir/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$dir/configure.log" 2>&1 ||
    { cat "$dir/configure.log"; exit 1; }
fi
cmake --build "$dir" --target fuzz_catalog fuzz_sam -j "$(nproc)" > "$dir/build.log" 2>&1 || { tail -50 "$dir/build.log"; exit 1; }

run() {  # name, what, max_len, runs when short, extension of the seeds in tools/fuzz-<name>/corpus
  local name=$1 what=$2 max_len=$3 runs=$4 seeds
  seeds=$(ls "$root"/tools/fuzz-"$name"/corpus/*."$5" | paste -sd, -)
  local args=(-runs="$runs")
  [ "$mode" = long ] && args=(-max_total_time="${FUZZ_SECONDS:-600}")
  echo "fuzz: $what (${args[*]})"
  # Seeds are passed with -seed_inputs (not as a corpus folder) so that a run never writes into the tree.
  "$dir/fuzz_$name" "${args[@]}" -max_len="$max_len" -seed_inputs="$seeds" -print_final_stats=1 \
    2> "$dir/fuzz_$name.log" || { tail -60 "$dir/fuzz_$name.log"; exit 1; }
  grep -E "stat::number_of_executed_units|Done" "$dir/fuzz_$name.log" | tail -2
}
run catalog "catalog loader" 8192 20000 json
run sam "ID-card reader frames and card layouts" 4400 50000 bin
