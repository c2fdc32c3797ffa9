"""Shared helpers for the Crossbar protocol tests and the fuzzer: locating the kernelspec,
starting a kernel with its stderr log captured, and building raw (optionally mis-)signed
multipart messages with pyzmq, independent of jupyter_client's Session."""
from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import pathlib
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import zmq
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

KERNEL_NAME = "crossbar"
DELIMITER = b"<IDS|MSG>"
ROOT = pathlib.Path(__file__).resolve().parents[2]


def ensure_kernelspec() -> str:
    """Returns the path of the kernel binary behind kernelspec "crossbar". When JUPYTER_PATH does
    not provide one, installs the kernelspec of $CROSSBAR_BIN (default .build-static/release/crossbar) into
    a temporary prefix and points JUPYTER_PATH there, so the suite also runs outside `make`."""
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        return spec.argv[0]
    except NoSuchKernel:
        pass
    binary = pathlib.Path(os.environ.get("CROSSBAR_BIN", ROOT / ".build-static" / "release" / "crossbar"))
    if not binary.exists():
        raise RuntimeError(
            f"no kernelspec '{KERNEL_NAME}' on JUPYTER_PATH and no binary at {binary}; "
            "run `swift build` (or `make test`)"
        )
    prefix = pathlib.Path(tempfile.mkdtemp(prefix="crossbar-kernelspec-"))
    subprocess.run([str(binary), "install", "--prefix", str(prefix)], check=True)
    data = str(prefix / "share" / "jupyter")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [data, os.environ.get("JUPYTER_PATH")]))
    return str(binary.resolve())


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def make_header(msg_type: str, session: str, **extra: Any) -> dict[str, Any]:
    header = {
        "msg_id": uuid.uuid4().hex,
        "session": session,
        "username": "crossbar-tests",
        "date": now_iso(),
        "msg_type": msg_type,
        "version": "5.4",
    }
    header.update(extra)
    return header


def sign(key: bytes, parts: list[bytes]) -> bytes:
    """Lowercase hex HMAC-SHA256 over header, parent_header, metadata, content; empty without a key."""
    if not key:
        return b""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
    return mac.hexdigest().encode("ascii")


def encode(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode("utf-8")


@dataclass
class RawMessage:
    msg_id: str
    frames: list[bytes]


def raw_message(
    key: bytes,
    msg_type: str,
    content: dict[str, Any],
    session: str = "raw-session",
    signature: bytes | None = None,
    buffers: list[bytes] = (),
) -> RawMessage:
    """A complete wire message (without routing identities: a DEALER adds none and the kernel's
    ROUTER prepends ours). `signature` overrides the correct one when given."""
    header = make_header(msg_type, session)
    parts = [encode(header), encode({}), encode({}), encode(content)]
    sig = sign(key, parts) if signature is None else signature
    return RawMessage(header["msg_id"], [DELIMITER, sig, *parts, *buffers])


def execute_content(code: str, **extra: Any) -> dict[str, Any]:
    content = {
        "code": code,
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    }
    content.update(extra)
    return content


def parse_reply(frames: list[bytes]) -> dict[str, Any]:
    """Splits a reply received on a DEALER socket and decodes its JSON parts."""
    index = frames.index(DELIMITER)
    header, parent, metadata, content = (json.loads(f) for f in frames[index + 2 : index + 6])
    return {
        "signature": frames[index + 1],
        "header": header,
        "parent_header": parent,
        "metadata": metadata,
        "content": content,
        "msg_type": header.get("msg_type"),
    }


def recv_reply(sock: zmq.Socket, msg_id: str, timeout: float) -> dict[str, Any] | None:
    """Waits up to `timeout` seconds for the reply whose parent is `msg_id`; None if none came.
    Replies to other requests are skipped."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        if not sock.poll(int(left * 1000) + 1):
            return None
        reply = parse_reply(sock.recv_multipart())
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def recv_any(sock: zmq.Socket, timeout: float) -> list[list[bytes]]:
    """Everything that arrives on `sock` within `timeout` seconds."""
    got = []
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not sock.poll(int(left * 1000) + 1):
            return got
        got.append(sock.recv_multipart())


@dataclass
class RunningKernel:
    km: KernelManager
    kc: Any
    log_path: pathlib.Path
    raw_sockets: list[zmq.Socket] = field(default_factory=list)

    @property
    def key(self) -> bytes:
        return self.km.session.key

    @property
    def pid(self) -> int:
        return self.km.provisioner.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_lines(self, needle: str) -> list[str]:
        """The kernel's log lines that contain `needle`."""
        return [line for line in self.log().splitlines() if needle in line]

    def wait_for_log_lines(self, needle: str, count: int, timeout: float = 15.0) -> list[str]:
        """Waits until the kernel has logged at least `count` lines containing `needle`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.log_lines(needle)
            if len(lines) >= count:
                return lines
            time.sleep(0.05)
        return self.log_lines(needle)

    def raw(self, channel: str) -> zmq.Socket:
        """A raw DEALER connected to "shell" or "control" (with the connection's Curve keys, if
        any), for sending hand-made frames."""
        sock = getattr(self.km, f"connect_{channel}")(identity=uuid.uuid4().hex.encode())
        sock.linger = 0
        self.raw_sockets.append(sock)
        return sock

    def execute(self, code: str, timeout: float = 30, **kwargs: Any) -> tuple[dict, list[dict]]:
        """Runs `code` through the real client; returns the execute_reply and the iopub messages
        of that request between busy and idle."""
        outputs: list[dict] = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append, **kwargs)
        return reply, outputs

    def value_of(self, code: str) -> str | None:
        """text/plain of the execute_result of `code`, or None when there was none."""
        reply, outputs = self.execute(code)
        for msg in outputs:
            if msg["msg_type"] == "execute_result":
                return msg["content"]["data"].get("text/plain")
        return None

    def stop(self) -> None:
        for sock in self.raw_sockets:
            sock.close(linger=0)
        try:
            self.kc.stop_channels()
        finally:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=False)


def start_kernel(log_dir: pathlib.Path, env: dict[str, str] | None = None, **km_kwargs: Any) -> RunningKernel:
    """Starts kernelspec "crossbar" through jupyter_client with stderr captured in a log file,
    starts all channels and waits for kernel_info. `env` adds variables to the kernel's environment."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"kernel-{uuid.uuid4().hex[:8]}.log"
    km = KernelManager(kernel_name=KERNEL_NAME, **km_kwargs)
    log_file = open(log_path, "wb")  # noqa: SIM115 - the kernel process owns it while running
    if env:
        km.start_kernel(stderr=log_file, env={**os.environ, **env})
    else:
        km.start_kernel(stderr=log_file)
    log_file.close()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
    except Exception:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    return RunningKernel(km, kc, log_path)
