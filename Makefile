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

.PHONY: all deps configure build demo test bench format format-check sanitize sanitize-test clean

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

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD) $(SAN_BUILD)
