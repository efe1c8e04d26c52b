#!/usr/bin/env bash
# libFuzzer runs of the parsers of outside input, built with clang + ASan/UBSan in build-fuzz/.
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
cmake --build "$dir" --target fuzz_catalog -j "$(nproc)" > "$dir/build.log" 2>&1 || { tail -50 "$dir/build.log"; exit 1; }
seeds=$(ls "$root"/tools/fuzz-catalog/corpus/*.json | paste -sd, -)
if [ "$mode" = long ]; then
  args=(-max_total_time="${FUZZ_SECONDS:-600}")
else
  args=(-runs=20000)
fi
echo "fuzz: catalog loader (${args[*]})"
"$dir/fuzz_catalog" "${args[@]}" -max_len=8192 -seed_inputs="$seeds" -print_final_stats=1 2> "$dir/fuzz_catalog.log" ||
  { tail -60 "$dir/fuzz_catalog.log"; exit 1; }
grep -E "stat::number_of_executed_units|Done" "$dir/fuzz_catalog.log" | tail -2
