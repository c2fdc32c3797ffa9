# Crossbar — a Jupyter kernel in Swift.
#
#   make demo          system packages + Python venv, release build, kernelspec for this user,
#                      runs notebooks/*.ipynb headless into out/notebooks
#   make test          everything CI runs (.ci/run): swift build, swift test, the Python protocol
#                      conformance suite, a short fuzz run and every notebook
#   make fuzz          the full 10,000-message fuzz run
#   make bench-kernel  Crossbar vs ipykernel: start time, execute round-trip, memory
#   make bench-analog  analog tile forward throughput next to plain SGEMM
#   make bench-training  training samples/s (HWA and in-situ) of the notebook models
#   make api-docs      regenerate docs/api.md from the toolkit's documentation
#   make aihwkit       optional: AIHWKit 1.2.0 (CPU) in .venv-aihwkit for the comparison columns
#
# Debug and release builds share .build; SwiftPM serialises concurrent builds on its own.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

ROOT        := $(CURDIR)
VENV        := $(ROOT)/.venv
PY          := $(VENV)/bin/python
# AIHWKit's side of the comparisons: .venv-aihwkit when scripts/install-aihwkit.sh has made it.
AIHWKIT_PY  := $(if $(wildcard $(ROOT)/.venv-aihwkit/bin/python),$(ROOT)/.venv-aihwkit/bin/python,python3)
DEBUG_BIN   := $(ROOT)/.build/debug/crossbar
RELEASE_BIN := $(ROOT)/.build/release/crossbar
OUT         := $(ROOT)/out
# The tests install the kernelspec of the binary under test here and point JUPYTER_PATH at it,
# so they never touch (or depend on) a kernelspec installed for the user.
TEST_PREFIX := $(OUT)/test-prefix
BENCH_PREFIX := $(OUT)/bench-prefix

FUZZ_SEED        ?= 20251125
FUZZ_COUNT_QUICK ?= 500
FUZZ_COUNT_FULL  ?= 10000
PYTEST_ARGS      ?=

# Quiet jupyter_core's platformdirs migration notice; the paths are the same on Linux.
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: all deps build release install-kernel demo test test-python test-gallery fuzz bench-kernel \
        bench-language bench-analog bench-training fidelity figures gallery api-docs aihwkit clean

all: build

deps:
	bash scripts/install-system-deps.sh
	bash scripts/setup-python.sh

build:
	swift build

release:
	swift build -c release --product crossbar --static-swift-stdlib

install-kernel: release
	$(RELEASE_BIN) install --user

demo: deps release
	$(RELEASE_BIN) install --user
	$(PY) scripts/run_notebooks.py --out $(OUT)/notebooks notebooks/*.ipynb

test: deps
	swift build
	swift test
	$(MAKE) --no-print-directory test-python
	$(MAKE) --no-print-directory test-gallery

# Every figure kind rendered by the debug build into out/gallery, screenshotted in headless Chromium.
test-gallery:
	rm -rf $(OUT)/gallery
	.build/debug/gallery $(OUT)/gallery
	python3 Tests/gallery/check_gallery_render.py $(OUT)/gallery

# The Python half of `make test`, against the debug binary built above.
test-python:
	@test -x $(DEBUG_BIN) || { echo "no $(DEBUG_BIN); run 'swift build' first" >&2; exit 1; }
	rm -rf $(TEST_PREFIX)
	$(DEBUG_BIN) install --prefix $(TEST_PREFIX)
	JUPYTER_PATH=$(TEST_PREFIX)/share/jupyter CROSSBAR_BIN=$(DEBUG_BIN) \
	    $(PY) -m pytest Tests/conformance -p no:cacheprovider --timeout=180 -q $(PYTEST_ARGS)
	JUPYTER_PATH=$(TEST_PREFIX)/share/jupyter \
	    $(PY) Tests/conformance/fuzz_kernel.py --count $(FUZZ_COUNT_QUICK) --seed $(FUZZ_SEED)
	JUPYTER_PATH=$(TEST_PREFIX)/share/jupyter \
	    $(PY) scripts/run_notebooks.py --out $(OUT)/test-notebooks notebooks/*.ipynb

fuzz: deps build
	rm -rf $(TEST_PREFIX)
	$(DEBUG_BIN) install --prefix $(TEST_PREFIX)
	JUPYTER_PATH=$(TEST_PREFIX)/share/jupyter \
	    $(PY) Tests/conformance/fuzz_kernel.py --count $(FUZZ_COUNT_FULL) --seed $(FUZZ_SEED)

bench-kernel: deps release
	rm -rf $(BENCH_PREFIX)
	$(RELEASE_BIN) install --prefix $(BENCH_PREFIX)
	JUPYTER_PATH=$(BENCH_PREFIX)/share/jupyter $(PY) scripts/bench_kernel.py

bench-language:
	bash scripts/bench_language.sh

# Analog tile forward throughput next to a plain SGEMM of the same size (release build).
bench-analog:
	swift build -c release --product bench-analog --static-swift-stdlib
	.build/release/bench-analog
	$(AIHWKIT_PY) scripts/bench_analog_aihwkit.py

# Training throughput of the notebook models (HWA and in-situ), AIHWKit's where it is installed.
bench-training:
	swift build -c release --product bench-training --static-swift-stdlib
	.build/release/bench-training
	$(AIHWKIT_PY) scripts/bench_training_aihwkit.py

# Optional: AIHWKit 1.2.0 for the AIHWKit columns of fidelity and the benchmarks (not used by tests).
aihwkit:
	bash scripts/install-aihwkit.sh

# docs/api.md: the cell API reference, generated from the toolkit's documentation.
api-docs: build
	$(DEBUG_BIN) reference > docs/api.md

# Crossbar's MVM error table of docs/fidelity.md, and AIHWKit's where it is installed.
fidelity:
	swift build -c release --product fidelity --static-swift-stdlib
	.build/release/fidelity
	$(AIHWKIT_PY) scripts/fidelity_aihwkit.py

# The Analog pages' figures (docs/figures/analog-*.svg), drawn by Crossbar from docs/figures/make_figures.swift.
figures: release
	$(RELEASE_BIN) run docs/figures/make_figures.swift

# One SVG per figure kind into docs/gallery, then a headless-Chromium render check of the page.
gallery:
	swift run gallery docs/gallery
	python3 Tests/gallery/check_gallery_render.py

clean:
	swift package clean
	rm -rf $(OUT)
