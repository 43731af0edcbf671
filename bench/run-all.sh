#!/usr/bin/env bash
# Runs every benchmark program of a Release build (make bench) and prints their figures.
# docs/BENCHMARKS.md records the results with the machine they came from.
set -euo pipefail
build_dir="${1:?usage: bench/run-all.sh BUILD_DIR}"
found=0
while IFS= read -r bench; do
  found=1
  echo "== ${bench#"$build_dir"/}"
  "$bench" --benchmark_counters_tabular=true
done < <(find "$build_dir/bench" -type f -executable -name '*_bench' | sort)
if [[ $found -eq 0 ]]; then
  echo "no benchmark programs under $build_dir/bench" >&2
  exit 1
fi
