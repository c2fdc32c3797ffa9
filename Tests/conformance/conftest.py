"""pytest set-up for Tests/conformance: make sure kernelspec "crossbar" resolves before any test
(jupyter_kernel_test's classes start their kernels in setUpClass)."""
import os
import pathlib
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from harness import ensure_kernelspec, start_kernel  # noqa: E402

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
CROSSBAR_BINARY = ensure_kernelspec()


@pytest.fixture
def kernel(tmp_path: pathlib.Path):
    """A kernel of its own for one test, with its stderr captured in a log under tmp_path."""
    k = start_kernel(tmp_path / "logs")
    yield k
    key = k.key
    k.stop()
    # Keys never appear in logs.
    assert key and key.decode() not in k.log(), "the HMAC key appeared in the kernel's log"
