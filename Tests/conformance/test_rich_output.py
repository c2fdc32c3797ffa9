"""Rich output through the real kernel: tables as HTML, figures as SVG, progress bars updated in
place with update_display_data, and clear errors from the cell-level Display API."""
from __future__ import annotations

import pathlib
import xml.dom.minidom

import pytest

from harness import RunningKernel, execute_content, raw_message, start_kernel


@pytest.fixture
def kernel(tmp_path: pathlib.Path):
    k = start_kernel(tmp_path)
    yield k
    k.stop()


def results(outputs: list[dict], msg_type: str) -> list[dict]:
    return [m["content"] for m in outputs if m["msg_type"] == msg_type]


def test_table_result_is_html_markdown_and_text(kernel: RunningKernel):
    reply, outputs = kernel.execute(
        'Table(columns: ["device": ["PCM", "<b>x</b>"], "g": [25e-6, 1e-6]], units: ["g": "S"])')
    assert reply["content"]["status"] == "ok"
    [result] = results(outputs, "execute_result")
    data = result["data"]
    assert {"text/plain", "text/html", "text/markdown"} <= set(data)
    assert "25 µS" in data["text/plain"]
    assert "&lt;b&gt;x&lt;/b&gt;" in data["text/html"] and "<b>x</b>" not in data["text/html"]


def test_plot_result_is_a_standalone_svg(kernel: RunningKernel):
    reply, outputs = kernel.execute(
        "let xs = (1...100).map { Double($0) }\n"
        'plot(x: xs, y: xs.map { $0 * $0 }, label: "square", title: "t", xscale: .log, yscale: .log)')
    assert reply["content"]["status"] == "ok"
    [result] = results(outputs, "execute_result")
    svg = result["data"]["image/svg+xml"]
    doc = xml.dom.minidom.parseString(svg)
    assert doc.documentElement.tagName == "svg"
    assert "<script" not in svg and "href=\"http" not in svg


def test_progress_bar_is_displayed_then_updated_in_place(kernel: RunningKernel):
    reply, outputs = kernel.execute(
        'let p = Progress(total: 50, label: "steps")\n'
        "for _ in 0..<50 { p.advance(); sleep(0.01) }\n"
        "p.finish()")
    assert reply["content"]["status"] == "ok"
    shown = results(outputs, "display_data")
    updates = results(outputs, "update_display_data")
    assert len(shown) == 1
    display_id = shown[0]["transient"]["display_id"]
    assert display_id
    assert updates, "the bar was never updated"
    assert all(u["transient"]["display_id"] == display_id for u in updates)
    # Throttled: ~0.5 s of work at most 10 updates a second, plus the final one.
    assert len(updates) <= 10
    assert "100%" in updates[-1]["data"]["text/plain"]


def test_bad_plot_input_is_a_clear_error_and_state_survives(kernel: RunningKernel):
    assert kernel.execute("let kept = 3")[0]["content"]["status"] == "ok"
    reply, outputs = kernel.execute('plot(x: [1, 2, 3], y: [1, 2])')
    content = reply["content"]
    assert content["status"] == "error"
    assert "x has 3 values but y has 2" in content["evalue"]
    assert kernel.value_of("kept") == "3"


def test_progress_bar_ends_at_the_interrupt(kernel: RunningKernel):
    import threading
    timer = threading.Timer(1.0, kernel.km.interrupt_kernel)
    timer.start()
    reply, outputs = kernel.execute(
        'let bar = Progress(total: 1000, label: "long")\n'
        "for _ in 0..<1000 { bar.advance(); sleep(0.01) }")
    timer.join()
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "Interrupted"
    shown = results(outputs, "display_data")
    updates = results(outputs, "update_display_data")
    assert len(shown) == 1 and updates
    last = updates[-1]["data"]["text/plain"]
    assert "(interrupted)" in last and "100%" not in last


def streams(outputs: list[dict], name: str) -> str:
    return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == name)


def test_text_progress_for_front_ends_without_display_updates(tmp_path: pathlib.Path):
    """Issue 13, point 9: with CROSSBAR_PROGRESS=text (as for `jupyter console`, which ignores
    update_display_data) a bar is a stderr line rewritten with \\r and ended with a newline."""
    k = start_kernel(tmp_path, env={"CROSSBAR_PROGRESS": "text"})
    try:
        reply, outputs = k.execute(
            'let p = Progress(total: 30, label: "steps")\n'
            "for _ in 0..<30 { p.advance(); sleep(0.01) }\n"
            "p.finish()")
        assert reply["content"]["status"] == "ok"
        assert not results(outputs, "display_data") and not results(outputs, "update_display_data")
        text = streams(outputs, "stderr")
        assert text.startswith("\rsteps") and text.count("\r") >= 2, repr(text)
        assert text.rstrip(" ").endswith("\n") and "100%" in text.split("\r")[-1], repr(text)
        # And back to displays from a cell.
        reply, outputs = k.execute('kernel.textProgress = false\nlet q = Progress(total: 2, label: "again")\nq.advance()\nq.finish()')
        assert len(results(outputs, "display_data")) == 1 and not streams(outputs, "stderr")
    finally:
        k.stop()


def test_kernel_log_lines_never_reach_a_cell(kernel: RunningKernel):
    """Issue 13, point 9: the kernel's own diagnostics go to its stderr (the server's log), never to
    the cell streams that papermill and nbconvert save."""
    shell = kernel.raw("shell")
    forged = raw_message(b"not-the-key", "execute_request", execute_content('print("forged")'))
    shell.send_multipart(forged.frames)  # a bad signature: logged and dropped
    assert kernel.wait_for_log_lines("dropped message", 1)
    reply, outputs = kernel.execute('print("hello")\nlet t = Progress(total: 1, label: "x")\nt.finish()')
    assert reply["content"]["status"] == "ok"
    for m in outputs:
        if m["msg_type"] == "stream":
            assert "[crossbar]" not in m["content"]["text"]
    assert streams(outputs, "stdout") == "hello\n"
    assert kernel.log_lines("dropped message")
