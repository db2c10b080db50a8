# Makefile -- the two commands a newcomer needs, and a few more.
#
#   make demo      install what is missing, build, run the demo
#   make check     install what is missing, build, run every test
#   make bench     trapeze vs QEMU vs GXemul on the bench workload, and the
#                  monitor's overhead on minikern workloads
#   make sanitize  build with ASan+UBSan and run every test under it
BUILD    ?= build
SANBUILD ?= build-san
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build check sanitize demo bench clean

all: build

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

check: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

sanitize: deps
	@cmake -S . -B $(SANBUILD) -DCMAKE_BUILD_TYPE=Debug -DTRAPEZE_SANITIZE=ON >/dev/null
	@cmake --build $(SANBUILD) -j $(JOBS)
	@ctest --test-dir $(SANBUILD) --output-on-failure -j $(JOBS)

demo: build
	@sh scripts/demo.sh $(BUILD)

bench: build
	@sh scripts/bench.sh $(BUILD)
	@sh scripts/bench_monitor.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(SANBUILD)
