#!/usr/bin/env bash
# Runs many simulation seeds, split over parallel raft_sim processes.
#   tests/sim/run_seeds.sh RAFT_SIM SEEDS [FIRST_SEED] [JOBS]
# RAFT_SIM is the built binary (e.g. build/asan/tests/sim/raft_sim). Prints every failing
# seed with the command that reproduces it; exits 1 if any seed failed.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 RAFT_SIM SEEDS [FIRST_SEED] [JOBS]" >&2
  exit 2
fi
sim="$1"
seeds="$2"
first="${3:-1}"
jobs="${4:-$(nproc)}"

per_job=$(( (seeds + jobs - 1) / jobs ))
pids=()
for (( j = 0; j < jobs; j++ )); do
  start=$(( first + j * per_job ))
  count=$(( seeds - j * per_job ))
  (( count > per_job )) && count=$per_job
  (( count <= 0 )) && break
  "$sim" --first-seed "$start" --seeds "$count" &
  pids+=($!)
done

status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit $status
