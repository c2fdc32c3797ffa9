"""pytest set-up for Tests/conformance: make sure kernelspec "crossbar" resolves before any test
(jupyter_kernel_test's classes start their kernels in setUpClass)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from harness import ensure_kernelspec  # noqa: E402

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
CROSSBAR_BINARY = ensure_kernelspec()
