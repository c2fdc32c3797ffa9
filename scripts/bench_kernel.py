#!/usr/bin/env python3
"""Crossbar next to ipykernel, both started the same way through jupyter_client:

  * start: launch (KernelManager.start_kernel) until the kernel_info_reply arrives; median of 5
  * round-trip: one execute, until both its execute_reply and its iopub `idle` status arrived;
    median and p99 over 500 runs of `let x = 1` (Crossbar) and `x = 1` (ipykernel)
  * memory: the kernel process's resident set (VmRSS in /proc/PID/status) after the runs

    JUPYTER_PATH=<prefix with the crossbar kernelspec>/share/jupyter python scripts/bench_kernel.py

`make bench-kernel` builds release, installs its kernelspec into out/bench-prefix and runs this.
The ipykernel kernelspec is "python3" from the same Python environment.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import uuid
from typing import Any

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

KERNELS = [
    ("Crossbar", "crossbar", "let x = 1"),
    ("ipykernel", "python3", "x = 1"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Client:
    """A minimal blocking client on raw pyzmq sockets (the same for both kernels), so the numbers
    measure the kernels, not jupyter_client's channel threads."""

    def __init__(self, km: KernelManager):
        self.session = Session(key=km.session.key, signature_scheme=km.session.signature_scheme)
        # The client connects before the kernel has bound its ports; ZeroMQ retries every
        # RECONNECT_IVL (100 ms by default), which would hide a start faster than that. Both
        # kernels get the same 5 ms retry.
        ctx = zmq.Context.instance()
        self.shell = ctx.socket(zmq.DEALER)
        self.shell.setsockopt(zmq.IDENTITY, uuid.uuid4().hex.encode())
        self.iopub = ctx.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        for sock, channel in ((self.shell, "shell"), (self.iopub, "iopub")):
            sock.setsockopt(zmq.RECONNECT_IVL, 5)
            sock.setsockopt(zmq.LINGER, 0)
            sock.connect(km._make_url(channel))
        self.poller = zmq.Poller()
        self.poller.register(self.shell, zmq.POLLIN)
        self.poller.register(self.iopub, zmq.POLLIN)

    def close(self) -> None:
        for sock in (self.shell, self.iopub):
            sock.close(linger=0)

    def wait_for_iopub(self) -> None:
        """ZeroMQ subscriptions take a moment to reach the kernel; until then iopub messages
        (the idle status every execute waits for) are lost. Ask until an idle status arrives."""
        for _ in range(50):
            try:
                self.request("kernel_info_request", {}, need_idle=True, timeout=0.5)
                return
            except TimeoutError:
                continue
        raise TimeoutError("iopub never delivered a status message")

    def request(self, msg_type: str, content: dict[str, Any], need_idle: bool, timeout: float) -> float:
        """Sends one request; returns seconds until its reply (and, if asked, its idle status)."""
        msg = self.session.msg(msg_type, content)
        msg_id = msg["header"]["msg_id"]
        t0 = time.perf_counter()
        self.session.send(self.shell, msg)
        got_reply, got_idle = False, not need_idle
        deadline = t0 + timeout
        while not (got_reply and got_idle):
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{msg_type}: no reply within {timeout} s")
            for sock, _ in self.poller.poll(left * 1000):
                _, frames = self.session.feed_identities(sock.recv_multipart(copy=True))
                reply = self.session.deserialize(frames, content=True)
                if reply["parent_header"].get("msg_id") != msg_id:
                    continue
                if sock is self.shell:
                    got_reply = True
                elif reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
                    got_idle = True
        return time.perf_counter() - t0


def measure_start(kernel_name: str, launches: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(launches):
        km = KernelManager(kernel_name=kernel_name)
        t0 = time.perf_counter()
        km.start_kernel(stderr=open(os.devnull, "wb"))
        client = Client(km)
        try:
            # The request is queued by ZeroMQ until the kernel has bound its sockets.
            client.request("kernel_info_request", {}, need_idle=False, timeout=60)
            times.append(time.perf_counter() - t0)
        finally:
            client.close()
            km.shutdown_kernel(now=True)
    return statistics.median(times), times


def measure_round_trip(kernel_name: str, code: str, runs: int, warmup: int) -> dict[str, float]:
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(stderr=open(os.devnull, "wb"))
    client = Client(km)
    try:
        client.request("kernel_info_request", {}, need_idle=False, timeout=60)
        client.wait_for_iopub()
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        for _ in range(warmup):
            client.request("execute_request", content, need_idle=True, timeout=60)
        samples = [client.request("execute_request", content, need_idle=True, timeout=60)
                   for _ in range(runs)]
        pid = km.provisioner.process.pid
        return {
            "median_ms": statistics.median(samples) * 1000,
            "p99_ms": percentile(samples, 99) * 1000,
            "rss_mb": rss_mb(pid),
        }
    finally:
        client.close()
        km.shutdown_kernel(now=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--launches", type=int, default=5)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    specs = KernelSpecManager().find_kernel_specs()
    rows = []
    for label, name, code in KERNELS:
        if name not in specs:
            print(f"kernelspec {name!r} not found (JUPYTER_PATH={os.environ.get('JUPYTER_PATH', '')})",
                  file=sys.stderr)
            return 1
        argv0 = KernelSpecManager().get_kernel_spec(name).argv[0]
        start_median, starts = measure_start(name, args.launches)
        trip = measure_round_trip(name, code, args.runs, args.warmup)
        rows.append({"kernel": label, "kernelspec": name, "argv0": argv0, "code": code,
                     "start_median_s": start_median, "starts_s": starts, **trip})

    print(f"Kernel benchmark on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()}); "
          f"start: median of {args.launches} launches; round-trip: {args.runs} executes after {args.warmup} warm-up")
    header = f"{'kernel':<10} {'code':<10} {'start (s)':>10} {'round-trip median (ms)':>23} " \
             f"{'round-trip p99 (ms)':>20} {'RSS (MB)':>9}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['kernel']:<10} {r['code']:<10} {r['start_median_s']:>10.3f} {r['median_ms']:>23.3f} "
              f"{r['p99_ms']:>20.3f} {r['rss_mb']:>9.1f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
