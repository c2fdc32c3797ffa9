#!/usr/bin/env python3
"""Fuzzes the Crossbar kernel's shell and control sockets with random and mutated multipart
messages, then checks the kernel is still alive and still answers kernel_info and a correct
execute, and that nothing sent without a valid signature was ever executed.

    python Tests/conformance/fuzz_kernel.py --count 10000 --seed 1

Messages are built from real requests (kernel_info, execute, complete, inspect, is_complete,
history, comm_info, interrupt) and then mutated: truncated frames, bit flips, duplicated or removed
frames, missing or repeated delimiters, fake routing identities, huge frames, invalid UTF-8, and
JSON with fields of the wrong type. About half are re-signed with the session key after mutation so
they get past the HMAC check and reach the parser and the dispatcher; the rest carry no signature,
a wrong one, or one made with another key. Code in the unsigned ones assigns `pwned…` variables,
which must not exist at the end. shutdown_request is never sent signed. The kernel is started
through jupyter_client (kernelspec "crossbar", JUPYTER_PATH first) and its stderr is kept in a log.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import sys
import tempfile
import time
from collections import Counter, deque
from typing import Any, Callable

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    DELIMITER,
    encode,
    ensure_kernelspec,
    execute_content,
    make_header,
    raw_message,
    recv_reply,
    sign,
    start_kernel,
)

SAFE_CODE = [
    "let fz = 1",
    "1 + 2",
    'print("fuzz")',
    '"a" + "b"',
    "undefinedName",
    "let = 1",
    "func f() {",
    'let s = "abc',
    "var counter = 0\ncounter += 1\ncounter",
    "[1, 2, 3].map { $0 * 2 }",
    "clearOutput()",
    'display(HTML("<i>fuzz</i>"))',
    "help(print)",
    "let t = (1, \"two\")\nt.0",
    "if true { 1 } else { 2 }",
    "",
    "   ",
    "\u00e9\u4e2d\U0001f600",
]

GARBAGE_ALPHABET = "abcxyz019 +-*/%=<>!&|^~?:;,.()[]{}\"'\\$#@`\n\t_\u00e9\u4e2d\U0001f600"

REQUEST_TYPES = [
    "kernel_info_request",
    "execute_request",
    "complete_request",
    "inspect_request",
    "is_complete_request",
    "history_request",
    "comm_info_request",
    "interrupt_request",
    "comm_open",
    "comm_msg",
    "comm_close",
    "made_up_request",
]

WRONG_VALUES: list[Any] = [None, 0, -1, 2**70, 1.5, float("inf"), True, "", "x" * 300, [], [1, "a"],
                           {}, {"nested": {"deeper": [None]}}]


class Fuzzer:
    def __init__(self, rng: random.Random, key: bytes, session: str):
        self.rng = rng
        self.key = key
        self.session = session
        self.stats: Counter[str] = Counter()
        self.pwned = 0

    # -- building blocks ------------------------------------------------------------------------

    def garbage_code(self) -> str:
        n = self.rng.randint(0, 200)
        return "".join(self.rng.choice(GARBAGE_ALPHABET) for _ in range(n))

    def content_for(self, msg_type: str) -> dict[str, Any]:
        code = self.rng.choice(SAFE_CODE) if self.rng.random() < 0.6 else self.garbage_code()
        if msg_type == "execute_request":
            return execute_content(code, silent=self.rng.random() < 0.2,
                                   store_history=self.rng.random() < 0.8,
                                   stop_on_error=self.rng.random() < 0.5)
        if msg_type in ("complete_request", "inspect_request"):
            pos = self.rng.choice([len(code), 0, self.rng.randint(0, len(code) + 5)])
            return {"code": code, "cursor_pos": pos, "detail_level": self.rng.choice([0, 1])}
        if msg_type == "is_complete_request":
            return {"code": code}
        if msg_type == "history_request":
            return {"output": self.rng.random() < 0.5, "raw": True,
                    "hist_access_type": self.rng.choice(["tail", "range", "search", "bogus"]),
                    "session": self.rng.randint(-2, 3), "start": self.rng.randint(-5, 5),
                    "stop": self.rng.randint(-5, 50), "n": self.rng.randint(-3, 50),
                    "pattern": self.rng.choice(["*", "1 +*", "[", "**", ""]),
                    "unique": self.rng.random() < 0.5}
        if msg_type == "comm_info_request":
            return self.rng.choice([{}, {"target_name": "nothing"}])
        if msg_type in ("comm_open", "comm_msg", "comm_close"):
            return {"comm_id": os.urandom(8).hex(), "target_name": "fuzz", "data": {"x": 1}}
        return {}

    def json_parts(self, msg_type: str, content: dict[str, Any]) -> list[bytes]:
        header = make_header(msg_type, self.session)
        parent = {} if self.rng.random() < 0.8 else make_header("execute_request", "other")
        return [encode(header), encode(parent), encode({}), encode(content)]

    def wrong_types(self, parts: list[bytes]) -> list[bytes]:
        """Replaces one field (or a whole frame) with a value of the wrong type."""
        index = self.rng.randrange(4)
        obj = json.loads(parts[index])
        if isinstance(obj, dict) and obj and self.rng.random() < 0.8:
            field = self.rng.choice(sorted(obj))
            if self.rng.random() < 0.2:
                del obj[field]
            else:
                obj[field] = self.rng.choice(WRONG_VALUES)
        else:
            obj = self.rng.choice(WRONG_VALUES)
        parts = list(parts)
        parts[index] = json.dumps(obj, allow_nan=True).encode()
        return parts

    def bad_utf8(self, parts: list[bytes]) -> list[bytes]:
        index = self.rng.randrange(4)
        frame = bytearray(parts[index])
        at = self.rng.randint(0, len(frame))
        frame[at:at] = self.rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80",
                                        b"\x00", b"\\ud800"])
        parts = list(parts)
        parts[index] = bytes(frame)
        return parts

    def bit_flips(self, frame: bytes) -> bytes:
        if not frame:
            return bytes([self.rng.randrange(256)])
        data = bytearray(frame)
        for _ in range(self.rng.randint(1, 8)):
            i = self.rng.randrange(len(data))
            data[i] ^= 1 << self.rng.randrange(8)
        return bytes(data)

    def truncate(self, frame: bytes) -> bytes:
        return frame[: self.rng.randint(0, max(0, len(frame) - 1))]

    def signature(self, parts: list[bytes], signed: bool) -> bytes:
        if signed:
            return sign(self.key, parts)
        return self.rng.choice([
            b"",
            sign(b"some-other-key", parts),
            b"0" * 64,
            sign(self.key, parts)[:-1] + b"x",
            sign(self.key, parts).upper(),
            os.urandom(32),
            b"deadbeef",
        ])

    @staticmethod
    def is_shutdown(parts: list[bytes]) -> bool:
        try:
            header = json.loads(parts[0])
        except Exception:
            return False
        return isinstance(header, dict) and "shutdown" in str(header.get("msg_type", ""))

    # -- one message ----------------------------------------------------------------------------

    def message(self) -> tuple[list[bytes], str, bool]:
        """Returns (frames, description, signed)."""
        rng = self.rng
        msg_type = rng.choice(REQUEST_TYPES)
        content = self.content_for(msg_type)
        signed = rng.random() < 0.5
        if not signed and msg_type == "execute_request":
            self.pwned += 1
            content["code"] = f"let pwned{self.pwned} = 1\n" + content["code"]
        parts = self.json_parts(msg_type, content)
        kind = rng.choices(
            ["valid", "random_frames", "truncate", "bit_flip", "duplicate", "remove", "delimiters",
             "identities", "huge", "bad_utf8", "wrong_types", "buffers"],
            weights=[6, 8, 10, 12, 8, 8, 8, 5, 0.4, 10, 16, 6],
        )[0]

        if kind == "wrong_types":
            parts = self.wrong_types(parts)
        elif kind == "bad_utf8":
            parts = self.bad_utf8(parts)
        elif kind == "huge":
            size = rng.randint(1, 8) * 1024 * 1024
            if signed:  # huge but harmless: padding in metadata, not code
                parts[2] = encode({"padding": "p" * size})
            else:
                parts[3] = encode(execute_content(f"let pwned{self.pwned + 1} = 1\n" + "y" * size))
                self.pwned += 1
        if signed and self.is_shutdown(parts):
            signed = False
        frames = [DELIMITER, self.signature(parts, signed), *parts]

        if kind == "random_frames":
            frames = [os.urandom(rng.choice([0, 1, 8, 64, 500, 3000])) for _ in range(rng.randint(1, 9))]
            if rng.random() < 0.5:
                frames.insert(rng.randrange(len(frames) + 1), DELIMITER)
            signed = False
        elif kind == "truncate":
            if rng.random() < 0.5:
                frames = frames[: rng.randint(0, len(frames) - 1)]
            else:
                i = rng.randrange(len(frames))
                frames[i] = self.truncate(frames[i])
                if signed and i >= 2:
                    frames[1] = sign(self.key, frames[2:6])
        elif kind == "bit_flip":
            i = rng.randrange(len(frames))
            frames[i] = self.bit_flips(frames[i])
            if signed and i >= 2 and not self.is_shutdown(frames[2:6]):
                frames[1] = sign(self.key, frames[2:6])
        elif kind == "duplicate":
            i = rng.randrange(len(frames))
            frames.insert(i, frames[i])
        elif kind == "remove":
            del frames[rng.randrange(len(frames))]
        elif kind == "delimiters":
            choice = rng.randrange(4)
            if choice == 0:
                frames = frames[1:]  # no delimiter
            elif choice == 1:
                frames.insert(rng.randrange(len(frames) + 1), DELIMITER)  # two delimiters
            elif choice == 2:
                frames = [DELIMITER] * rng.randint(1, 6)
            else:
                frames = [b"<IDS|MSG" , *frames[1:]]  # almost a delimiter
        elif kind == "identities":
            frames = [os.urandom(rng.randint(0, 255)) for _ in range(rng.randint(1, 3))] + frames
        elif kind == "buffers":
            frames += [os.urandom(rng.randint(0, 4096)) for _ in range(rng.randint(1, 4))]
        if not frames:
            frames = [b""]

        label = f"{kind}:{msg_type}:{'signed' if signed else 'unsigned'}"
        return frames, label, signed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="messages to send (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--probe-every", type=int, default=250,
                        help="check the kernel answers kernel_info after this many messages")
    parser.add_argument("--log", type=pathlib.Path, help="where to keep the kernel's stderr")
    args = parser.parse_args()

    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    ensure_kernelspec()
    log_dir = args.log.parent if args.log else pathlib.Path(tempfile.mkdtemp(prefix="crossbar-fuzz-"))
    started = time.monotonic()
    kernel = start_kernel(log_dir)
    if args.log:
        kernel.log_path.rename(args.log)
        kernel.log_path = args.log
    rng = random.Random(args.seed)
    fuzzer = Fuzzer(rng, kernel.key, session=f"fuzz-{args.seed}")
    sockets = {"shell": kernel.raw("shell"), "control": kernel.raw("control")}
    recent: deque[str] = deque(maxlen=20)
    replies = 0
    per_channel: Counter[str] = Counter()
    failure = None

    def drain() -> None:
        nonlocal replies
        for sock in sockets.values():
            while sock.poll(0):
                sock.recv_multipart()
                replies += 1

    def probe(where: str) -> str | None:
        if not kernel.km.is_alive():
            return f"kernel process died ({where})"
        sock = sockets["shell"]
        msg = raw_message(kernel.key, "kernel_info_request", {}, session="fuzz-probe")
        sock.send_multipart(msg.frames)
        if recv_reply(sock, msg.msg_id, timeout=60) is None:
            return f"no kernel_info_reply within 60 s ({where})"
        return None

    try:
        for n in range(1, args.count + 1):
            frames, label, signed = fuzzer.message()
            channel = "shell" if rng.random() < 0.65 else "control"
            sockets[channel].send_multipart(frames, copy=len(frames[-1]) < 65536)
            per_channel[channel] += 1
            fuzzer.stats[label.split(":")[0]] += 1
            fuzzer.stats["signed" if signed else "unsigned"] += 1
            recent.append(f"#{n} {channel} {label} ({sum(map(len, frames))} bytes)")
            drain()
            if n % args.probe_every == 0 or n == args.count:
                failure = probe(f"after message {n}")
                if failure:
                    break

        if not failure:
            failure = final_checks(kernel, fuzzer.pwned)
    finally:
        log = kernel.log()
        kernel.stop()

    dropped = sum(1 for line in log.splitlines() if "dropped" in line)
    if kernel.key.decode() in log:
        failure = failure or "the HMAC key appeared in the kernel's log"
    elapsed = time.monotonic() - started
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(fuzzer.stats.items()) if k not in ("signed", "unsigned"))
    if failure:
        print(f"FUZZ FAILED: {failure}", file=sys.stderr)
        print("last messages sent:\n  " + "\n  ".join(recent), file=sys.stderr)
        print("kernel log tail:\n" + "\n".join(log.splitlines()[-30:]), file=sys.stderr)
        return 1
    print(f"fuzz: {args.count} messages (seed {args.seed}; {fuzzer.stats['signed']} signed, "
          f"{fuzzer.stats['unsigned']} unsigned or mis-signed; shell {per_channel['shell']}, "
          f"control {per_channel['control']}; {kinds}); {replies} replies, {dropped} 'dropped' log "
          f"lines; kernel alive, kernel_info ok, execute ok, no unsigned code ran; {elapsed:.1f} s")
    return 0


def final_checks(kernel: Any, pwned: int) -> str | None:
    if not kernel.km.is_alive():
        return "kernel process died"
    kc = kernel.kc
    reply = kc.kernel_info(reply=True, timeout=60)
    if reply["content"].get("status") != "ok" or reply["content"].get("implementation") != "crossbar":
        return f"bad kernel_info_reply: {reply['content']}"
    value = kernel.value_of("let fuzzCheck = 41\nfuzzCheck + 1")
    if value != "42":
        return f"execute after fuzzing gave {value!r}, expected '42'"
    for i in range(1, pwned + 1):
        reply, _ = kernel.execute(f"pwned{i}")
        if reply["content"]["status"] != "error":
            return f"pwned{i} is defined: an unsigned execute_request ran"
    return None


if __name__ == "__main__":
    sys.exit(main())
