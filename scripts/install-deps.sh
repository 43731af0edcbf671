#!/usr/bin/env bash
# Installs everything StreamBus needs to build, run and test on Debian 12.
# Idempotent: installs only what is missing and says what it installs.
# Runs as root (or through sudo when it is available).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build toolchain and libraries (Debian 12 package names).
build_packages=(
  build-essential cmake ninja-build pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev
  libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev
  libzstd-dev liblz4-dev libsnappy-dev zlib1g-dev libssl-dev
  librdkafka-dev
)
# Test and benchmark peers.
test_packages=(
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  kcat python3 python3-pytest python3-confluent-kafka python3-kafka
  python3-lz4 python3-zstandard
  systemd curl
)
# Benchmark peers and tools (make bench): NATS JetStream and its C client, gnuplot for the
# latency plot, valgrind (callgrind) for instruction profiles.
bench_packages=(
  nats-server libnats-dev gnuplot-nox valgrind
)
# Node.js and npm (for kafkajs): Debian's packages unless a node with npm is already on PATH
# (some images ship NodeSource's nodejs, whose package conflicts with Debian's npm).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  test_packages+=(nodejs npm)
fi

want=("${build_packages[@]}")
if [[ "${1:-}" != "--build-only" ]]; then
  want+=("${test_packages[@]}" "${bench_packages[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

if ((${#missing[@]})); then
  echo "install-deps: installing apt packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all apt packages present"
fi

if [[ "${1:-}" != "--build-only" ]]; then
  # kafkajs (a real Kafka client for Node.js), pinned by tests/integration/node/package-lock.json.
  node_dir="$here/tests/integration/node"
  if [[ -f "$node_dir/package-lock.json" ]]; then
    if [[ ! -d "$node_dir/node_modules/kafkajs" ]]; then
      echo "install-deps: installing npm packages from $node_dir/package-lock.json"
      (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
    else
      echo "install-deps: npm packages present"
    fi
  fi
fi
