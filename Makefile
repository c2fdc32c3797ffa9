# Crossbar — a Jupyter kernel in Swift.
#
#   make demo          system packages + Python venv, release build, kernelspec for this user,
#                      runs notebooks/*.ipynb headless into out/notebooks
#   make test          everything CI runs (.ci/run), all against the one release build users run:
#                      swift test, the Python protocol conformance suite, short fuzz runs of several
#                      seeds, every notebook, the gallery, a bounded differential run against swiftc
#                      and the sanitizer runs
#   make fuzz          the full 10,000-message fuzz runs of the release kernel (thirteen seeds)
#   make test-sanitize the corpus and fuzz runs under AddressSanitizer, the kernel under ThreadSanitizer
#   make test-differential  every corpus case and 400 generated programs against real Swift (swiftc)
#   make bench-kernel  Crossbar vs ipykernel: start time, execute round-trip, memory
#   make bench-analog  analog tile forward throughput next to plain SGEMM
#   make bench-training  training samples/s (HWA and in-situ) of the notebook models
#   make api-docs      regenerate docs/api.md from the toolkit's documentation
#   make aihwkit       optional: AIHWKit 1.2.0 (CPU) in .venv-aihwkit for the comparison columns
#
# Test what users run. The kernelspec starts .build-static/release/crossbar: the release build with
# the Swift runtime and Foundation linked statically (16 ms start, under 30 MB resident; see
# docs/benchmarks.md). The conformance suite, the fuzz runs, the notebooks and the differential run
# all drive that binary. XCTest cannot link statically, so `swift test` runs on a second release
# build of the same sources in .build (with -enable-testing). Sanitizer builds live in .build-asan
# and .build-tsan. SwiftPM serialises builds on its own.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

ROOT        := $(CURDIR)
VENV        := $(ROOT)/.venv
PY          := $(VENV)/bin/python
# AIHWKit's side of the comparisons: .venv-aihwkit when scripts/install-aihwkit.sh has made it.
AIHWKIT_PY  := $(if $(wildcard $(ROOT)/.venv-aihwkit/bin/python),$(ROOT)/.venv-aihwkit/bin/python,python3)
SWIFT_RELEASE := -c release -Xswiftc -enable-testing
KERNEL_BUILD  := -c release --static-swift-stdlib --scratch-path $(ROOT)/.build-static
RELEASE_BIN := $(ROOT)/.build-static/release/crossbar
OUT         := $(ROOT)/out
# The tests install the kernelspec of the binary under test here and point JUPYTER_PATH at it,
# so they never touch (or depend on) a kernelspec installed for the user.
TEST_PREFIX := $(OUT)/test-prefix
BENCH_PREFIX := $(OUT)/bench-prefix

# The fixed fuzz seeds; CI adds one seed drawn per run (printed, so a failure can be replayed).
FUZZ_SEEDS       ?= 777 4242 20251125
FUZZ_SEEDS_FULL  ?= 777 4242 20251125 1 2 3 5 8 13 21 34 55 89
FUZZ_COUNT_QUICK ?= 10000
FUZZ_COUNT_FULL  ?= 10000
PYTEST_ARGS      ?=
DIFF_GENERATED_QUICK ?= 40
DIFF_GENERATED_FULL  ?= 400
DIFF_SEED        ?= 1

# Quiet jupyter_core's platformdirs migration notice; the paths are the same on Linux.
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: all deps build release install-kernel demo test test-swift test-python test-gallery fuzz bench-kernel \
        bench-language bench-analog bench-training fidelity figures gallery api-docs aihwkit clean \
        test-differential test-differential-quick test-sanitize test-release-loop

all: build

deps:
	bash scripts/install-system-deps.sh
	bash scripts/setup-python.sh

build:
	swift build $(SWIFT_RELEASE) --build-tests

release:
	swift build $(KERNEL_BUILD) --product crossbar

install-kernel: release
	$(RELEASE_BIN) install --user

demo: deps release
	$(RELEASE_BIN) install --user
	$(PY) scripts/run_notebooks.py --out $(OUT)/notebooks notebooks/*.ipynb

test: deps
	swift build $(SWIFT_RELEASE) --build-tests
	swift build $(KERNEL_BUILD) --product crossbar
	$(MAKE) --no-print-directory test-swift
	$(MAKE) --no-print-directory test-python
	$(MAKE) --no-print-directory test-gallery
	$(MAKE) --no-print-directory test-differential-quick
	$(MAKE) --no-print-directory test-sanitize

# The Swift tests of the release build (built by `make build`).
test-swift:
	swift test $(SWIFT_RELEASE) --skip-build

# Every figure kind rendered by the release build into out/gallery, screenshotted in headless Chromium.
test-gallery:
	rm -rf $(OUT)/gallery
	.build/release/gallery $(OUT)/gallery
	python3 Tests/gallery/check_gallery_render.py $(OUT)/gallery

# The Python half of `make test`, against the release binary the kernelspec starts.
test-python:
	@test -x $(RELEASE_BIN) || { echo "no $(RELEASE_BIN); run 'make release' first" >&2; exit 1; }
	rm -rf $(TEST_PREFIX)
	$(RELEASE_BIN) install --prefix $(TEST_PREFIX)
	JUPYTER_PATH=$(TEST_PREFIX)/share/jupyter CROSSBAR_BIN=$(RELEASE_BIN) \
	    $(PY) -m pytest Tests/conformance -p no:cacheprovider --timeout=180 -q $(PYTEST_ARGS)
	JUPYTER_PATH=$(TEST_PREFIX)/share/jupyter \
	    bash scripts/fuzz_seeds.sh $(FUZZ_COUNT_QUICK) $(FUZZ_SEEDS) random
	JUPYTER_PATH=$(TEST_PREFIX)/share/jupyter \
	    $(PY) scripts/run_notebooks.py --out $(OUT)/test-notebooks notebooks/*.ipynb

# The corpus and generated programs against real Swift (Tests/differential/README.md).
$(OUT)/corpus.json: build
	mkdir -p $(OUT)
	CROSSBAR_EXPORT_CORPUS=$(OUT)/corpus.json swift test $(SWIFT_RELEASE) --skip-build --filter CorpusExportTests

DIFFERENTIAL := $(PY) Tests/differential/differential.py --crossbar $(RELEASE_BIN) --corpus $(OUT)/corpus.json --seed $(DIFF_SEED)

test-differential-quick: $(OUT)/corpus.json
	$(DIFFERENTIAL) --generated $(DIFF_GENERATED_QUICK)

test-differential: $(OUT)/corpus.json
	$(DIFFERENTIAL) --generated $(DIFF_GENERATED_FULL)

# The issue-11 programs 1,000 times in a row, each as its own process of the release binary.
# Also the whole corpus 1,000 times in one test process.
test-release-loop: build release
	bash scripts/release_loop.sh $(RELEASE_BIN) 1000
	CROSSBAR_CORPUS_REPEAT=1000 swift test $(SWIFT_RELEASE) --skip-build --filter RepeatedRunTests

fuzz: deps release
	rm -rf $(TEST_PREFIX)
	$(RELEASE_BIN) install --prefix $(TEST_PREFIX)
	JUPYTER_PATH=$(TEST_PREFIX)/share/jupyter \
	    bash scripts/fuzz_seeds.sh $(FUZZ_COUNT_FULL) $(FUZZ_SEEDS_FULL)

# AddressSanitizer over the optimised build (the release-only lifetime bug of issue 11 shows only
# there): the Swift corpus and the 10,000-cell fuzz in process, then the kernel fuzzed; then
# ThreadSanitizer over the kernel's threads (shell, control, heartbeat, iopub, the execution
# thread) through the protocol and hardening suites. Any sanitizer report fails the run.
SANITIZE_FUZZ_COUNT ?= 10000
SANITIZE_PYTEST     ?= Tests/conformance/test_protocol.py Tests/conformance/test_hardening.py
test-sanitize: deps
	SANITIZE_FUZZ_COUNT=$(SANITIZE_FUZZ_COUNT) SANITIZE_PYTEST="$(SANITIZE_PYTEST)" bash scripts/sanitize.sh

bench-kernel: deps release
	rm -rf $(BENCH_PREFIX)
	$(RELEASE_BIN) install --prefix $(BENCH_PREFIX)
	JUPYTER_PATH=$(BENCH_PREFIX)/share/jupyter $(PY) scripts/bench_kernel.py

bench-language:
	bash scripts/bench_language.sh

# Analog tile forward throughput next to a plain SGEMM of the same size (release build).
bench-analog:
	swift build $(SWIFT_RELEASE) --product bench-analog
	.build/release/bench-analog
	$(AIHWKIT_PY) scripts/bench_analog_aihwkit.py

# Training throughput of the notebook models (HWA and in-situ), AIHWKit's where it is installed.
bench-training:
	swift build $(SWIFT_RELEASE) --product bench-training
	.build/release/bench-training
	$(AIHWKIT_PY) scripts/bench_training_aihwkit.py

# Optional: AIHWKit 1.2.0 for the AIHWKit columns of fidelity and the benchmarks (not used by tests).
aihwkit:
	bash scripts/install-aihwkit.sh

# docs/api.md: the cell API reference, generated from the toolkit's documentation.
api-docs: release
	$(RELEASE_BIN) reference > docs/api.md

# Crossbar's MVM error table of docs/fidelity.md, and AIHWKit's where it is installed.
fidelity:
	swift build $(SWIFT_RELEASE) --product fidelity
	.build/release/fidelity
	$(AIHWKIT_PY) scripts/fidelity_aihwkit.py

# The Analog pages' figures (docs/figures/analog-*.svg), drawn by Crossbar from docs/figures/make_figures.swift.
figures: release
	$(RELEASE_BIN) run docs/figures/make_figures.swift

# One SVG per figure kind into docs/gallery, then a headless-Chromium render check of the page.
gallery:
	swift run $(SWIFT_RELEASE) gallery docs/gallery
	python3 Tests/gallery/check_gallery_render.py

clean:
	swift package clean
	rm -rf $(OUT) .build-asan .build-tsan
