#!/usr/bin/env bash
# Optional: AIHWKit 1.2.0 (CPU) in its own venv, .venv-aihwkit, for the AIHWKit columns of
# `make fidelity`, `make bench-analog` and `make bench-training`. Not needed by `make test` or the
# kernel. PyPI has only a source distribution of aihwkit 1.2.0: this installs CPU torch, the build
# tools (cmake, ninja, scikit-build, pybind11, and mypy for the `stubgen` the build calls), then
# compiles the C++ simulator (about 5 minutes on 2 cores; needs g++ and libopenblas-dev).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.venv-aihwkit"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q "torch==2.13.0+cpu" || "$VENV/bin/pip" install -q torch --index-url https://download.pytorch.org/whl/cpu
"$VENV/bin/pip" install -q cmake ninja scikit-build pybind11 numpy scipy requests tqdm protobuf mypy
PATH="$VENV/bin:$PATH" MAKEFLAGS=-j"$(nproc)" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
    "$VENV/bin/pip" install --no-build-isolation aihwkit==1.2.0
"$VENV/bin/python" -c "import aihwkit, torch; print('install-aihwkit: aihwkit', aihwkit.__version__, 'torch', torch.__version__)"
