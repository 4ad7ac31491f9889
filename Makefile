# Set-up from nothing on Debian 12: `make demo` or `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release
# The sanitizer build: AddressSanitizer + UndefinedBehaviorSanitizer over the library, the command and the tests.
SAN_BUILD ?= build-san
SAN_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRANES_SANITIZE=ON -DCRANES_BUILD_BENCH=OFF -DCRANES_WERROR=ON
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1 \
          LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizer/lsan.supp:print_suppressions=0 \
          UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Fuzzing with libFuzzer (clang): every target for FUZZ_SECONDS, new inputs kept in build-fuzz/corpus/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DCRANES_FUZZ=ON -DCRANES_BUILD_BENCH=OFF

.PHONY: all deps configure build demo test bench format format-check sanitize sanitize-test fuzz clean

all: build

deps:
	@bash scripts/setup.sh

$(BUILD)/build.ninja: | deps
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null

configure: deps $(BUILD)/build.ninja

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@$(BUILD)/cranes demo

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	@$(BUILD)/cranes_bench

$(SAN_BUILD)/build.ninja: | deps
	@cmake -S . -B $(SAN_BUILD) -G Ninja $(SAN_FLAGS) >/dev/null

sanitize: deps $(SAN_BUILD)/build.ninja
	@cmake --build $(SAN_BUILD) -j $(JOBS)

sanitize-test: sanitize
	@$(SAN_ENV) ctest --test-dir $(SAN_BUILD) --output-on-failure -j $(JOBS)

$(FUZZ_BUILD)/build.ninja: | deps
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja $(FUZZ_FLAGS) >/dev/null

fuzz: deps $(FUZZ_BUILD)/build.ninja
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $$(cd fuzz && ls *_fuzz.cpp | sed 's/_fuzz.cpp//; s/^/cranes_fuzz_/')
	@for t in $$(cd fuzz && ls *_fuzz.cpp | sed 's/_fuzz.cpp//'); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/crashes/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  dict=""; [ -f fuzz/$$t.dict ] && dict="-dict=fuzz/$$t.dict"; \
	  $(SAN_ENV) $(FUZZ_BUILD)/cranes_fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -print_final_stats=1 $$dict \
	    -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t/ $(FUZZ_BUILD)/corpus/$$t fuzz/corpus/$$t || exit 1; \
	done

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
