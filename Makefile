# spoolsim: the user-facing targets. Each one installs missing Debian
# packages first (scripts/install-deps), so a fresh Debian 12 clone works.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN := -G Ninja

.PHONY: run test asan bench bench-results fuzz deps build docs-excerpts clean

deps:
	@bash scripts/install-deps

# build/ (Release) holds what `make run` runs: spoolsim and, when Dear ImGui,
# GLFW and OpenGL are present, spoolsim-dashboard. No tests, no benchmarks.
build: deps
	cmake -S . -B build $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DSPOOLSIM_TESTS=OFF -DSPOOLSIM_BENCH=OFF
	cmake --build build -j $(JOBS)

# Builds (Release) and compares all strategies on the built-in default scenario.
run: build
	./build/spoolsim run

# Builds with assertions on and runs every test; ends with ctest's summary.
# build-test/ also compiles the benchmark programs (so they keep building) but
# does not run them.
test: deps
	cmake -S . -B build-test $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-test -j $(JOBS)
	ctest --test-dir build-test --output-on-failure -j $(JOBS)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	cmake -S . -B build-asan $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DSPOOLSIM_SANITIZE=ON -DSPOOLSIM_DASHBOARD=OFF -DSPOOLSIM_BENCH=OFF
	cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS) -LE slow

# Builds (Release) and runs the benchmarks; writes build/bench/RESULTS.md.
# `make bench UPDATE=1` (or `make bench-results`) also copies it to the
# committed bench/RESULTS.md.
bench: build
	cmake --build build -j $(JOBS) --target spoolsim_bench
	bash bench/run-all build
	$(if $(filter 1 yes true,$(UPDATE)),cp build/bench/RESULTS.md bench/RESULTS.md && echo "bench: updated bench/RESULTS.md")

bench-results:
	$(MAKE) bench UPDATE=1

# Regenerates the output excerpts in the docs from real runs of build/spoolsim
# (a test, cli_doc_excerpts, fails when they drift).
docs-excerpts: build
	python3 scripts/update-doc-excerpts --bin build/spoolsim

# The scenario-loader fuzzer (clang + libFuzzer), a fixed number of runs.
fuzz: deps
	CXX=clang++ cmake -S . -B build-fuzz $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPOOLSIM_FUZZ=ON -DSPOOLSIM_DASHBOARD=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzz_scenario_loader
	mkdir -p build-fuzz/corpus  # new inputs go here, the library stays clean
	./build-fuzz/fuzz_scenario_loader -runs=$${FUZZ_RUNS:-20000} -max_len=4096 build-fuzz/corpus scenarios

clean:
	rm -rf build build-test build-asan build-fuzz
