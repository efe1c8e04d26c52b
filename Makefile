# The two commands a newcomer needs: `make run` and `make test`. Each installs missing Debian
# packages (tools/install-deps.sh), configures once, builds incrementally, then runs.
# Also: `make bench` (benchmarks), `make build`, `make asan` (tests under ASan/UBSan), `make clean`.
JOBS ?= $(shell nproc)
BUILD := build

.PHONY: run test bench build deps asan clean

deps:
	@tools/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake --preset default

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	tools/run.sh $(ARGS)

test: build
	ctest --preset default -j $(JOBS)

bench: build
	tools/bench.sh

asan: deps
	cmake --preset asan
	cmake --build build-asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

clean:
	rm -rf $(BUILD) build-asan
