# The two commands a newcomer needs: `make run` and `make test`. Each installs missing Debian
# packages (tools/install-deps.sh), configures once, builds incrementally, then runs.
# Also: `make bench` (benchmarks), `make soak` (larger kill -9 counts), `make fuzz` (long libFuzzer runs),
# `make build`, `make asan` (tests under ASan/UBSan), `make clean`.
JOBS ?= $(shell nproc)
BUILD := build

.PHONY: run test bench soak fuzz build deps asan clean

deps:
	@tools/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake --preset default

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	tools/run.sh $(ARGS)

# The short fuzz run comes first so that ctest's summary is the last thing printed.
test: build
	tools/fuzz.sh short
	ctest --preset default -j $(JOBS)

bench: build
	tools/bench.sh

# 1,000 kill -9 rounds of the store while submitting (make test runs 200).
soak: build
	ZHIDUI_KILL_ROUNDS=1000 $(BUILD)/test_offline --gtest_filter='StoreKill.*'
	ZHIDUI_DRAIN_APPLICATIONS=10000 $(BUILD)/test_offline --gtest_filter='SyncBatch.AThousand*'

fuzz: deps
	tools/fuzz.sh long

asan: deps
	cmake --preset asan
	cmake --build build-asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

clean:
	rm -rf $(BUILD) build-asan build-fuzz

# Debian packages (issue 8): build/zhidui-kiosk_<version>_<arch>.deb and zhidui-platform-sim_…deb.
# tests/packaging/check_debs.sh lists what they must contain.
.PHONY: package
package: build
	cd $(BUILD) && cpack -G DEB

# The packages installed into a clean Debian 12 root (debootstrap) and checked there as a technician
# would: permissions, units, self-check, a headless journey against the installed platform-sim, purge.
.PHONY: install-test
install-test: package
	tests/packaging/check_debs.sh $(BUILD)
	tools/install-test.sh $(BUILD)

# Golden screenshots (docs/golden-screenshots.md). golden-review renders every screen in both orientations
# and writes build/golden-review/index.html (golden | actual | diff); golden-update rewrites the goldens
# once a person has looked, then commit tests/ui/golden/.
.PHONY: golden-review golden-update
golden-review: build
	tools/golden.sh review

golden-update: build
	tools/golden.sh update
