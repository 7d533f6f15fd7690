# spoolsim: the user-facing targets. Each one installs missing Debian
# packages first (scripts/install-deps), so a fresh Debian 12 clone works.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN := -G Ninja

.PHONY: run test asan tsan bench bench-results fuzz deps build docs-excerpts clean

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

# The threaded code under ThreadSanitizer (gcc): the replication runner
# (sim/replication.cpp) through the sim and server tests, the dashboard's
# worker and live buffers, and the spoolsim binary's run and sweep on two
# threads. A report of a race fails the target (halt_on_error).
TSAN_TESTS := SimReplication|SimForkJoin|ServerGenerateAhead.OneReplication|ServerGenerateAhead.Batches|ServerSimulation.RunIsIdentical|ServerFingerprint.DoesNotDependOnCompanyOrThreads|VizWorker|VizLiveBuffers
tsan: deps
	cmake -S . -B build-tsan $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPOOLSIM_TSAN=ON -DSPOOLSIM_DASHBOARD=OFF -DSPOOLSIM_BENCH=OFF
	cmake --build build-tsan -j $(JOBS) --target sim_tests server_tests viz_tests spoolsim_cli
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  ctest --test-dir build-tsan --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'
	TSAN_OPTIONS="halt_on_error=1" ./build-tsan/spoolsim run --threads 2 --replications 4 \
	  --set population.users=300 --set horizon=6d --format csv > /dev/null
	TSAN_OPTIONS="halt_on_error=1" ./build-tsan/spoolsim run --threads 2 --replications 1 \
	  --set population.users=300 --set horizon=6d --format csv > /dev/null
	TSAN_OPTIONS="halt_on_error=1" ./build-tsan/spoolsim sweep --threads 2 --replications 2 \
	  --set population.users=300 --set horizon=6d --vary traffic.messages_per_user_per_day=10,20 --format csv > /dev/null
	@echo "tsan: no data race reported"

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
	bash scripts/update-doc-excerpts --bin build/spoolsim

# The loader fuzzers (clang + libFuzzer), FUZZ_SECONDS each (issue 16):
# textproto, JSON, --set, contact files, traces, the ejabberd and Prosody
# importers and calibrate's log, CSV and archive readers, inputs up to
# FUZZ_MAX_LEN bytes,
# seeded from the scenario library and tests/fuzz_seeds; new inputs go to
# build-fuzz/corpus/TARGET, the seeds stay clean. A crash stops with its input.
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 1048576
FUZZERS := fuzz_textproto_loader fuzz_json_loader fuzz_set_override fuzz_contact_file fuzz_trace_reader \
	fuzz_ejabberd_config fuzz_prosody_config fuzz_calibrate_readers
fuzz_seeds_fuzz_textproto_loader := scenarios scenarios/presets/servers scenarios/presets/clients
fuzz_seeds_fuzz_json_loader := tests/fuzz_seeds/json
fuzz_seeds_fuzz_set_override := tests/fuzz_seeds/set
fuzz_seeds_fuzz_contact_file := tests/fuzz_seeds/contacts
fuzz_seeds_fuzz_trace_reader :=
fuzz_seeds_fuzz_ejabberd_config := tests/import/data
fuzz_seeds_fuzz_prosody_config := tests/import/data
# Its first byte picks the reader: every file of tests/calibrate/data once per reader.
fuzz_seeds_fuzz_calibrate_readers := build-fuzz/seeds/fuzz_calibrate_readers
fuzz: deps
	CXX=clang++ cmake -S . -B build-fuzz $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPOOLSIM_FUZZ=ON -DSPOOLSIM_DASHBOARD=OFF
	cmake --build build-fuzz -j $(JOBS) --target $(FUZZERS)
	@rm -rf build-fuzz/seeds/fuzz_calibrate_readers && mkdir -p build-fuzz/seeds/fuzz_calibrate_readers && \
	for f in tests/calibrate/data/*; do for b in 0 1 2 3 4 5; do \
	  { printf "\\$$(printf %o $$b)"; cat "$$f"; } > "build-fuzz/seeds/fuzz_calibrate_readers/$$b-$$(basename "$$f")"; \
	done; done
	@set -e; for f in $(FUZZERS); do \
	  mkdir -p build-fuzz/corpus/$$f; \
	  echo "== $$f: $(FUZZ_SECONDS) s, -max_len=$(FUZZ_MAX_LEN)"; \
	  case $$f in \
	    fuzz_textproto_loader) seeds="$(fuzz_seeds_fuzz_textproto_loader)";; \
	    fuzz_json_loader) seeds="$(fuzz_seeds_fuzz_json_loader)";; \
	    fuzz_set_override) seeds="$(fuzz_seeds_fuzz_set_override)";; \
	    fuzz_contact_file) seeds="$(fuzz_seeds_fuzz_contact_file)";; \
	    fuzz_trace_reader) seeds="$(fuzz_seeds_fuzz_trace_reader)";; \
	    fuzz_ejabberd_config) seeds="$(fuzz_seeds_fuzz_ejabberd_config)";; \
	    fuzz_prosody_config) seeds="$(fuzz_seeds_fuzz_prosody_config)";; \
	    fuzz_calibrate_readers) seeds="$(fuzz_seeds_fuzz_calibrate_readers)";; \
	  esac; \
	  ./build-fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=30 -rss_limit_mb=4096 \
	    -artifact_prefix=build-fuzz/$$f- build-fuzz/corpus/$$f $$seeds; \
	done

clean:
	rm -rf build build-test build-asan build-fuzz

# Conformance (issue 13): every timeline in tests/conformance/cases against
# private Prosody 13 and ejabberd 24.12 instances on 127.0.0.1, and through
# spoolsim's replica; docs/conformance.md explains the table and differences.
# Both servers run at once, one instance per configuration (about 1.5 min).
.PHONY: conformance
conformance:
	bash scripts/install-deps --core
	bash scripts/install-deps conformance
	cmake -S . -B build $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release
	cmake --build build -j $(JOBS) --target spoolsim_cli
	bash tests/conformance/run-suite build/spoolsim
