"""What a client sends can neither run twice nor crash the kernel, and a kernel that dies anyway
says why (issue 11).

- Replays: a signed message sent a second time, byte for byte, is dropped with a log line on every
  channel (execute, comm and shutdown requests; kernel_info on control; input_reply on stdin), as
  jupyter_client's Session drops a "Duplicate Signature".
- Headers: a correctly signed request whose header jupyter_client could not read (a date that is
  no date, a non-string id, an unknown type) is dropped before it is answered, so no client ever
  receives it back as the parent of a reply.
- Last words: a kernel killed by a fatal signal while a cell runs writes one line naming the signal
  and the cell's execution count to its stderr (Jupyter's log).
"""
from __future__ import annotations

import os
import signal
import time

import pytest
from jupyter_client.session import Session

from harness import RunningKernel, encode, execute_content, make_header, raw_message, recv_any, recv_reply, sign


def counter_value(k: RunningKernel) -> str | None:
    return k.value_of("counter")


def test_replayed_execute_runs_once(kernel: RunningKernel):
    assert kernel.execute("var counter = 0")[0]["content"]["status"] == "ok"
    shell = kernel.raw("shell")
    msg = raw_message(kernel.key, "execute_request", execute_content("counter += 1"))
    shell.send_multipart(msg.frames)
    reply = recv_reply(shell, msg.msg_id, timeout=30)
    assert reply is not None and reply["content"]["status"] == "ok", reply
    # The same bytes again: on the same socket, on a fresh one, and on control and stdin.
    shell.send_multipart(msg.frames)
    kernel.raw("shell").send_multipart(msg.frames)
    control = kernel.raw("control")
    control.send_multipart(msg.frames)
    kernel.raw("stdin").send_multipart(msg.frames)
    assert recv_reply(shell, msg.msg_id, timeout=1.5) is None, "the replay was answered"
    assert recv_reply(control, msg.msg_id, timeout=0.5) is None, "the replay was answered on control"
    lines = kernel.wait_for_log_lines("duplicate signature", 4)
    assert len(lines) >= 4, kernel.log()
    assert any("on control" in line for line in lines) and any("on stdin" in line for line in lines), lines
    assert counter_value(kernel) == "1"


def test_replayed_comm_messages_and_shutdown_are_dropped(kernel: RunningKernel):
    shell = kernel.raw("shell")
    comm_open = raw_message(kernel.key, "comm_open", {"comm_id": "c1", "target_name": "nothing", "data": {}})
    comm_msg = raw_message(kernel.key, "comm_msg", {"comm_id": "c1", "data": {"x": 1}})
    comm_close = raw_message(kernel.key, "comm_close", {"comm_id": "c1", "data": {}})
    for m in (comm_open, comm_msg, comm_close):
        shell.send_multipart(m.frames)
    time.sleep(0.5)
    before = len(kernel.log_lines("duplicate signature"))
    for m in (comm_open, comm_msg, comm_close):
        shell.send_multipart(m.frames)
    assert len(kernel.wait_for_log_lines("duplicate signature", before + 3)) >= before + 3, kernel.log()

    # control: a kernel_info_request answered once, then a shutdown_request whose replay is dropped
    # (the original restarts nothing here: restart=True only changes the reply, and the kernel stops).
    control = kernel.raw("control")
    info = raw_message(kernel.key, "kernel_info_request", {})
    control.send_multipart(info.frames)
    assert recv_reply(control, info.msg_id, timeout=10) is not None
    control.send_multipart(info.frames)
    assert recv_reply(control, info.msg_id, timeout=1.0) is None, "the replayed kernel_info was answered"

    # stdin: an input_reply replayed is dropped before it could answer a later prompt.
    stdin = kernel.raw("stdin")
    answer = raw_message(kernel.key, "input_reply", {"value": "typed"})
    stdin.send_multipart(answer.frames)
    time.sleep(0.3)
    stdin.send_multipart(answer.frames)

    # shutdown: accepted once on shell (where it is refused with an error reply), its copy sent to
    # control is a replay and is dropped there too: one history covers every channel, so the
    # kernel keeps running.
    shutdown = raw_message(kernel.key, "shutdown_request", {"restart": False})
    shell.send_multipart(shutdown.frames)
    refused = recv_reply(shell, shutdown.msg_id, timeout=10)
    assert refused is not None and refused["content"]["status"] == "error", refused
    control.send_multipart(shutdown.frames)
    assert recv_reply(control, shutdown.msg_id, timeout=1.5) is None
    assert kernel.km.is_alive()
    assert kernel.value_of("1 + 1") == "2"
    expected = before + 3 + 1 + 1 + 1
    assert len(kernel.wait_for_log_lines("duplicate signature", expected)) >= expected, kernel.log()


def invalid_header_message(key: bytes, **header_fields) -> tuple[str, list[bytes]]:
    header = make_header("execute_request", "raw-session")
    header.update(header_fields)
    parts = [encode(header), encode({}), encode({}), encode(execute_content("counter += 100"))]
    return header.get("msg_id"), [b"<IDS|MSG>", sign(key, parts), *parts]


@pytest.mark.parametrize(
    "fields, client_refuses",
    [
        ({"date": "2025-13-45T99:00:00"}, True),
        ({"date": "2025-02-30T00:00:00.000000Z"}, True),
        ({"something": "2024-00-01T00:00:00Z"}, True),
        ({"version": "x.y"}, True),
        ({"date": 12345}, False),
        ({"msg_id": 42}, False),
        ({"msg_type": "execute_requestx"}, False),
        ({"session": ["not", "a", "string"]}, False),
    ],
    ids=lambda f: next(iter(f)) if isinstance(f, dict) else str(f),
)
def test_headers_jupyter_client_cannot_read_are_dropped(kernel: RunningKernel, fields, client_refuses):
    assert kernel.execute("var counter = 0")[0]["content"]["status"] == "ok"
    shell = kernel.raw("shell")
    _, frames = invalid_header_message(kernel.key, **fields)
    shell.send_multipart(frames)
    # Nothing comes back: no reply, and so no iopub message carrying the bad header as its parent.
    assert recv_any(shell, timeout=1.0) == []
    assert kernel.wait_for_log_lines("invalid header", 1), kernel.log()
    assert counter_value(kernel) == "0"
    if client_refuses:
        # jupyter_client's own Session fails on this header: had the kernel echoed it as a parent
        # header, every client's receive loop would have raised.
        with pytest.raises(ValueError):
            Session(key=kernel.key).deserialize(frames[1:], content=True)


def test_fatal_signal_during_a_cell_is_reported(kernel: RunningKernel):
    assert kernel.execute("let before = 1")[0]["content"]["status"] == "ok"
    kernel.kc.execute("var spin = 0\nwhile true { spin += 1 }")
    # Wait until the cell is running, then deliver the kind of signal a memory error raises.
    time.sleep(1.0)
    os.kill(kernel.pid, signal.SIGSEGV)
    deadline = time.monotonic() + 15
    while kernel.km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not kernel.km.is_alive()
    lines = kernel.log_lines("the kernel died of signal")
    assert lines, kernel.log()
    assert f"signal {int(signal.SIGSEGV)} (SIGSEGV" in lines[-1], lines
    assert "while running cell [2]" in lines[-1], lines
    # The signal still ends the process as it would have (a core-dump exit, not a clean one).
    assert kernel.km.provisioner.process.returncode == -signal.SIGSEGV
