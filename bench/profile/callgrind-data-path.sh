#!/usr/bin/env bash
# Instruction profile of the broker's produce and fetch paths under callgrind, which
# counts instructions and so gives the same figures on a busy machine (docs/BENCHMARKS.md).
#
#   bench/profile/callgrind-data-path.sh [BUILD_DIR] [RECORDS] [OUT_DIR]
#
# Starts BUILD_DIR/streambus (Release, default build/bench) under callgrind with one
# shard, creates a topic of 4 partitions, then profiles two phases apart:
#   produce: fill_partitions writes RECORDS (default 200000) 1 KiB records, acks=1;
#   fetch:   kcat reads them all back from offset 0.
# OUT_DIR (default bench/results/callgrind-<date>) gets one callgrind file per phase
# and its top functions by exclusive instructions (callgrind_top.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$here/build/bench}"
records="${2:-200000}"
out="${3:-$here/bench/results/callgrind-$(date +%Y%m%d-%H%M%S)}"
partitions=4
mkdir -p "$out"
data="$(mktemp -d)"
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
brokers="127.0.0.1:$port"

valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.%p" --dump-instr=no \
  "$build/streambus" serve --data-dir "$data" --kafka-addr "$brokers" --admin-addr "" --smp 1 \
  --log-level warn 2>"$out/valgrind.log" &
pid=$!
cleanup() { kill -INT "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 600); do
  PYTHONPATH="$here/bench/peers" /usr/bin/python3 -c \
    "import probes, sys; sys.exit(0 if probes.kafka_api_versions('127.0.0.1', $port) else 1)" && break
  sleep 0.5
done
"$build/streambus" topic create profiled -p "$partitions" --brokers "$brokers" --timeout-ms 120000 >/dev/null

per_partition=$((records / partitions))
callgrind_control --zero "$pid" >/dev/null
"$build/bench/scale/fill_partitions" "$brokers" profiled "$partitions" "$per_partition" 1024 >"$out/produce.json"
callgrind_control --dump=produce "$pid" >/dev/null
kcat -b "$brokers" -C -t profiled -o beginning -e -q -f '%o\n' -X fetch.wait.max.ms=100 | wc -l >"$out/fetch.count"
callgrind_control --dump=fetch "$pid" >/dev/null

for phase in produce fetch; do
  file="$(grep -l "^desc: Trigger: dump $phase" "$out"/callgrind.* | head -1)"
  mv "$file" "$out/$phase.callgrind"
  /usr/bin/python3 "$here/bench/profile/callgrind_top.py" "$out/$phase.callgrind" 25 >"$out/$phase.txt"
  echo "== $phase"
  cat "$out/$phase.txt"
done
echo "records read back: $(cat "$out/fetch.count") of $((per_partition * partitions)); files in $out"
