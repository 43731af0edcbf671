#!/usr/bin/env bash
# Runs every benchmark program of a Release build and prints their figures.
#   bench/run-all.sh BUILD_DIR quick   # make bench: short times, no 10 GB recovery
#   bench/run-all.sh BUILD_DIR full    # make bench-full: every benchmark at its own length
# docs/BENCHMARKS.md records the results with the machine they came from.
set -euo pipefail
build_dir="${1:?usage: bench/run-all.sh BUILD_DIR [quick|full]}"
mode="${2:-full}"
case "$mode" in
  # Benchmarks without a fixed iteration count run for 0.05 s instead of Google
  # Benchmark's default; the recovery from a 10 GB log (minutes of writing) is left out.
  quick) args=(--benchmark_min_time=0.05 '--benchmark_filter=-BM_recovery_unclean/10') ;;
  full) args=() ;;
  *) echo "bench/run-all.sh: the mode is quick or full, not '$mode'" >&2; exit 2 ;;
esac
found=0
while IFS= read -r bench; do
  found=1
  echo "== ${bench#"$build_dir"/}"
  "$bench" --benchmark_counters_tabular=true "${args[@]}"
done < <(find "$build_dir/bench" -type f -executable -name '*_bench' | sort)
if [[ $found -eq 0 ]]; then
  echo "no benchmark programs under $build_dir/bench" >&2
  exit 1
fi
