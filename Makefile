# qemu-micropython: a virtual STM32F4-Discovery running MicroPython.
#   make run    set up if needed, build, boot MicroPython (quit: Ctrl-A then X)
#   make test   set up if needed, build, run every test layer
# See README.md and docs/ for the rest.

BOARD ?= STM32F4DISC
DEBUG ?= 0
export BOARD DEBUG

KNOWN_BOARDS := $(notdir $(wildcard config/boards/*))
ifeq ($(filter $(BOARD),$(KNOWN_BOARDS)),)
$(error unknown BOARD '$(BOARD)' (available: $(KNOWN_BOARDS)))
endif
ifeq ($(filter $(DEBUG),0 1),)
$(error DEBUG must be 0 or 1, not '$(DEBUG)')
endif

SETUP_STAMP := build/.setup-done

.PHONY: all setup qemu firmware qtests run test test-qtest test-target test-integration test-upstream bench coverage clean distclean help

all: $(SETUP_STAMP)
	scripts/build.sh all

# Re-run setup when its script or the pinned versions change.
$(SETUP_STAMP): scripts/setup_env.sh config/versions.env
	scripts/setup_env.sh
	@mkdir -p build && touch $@

setup:
	scripts/setup_env.sh
	@mkdir -p build && touch $(SETUP_STAMP)

qemu firmware qtests: $(SETUP_STAMP)
	scripts/build.sh $@

run: all
	scripts/run_qemu.sh $(RUN_ARGS)

test: $(SETUP_STAMP)
	scripts/build.sh all
	scripts/build.sh qtests
	tests/run_tests.sh all

test-qtest: $(SETUP_STAMP)
	scripts/build.sh qtests
	tests/run_tests.sh qtest

test-target: all
	tests/run_tests.sh target

test-integration: all
	tests/run_tests.sh integration

test-upstream: all
	tests/run_tests.sh upstream $(UPSTREAM_ARGS)

bench: all
	tools/bench.sh $(BENCH_ARGS)

coverage: all
	tools/coverage.sh

clean:
	rm -rf build/qemu build/qemu-coverage build/coverage build/bench build/firmware-* build/mpy-cross build/test-logs bin

distclean:
	rm -rf build bin

help:
	@sed -n '2,5p' Makefile | sed 's/^# \{0,1\}//'
	@echo "targets: all setup qemu firmware qtests run test test-qtest test-target test-integration test-upstream bench coverage clean distclean"
	@echo "variables: BOARD=$(KNOWN_BOARDS) DEBUG=0|1 RUN_ARGS='--gdb --wait ...' (scripts/run_qemu.sh --help)"
	@echo "           UPSTREAM_ARGS='basics/int_big1.py -j1' (tests/upstream/run.sh --help)"
	@echo "           BENCH_ARGS='--quick' or '--no-cold' (tools/bench.sh --help)"
