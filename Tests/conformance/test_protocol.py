"""Protocol tests for the Crossbar kernel beyond jupyter_kernel_test (issue 2, point 2).

Each test starts its own kernel through jupyter_client's KernelManager (kernelspec "crossbar")
with the kernel's stderr captured, so the log lines the kernel writes for dropped messages can be
checked. Hand-made and mis-signed frames go through raw pyzmq DEALER sockets and our own HMAC.
"""
from __future__ import annotations

import json
import os
import pathlib
import signal
import time
import uuid

import pytest
import zmq

from harness import (
    DELIMITER,
    RunningKernel,
    encode,
    execute_content,
    make_header,
    raw_message,
    recv_any,
    recv_reply,
    sign,
    start_kernel,
)


def dropped_lines(k: RunningKernel) -> list[str]:
    return k.log_lines("dropped")


def wait_for_log(k: RunningKernel, count: int, timeout: float = 15.0) -> list[str]:
    """Waits until the kernel has logged at least `count` "dropped" lines."""
    return k.wait_for_log_lines("dropped", count, timeout)


def assert_undefined(k: RunningKernel, name: str) -> None:
    reply, outputs = k.execute(name)
    assert reply["content"]["status"] == "error", f"{name} is defined: {reply['content']}"
    assert any(m["msg_type"] == "error" for m in outputs)


def assert_kernel_answers(k: RunningKernel) -> None:
    """A good request right after the bad ones gets its reply."""
    assert k.value_of("20 + 22") == "42"


# --- signatures ---------------------------------------------------------------------------------

def test_bad_and_missing_signatures_are_dropped_logged_and_not_executed(kernel: RunningKernel):
    shell = kernel.raw("shell")
    # Sanity check of our own signing: a correctly signed raw execute is answered and executes.
    good = raw_message(kernel.key, "execute_request", execute_content("let signedOK = 1"))
    shell.send_multipart(good.frames)
    reply = recv_reply(shell, good.msg_id, timeout=30)
    assert reply is not None and reply["content"]["status"] == "ok", reply

    before = len(dropped_lines(kernel))
    wrong_key = raw_message(b"not-the-key", "execute_request", execute_content("let wrongKey = 1"))
    missing = raw_message(kernel.key, "execute_request", execute_content("let missingSig = 1"),
                          signature=b"")
    garbage = raw_message(kernel.key, "execute_request", execute_content("let garbageSig = 1"),
                          signature=b"0" * 64)
    # A correct signature of *different* content: the content was tampered with after signing.
    tampered = raw_message(kernel.key, "execute_request", execute_content("let tampered = 1"))
    tampered.frames[5] = encode(execute_content("let tampered = 2"))
    for msg in (wrong_key, missing, garbage, tampered):
        shell.send_multipart(msg.frames)
    assert recv_any(shell, timeout=1.0) == [], "a message with a bad signature was answered"

    lines = wait_for_log(kernel, before + 4)
    new = lines[before:]
    assert len(new) >= 4, f"expected 4 'dropped' log lines, got: {new}"
    assert all("signature" in line for line in new[:4]), new
    assert all(line.startswith("[crossbar] ") for line in new), new

    # Never executed, and the kernel still answers.
    for name in ("wrongKey", "missingSig", "garbageSig", "tampered"):
        assert_undefined(kernel, name)
    assert kernel.value_of("signedOK") == "1"
    assert_kernel_answers(kernel)


def test_bad_signature_on_control_is_dropped(kernel: RunningKernel):
    control = kernel.raw("control")
    bad = raw_message(b"wrong", "kernel_info_request", {})
    control.send_multipart(bad.frames)
    assert recv_reply(control, bad.msg_id, timeout=1.0) is None
    good = raw_message(kernel.key, "kernel_info_request", {})
    control.send_multipart(good.frames)
    reply = recv_reply(control, good.msg_id, timeout=10)
    assert reply is not None and reply["msg_type"] == "kernel_info_reply"
    line = wait_for_log(kernel, 1)
    assert line and "signature" in line[0], line


def test_replies_are_signed_with_the_session_key(kernel: RunningKernel):
    shell = kernel.raw("shell")
    msg = raw_message(kernel.key, "kernel_info_request", {})
    shell.send_multipart(msg.frames)
    assert shell.poll(10_000)
    frames = shell.recv_multipart()
    i = frames.index(DELIMITER)
    assert frames[i + 1] == sign(kernel.key, frames[i + 2 : i + 6])
    header = json.loads(frames[i + 2])
    assert header["msg_type"] == "kernel_info_reply"
    assert json.loads(frames[i + 3])["msg_id"] == msg.msg_id


# --- malformed frames ---------------------------------------------------------------------------

def test_malformed_frames_are_dropped_without_harm(kernel: RunningKernel):
    assert kernel.execute("var kept = 7")[0]["content"]["status"] == "ok"
    shell = kernel.raw("shell")
    key = kernel.key
    before = len(dropped_lines(kernel))

    header = encode(make_header("execute_request", "raw"))
    content = encode(execute_content("let malformed = 1"))
    bad_json_parts = [b"{not json", b"{}", b"{}", content]
    no_delim_parts = [header, b"{}", b"{}", content]
    sends = {
        "too few frames": [DELIMITER, b"sig"],
        "only a delimiter": [DELIMITER],
        "bad JSON in header": [DELIMITER, sign(key, bad_json_parts), *bad_json_parts],
        "missing delimiter": [sign(key, no_delim_parts), *no_delim_parts],
    }
    for frames in sends.values():
        shell.send_multipart(frames)
    # A 50 MB message (50 MB of code, correctly framed but not correctly signed).
    huge = raw_message(b"wrong-key", "execute_request",
                       execute_content("let malformed = 1\n" + "x" * (50 * 1024 * 1024)))
    shell.send_multipart(huge.frames, copy=False)
    # And 50 MB of garbage in a single frame.
    shell.send_multipart([os.urandom(1024) * (50 * 1024)], copy=False)

    assert recv_any(shell, timeout=2.0) == [], "a malformed message was answered"
    lines = wait_for_log(kernel, before + 6)[before:]
    log = "\n".join(lines)
    # The 50 MB messages are refused on size before their signature is even computed.
    for reason in ("too few frames", "bad JSON", "delimiter", "limit"):
        assert reason.lower() in log.lower(), f"no 'dropped … {reason}' log line in:\n{log}"

    # Nothing executed, state intact, kernel alive and answering.
    assert kernel.km.is_alive()
    assert_undefined(kernel, "malformed")
    assert kernel.value_of("kept") == "7"
    assert_kernel_answers(kernel)


def test_malformed_frames_on_control_are_dropped(kernel: RunningKernel):
    control = kernel.raw("control")
    control.send_multipart([DELIMITER])
    control.send_multipart([b"no", b"delimiter", b"here"])
    parts = [b"\xff\xfe not utf-8", b"{}", b"{}", b"{}"]
    control.send_multipart([DELIMITER, sign(kernel.key, parts), *parts])
    assert recv_any(control, timeout=1.0) == []
    good = raw_message(kernel.key, "kernel_info_request", {})
    control.send_multipart(good.frames)
    assert recv_reply(control, good.msg_id, timeout=10) is not None
    assert len(wait_for_log(kernel, 3)) >= 3


# --- interrupts ---------------------------------------------------------------------------------

def start_infinite_loop(k: RunningKernel) -> str:
    msg_id = k.kc.execute("while true {}")
    # Wait until the loop really runs: execute_input is published right before evaluation.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        msg = k.kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    return msg_id


def wait_shell_reply(k: RunningKernel, msg_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        msg = k.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def check_interrupted(k: RunningKernel, msg_id: str, interrupted_at: float) -> None:
    reply = wait_shell_reply(k, msg_id, timeout=1.0)
    elapsed = time.monotonic() - interrupted_at
    assert elapsed < 1.0, f"interrupt took {elapsed:.2f} s"
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"], reply["content"]
    # The next cell runs normally, with the earlier variables intact.
    assert k.value_of("kept + 1") == "8"
    assert k.value_of("let after = kept * 2\nafter") == "14"


def test_sigint_interrupts_an_infinite_loop(kernel: RunningKernel):
    assert kernel.execute("let kept = 7")[0]["content"]["status"] == "ok"
    msg_id = start_infinite_loop(kernel)
    t0 = time.monotonic()
    os.kill(kernel.pid, signal.SIGINT)
    check_interrupted(kernel, msg_id, t0)


def test_kernel_manager_interrupt_uses_signal(kernel: RunningKernel):
    assert kernel.km.kernel_spec.interrupt_mode == "signal"
    assert kernel.execute("let kept = 7")[0]["content"]["status"] == "ok"
    msg_id = start_infinite_loop(kernel)
    t0 = time.monotonic()
    kernel.km.interrupt_kernel()
    check_interrupted(kernel, msg_id, t0)


def test_interrupt_request_on_control_interrupts_an_infinite_loop(kernel: RunningKernel):
    assert kernel.execute("let kept = 7")[0]["content"]["status"] == "ok"
    msg_id = start_infinite_loop(kernel)
    t0 = time.monotonic()
    request = kernel.kc.session.msg("interrupt_request", {})
    kernel.kc.control_channel.send(request)
    control_reply = kernel.kc.get_control_msg(timeout=1.0)
    assert control_reply["msg_type"] == "interrupt_reply"
    assert control_reply["parent_header"]["msg_id"] == request["header"]["msg_id"]
    assert control_reply["content"]["status"] == "ok"
    check_interrupted(kernel, msg_id, t0)


# --- heartbeat and control while a cell runs ----------------------------------------------------

def test_heartbeat_and_control_answer_while_a_cell_sleeps(kernel: RunningKernel):
    msg_id = kernel.kc.execute("sleep(10)")
    started = time.monotonic()
    hb = kernel.km.connect_hb()
    hb.linger = 0
    try:
        pings = 0
        while time.monotonic() - started < 9.0:
            payload = f"ping {pings}".encode()
            t0 = time.monotonic()
            hb.send(payload)
            assert hb.poll(1000), f"no heartbeat echo within 1 s at t={t0 - started:.1f} s"
            assert hb.recv() == payload
            pings += 1
            if pings == 5:
                # control is served off the execution thread too
                info = kernel.kc.session.msg("kernel_info_request", {})
                kernel.kc.control_channel.send(info)
                reply = kernel.kc.get_control_msg(timeout=1.0)
                assert reply["msg_type"] == "kernel_info_reply"
            time.sleep(0.25)
    finally:
        hb.close(linger=0)
    assert pings >= 20
    reply = wait_shell_reply(kernel, msg_id, timeout=15)
    assert reply["content"]["status"] == "ok"
    assert time.monotonic() - started >= 9.5, "sleep(10) returned early"


# --- stdin --------------------------------------------------------------------------------------

def test_readline_round_trips_through_stdin(kernel: RunningKernel):
    kc = kernel.kc
    msg_id = kc.execute('let answer = readLine(prompt: "name? ")', allow_stdin=True)
    request = kc.get_stdin_msg(timeout=30)
    assert request["msg_type"] == "input_request"
    assert request["parent_header"]["msg_id"] == msg_id
    assert request["content"]["prompt"] == "name? "
    assert request["content"]["password"] is False
    kc.input("Ada")
    reply = wait_shell_reply(kernel, msg_id, timeout=30)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert kernel.value_of('answer == "Ada"') == "true"


def test_readline_without_stdin_is_a_clear_error(kernel: RunningKernel):
    reply, outputs = kernel.execute('let answer = readLine(prompt: "name? ")', allow_stdin=False)
    assert reply["content"]["status"] == "error"
    text = (reply["content"]["ename"] + " " + reply["content"]["evalue"]).lower()
    assert "stdin" in text or "input" in text, reply["content"]
    assert kernel.kc.stdin_channel.msg_ready() is False
    assert_kernel_answers(kernel)


# --- message order, counters, silent ------------------------------------------------------------

def test_iopub_order_and_execution_count(kernel: RunningKernel):
    kc = kernel.kc
    first = kernel.execute("1 + 2")[0]["content"]["execution_count"]
    msg_id = kc.execute('print("one")\n40 + 2')
    reply = wait_shell_reply(kernel, msg_id, timeout=30)
    kinds = []
    while True:
        msg = kc.get_iopub_msg(timeout=10)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kinds.append(msg["msg_type"] if msg["msg_type"] != "status"
                     else "status:" + msg["content"]["execution_state"])
        if kinds[-1] == "status:idle":
            break
    assert kinds == ["status:busy", "execute_input", "stream", "execute_result", "status:idle"], kinds
    assert reply["content"]["execution_count"] == first + 1

    # store_history=False does not count; silent publishes nothing but status.
    quiet_id = kc.execute('print("not shown")', silent=True, store_history=False)
    quiet = wait_shell_reply(kernel, quiet_id, timeout=30)
    assert quiet["content"]["status"] == "ok"
    quiet_kinds = []
    while True:
        msg = kc.get_iopub_msg(timeout=10)
        if msg["parent_header"].get("msg_id") != quiet_id:
            continue
        quiet_kinds.append(msg["msg_type"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    assert quiet_kinds == ["status", "status"], quiet_kinds
    assert kernel.execute("3")[0]["content"]["execution_count"] == first + 2


def test_comm_info_and_unknown_comm_open(kernel: RunningKernel):
    kc = kernel.kc
    reply = kc.comm_info(reply=True, timeout=10)
    assert reply["msg_type"] == "comm_info_reply"
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["comms"] == {}
    comm_id = uuid.uuid4().hex
    kc.shell_channel.send(kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "nowhere",
                                                       "data": {}}))
    deadline = time.monotonic() + 10
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["msg_type"] == "comm_close":
            assert msg["content"]["comm_id"] == comm_id
            break
    assert_kernel_answers(kernel)


# --- shutdown -----------------------------------------------------------------------------------

@pytest.mark.parametrize("restart", [False, True])
def test_shutdown_replies_then_exits_zero(tmp_path: pathlib.Path, restart: bool):
    k = start_kernel(tmp_path / "logs")
    try:
        process = k.km.provisioner.process
        # No auto-restart: we want to see the process end on its own.
        k.km.autorestart = False
        msg_id = k.kc.shutdown(restart=restart)
        reply = k.kc.get_control_msg(timeout=10)
        assert reply["msg_type"] == "shutdown_reply"
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["status"] == "ok"
        assert reply["content"]["restart"] is restart
        assert process.wait(timeout=10) == 0
    finally:
        k.stop()


# --- transports ---------------------------------------------------------------------------------

def test_ipc_transport(tmp_path: pathlib.Path):
    ipc_dir = pathlib.Path(f"/tmp/cb-{uuid.uuid4().hex[:8]}")
    ipc_dir.mkdir()
    k = start_kernel(tmp_path / "logs", transport="ipc", ip=str(ipc_dir / "k"))
    try:
        assert k.km.transport == "ipc"
        assert k.value_of("let z = 20\nz + 22") == "42"
        hb = k.km.connect_hb()
        hb.send(b"ipc ping")
        assert hb.poll(2000) and hb.recv() == b"ipc ping"
        hb.close(linger=0)
    finally:
        k.stop()
        for p in ipc_dir.iterdir():
            p.unlink()
        ipc_dir.rmdir()


def test_curve_transport_encryption(tmp_path: pathlib.Path):
    k = start_kernel(tmp_path / "logs", transport_encryption="required")
    try:
        with open(k.km.connection_file) as f:
            info = json.load(f)
        assert info.get("curve_publickey") and info.get("curve_secretkey")
        server_public = info["curve_publickey"].encode()

        # The key holder: execute and heartbeat over CurveZMQ.
        assert k.value_of("let secret = 42\nsecret + 1") == "43"
        hb = k.km.connect_hb()
        hb.linger = 0
        for i in range(3):
            hb.send(b"curve %d" % i)
            assert hb.poll(2000), "no heartbeat echo over CurveZMQ"
            assert hb.recv() == b"curve %d" % i
        hb.close(linger=0)

        ctx = zmq.Context.instance()
        shell_url = k.km._make_url("shell")

        def try_execute(sock: zmq.Socket, name: str) -> None:
            sock.linger = 0
            sock.connect(shell_url)
            msg = raw_message(k.key, "execute_request", execute_content(f"let {name} = 1"))
            sock.send_multipart(msg.frames)
            assert recv_reply(sock, msg.msg_id, timeout=2.0) is None, f"{name} got a reply"
            sock.close(linger=0)

        # Without Curve at all (but with the right HMAC key).
        try_execute(ctx.socket(zmq.DEALER), "plainIntruder")
        # With Curve but the wrong server key.
        wrong = ctx.socket(zmq.DEALER)
        wrong.curve_publickey, wrong.curve_secretkey = zmq.curve_keypair()
        wrong.curve_serverkey = zmq.curve_keypair()[0]
        try_execute(wrong, "wrongServerKey")
        # Without Curve to the heartbeat: no echo.
        plain_hb = ctx.socket(zmq.REQ)
        plain_hb.linger = 0
        plain_hb.connect(k.km._make_url("hb"))
        plain_hb.send(b"let me in")
        assert not plain_hb.poll(1000), "heartbeat echoed to a client without the key"
        plain_hb.close(linger=0)
        assert server_public  # the key the good clients used

        # Nothing got through, and the good client still works.
        assert_undefined(k, "plainIntruder")
        assert_undefined(k, "wrongServerKey")
        assert k.value_of("secret") == "42"
    finally:
        key = k.key
        k.stop()
    log = k.log()
    assert info["curve_secretkey"] not in log, "the Curve secret key appeared in the log"
    assert key.decode() not in log
