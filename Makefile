# StreamBus: the two commands a fresh Debian 12 machine needs are `make run` and `make test`.
# Everything else here is a building block of those two, or a developer convenience.

JOBS        ?= $(shell nproc)
BUILD_DIR   ?= build
ASAN_DIR    ?= build/asan
FUZZ_DIR    ?= build/fuzz
BENCH_DIR   ?= build/bench
FUZZ_SECONDS ?= 60
SEEDS       ?= 100000
# Warnings are errors in CI (CI=true) and for anyone who asks with WERROR=ON.
WERROR      ?= $(if $(CI),ON,OFF)
RUN_ARGS    ?=

CMAKE_COMMON = -G Ninja -DSB_WERROR=$(WERROR)
# ccache (when installed) may reuse objects compiled in another checkout of the project.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps deps-build build asan-build run test unit integration sim fuzz bench bench-full bench-build clean regen-protocol

all: build

deps:
	@bash scripts/install-deps.sh

deps-build:
	@bash scripts/install-deps.sh --build-only

# Release-style build of the broker binary at build/streambus.
build: deps-build
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSB_TESTS=OFF >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target streambus

# Installs what is missing, builds, and starts a single-node broker with embedded defaults:
# Kafka API on 127.0.0.1:9092, data in ./streambus-data.
run: build
	./$(BUILD_DIR)/streambus serve $(RUN_ARGS)

# Sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer) of everything: unit tests,
# the Raft simulation, and the broker that the integration tests start.
asan-build: deps
	@cmake -S . -B $(ASAN_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug -DSB_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS)

# Installs, builds, and runs every test: unit (ASan+UBSan), simulation and integration.
test: asan-build
	@cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest -j $(JOBS) --output-on-failure --timeout 600

unit: asan-build
	@cd $(ASAN_DIR) && ctest -j $(JOBS) --output-on-failure -L unit

integration: asan-build
	@cd $(ASAN_DIR) && ctest -j $(JOBS) --output-on-failure -L integration

# Many more Raft simulation seeds than CI runs: make sim SEEDS=1000000
sim: asan-build
	bash tests/sim/run_seeds.sh ./$(ASAN_DIR)/tests/sim/raft_sim $(SEEDS) 1 $(JOBS)

# libFuzzer on the request decoder (clang), for FUZZ_SECONDS seconds.
fuzz: deps
	@cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSB_FUZZ=ON -DSB_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target request_decoder_fuzz
	@mkdir -p $(FUZZ_DIR)/corpus
	./$(FUZZ_DIR)/tests/fuzz/request_decoder_fuzz -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(FUZZ_DIR)/corpus tests/fuzz/corpus

# Benchmarks (Release). Figures go to docs/BENCHMARKS.md with the command that made them.
# make bench: under 10 minutes on 2 cores (short component benchmarks without the 10 GB
# recovery, StreamBus against its peers at 2 rates). make bench-full: everything, at length,
# plus the scale benchmark (5000 partitions, start-up with 1 and 10 GB of data).
bench: bench-build
	@bash bench/run-all.sh $(BENCH_DIR) quick
	@bench/run-peers --quick --no-build --build-dir $(BENCH_DIR)

bench-full: bench-build
	@bash bench/run-all.sh $(BENCH_DIR) full
	@bench/run-peers --no-build --build-dir $(BENCH_DIR)
	@bench/scale/run-scale --no-build --build-dir $(BENCH_DIR)

bench-build: deps
	@cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSB_BENCH=ON -DSB_TESTS=OFF >/dev/null
	@cmake --build $(BENCH_DIR) -j $(JOBS)

# Regenerates the protocol codec from Kafka's schemas (not needed for a normal build:
# the generated code is committed). SCHEMAS is the folder of Kafka's message JSON files.
SCHEMAS ?= ../shared/kafka-protocol/schemas
regen-protocol:
	python3 tools/gen_protocol.py $(SCHEMAS) src/protocol/messages

clean:
	rm -rf build
