"""Issue 13, point 7: one cell cannot kill the kernel. The kernel keeps a memory budget (here 1 GB,
from the kernelspec env); an allocation that would cross it fails with a MemoryError naming its
size, and the kernel and the variables of earlier cells survive."""
from __future__ import annotations

import pathlib

import pytest

from harness import RunningKernel, start_kernel


@pytest.fixture
def kernel(tmp_path: pathlib.Path):
    k = start_kernel(tmp_path, env={"CROSSBAR_MEMORY_BUDGET": "1G"})
    yield k
    k.stop()


def error_of(kernel: RunningKernel, code: str, timeout: float = 120) -> dict:
    reply, _ = kernel.execute(code, timeout=timeout)
    assert reply["content"]["status"] == "error", reply["content"]
    return reply["content"]


def test_a_cell_past_the_budget_fails_and_earlier_state_survives(kernel: RunningKernel):
    assert kernel.value_of("kernel.memoryBudget") == str(1 << 30)
    ok, _ = kernel.execute("let a = Array(0..<2_000_000)\nlet b = a.map { Double($0) }", timeout=120)
    assert ok["content"]["status"] == "ok"
    # The cell of the report: a hundred million doubled integers, after two large arrays.
    err = error_of(kernel, "(0..<100_000_000).map { $0 * 2 }")
    assert err["ename"] == "MemoryError"
    assert "an array of 100,000,000 values" in err["evalue"] and "GB" in err["evalue"], err["evalue"]
    assert kernel.km.is_alive()
    assert kernel.value_of("a.count + b.count") == "4000000"


@pytest.mark.parametrize("code, named", [
    ("let big = Array(repeating: 0, count: 150_000_000)", "an array of 150,000,000 values"),
    ('var s = String(repeating: "x", count: 100_000_000)\nfor _ in 0..<5 { s = s + s }', "a string of"),
    ("let tiles = (0..<4).map { _ in AnalogTile(rows: 8_000, cols: 16_000) }", "a 8000×16000 tensor"),
])
def test_each_kind_of_large_allocation_is_refused(kernel: RunningKernel, code: str, named: str):
    err = error_of(kernel, code)
    assert err["ename"] == "MemoryError" and named in err["evalue"], err
    assert kernel.value_of("1 + 1") == "2"


def test_growth_in_small_steps_is_stopped_too(kernel: RunningKernel):
    # A dictionary filled in a loop never asks for much at once; the periodic check stops it.
    err = error_of(kernel, "var d: [Int: String] = [:]\nfor i in 0..<100_000_000 { d[i] = \"v\\(i)\" }", timeout=300)
    assert err["ename"] == "MemoryError" and "over its" in err["evalue"], err
    assert kernel.value_of("d.count > 0") == "true"
    # The budget can be raised from a cell, and one below what the kernel holds is refused.
    assert error_of(kernel, "kernel.memoryBudget = 1_000_000")["evalue"].startswith("a memory budget of")
    ok, _ = kernel.execute('kernel.setMemoryBudget("3G")')
    assert ok["content"]["status"] == "ok"
    assert kernel.value_of("kernel.memoryBudget") == str(3 << 30)
