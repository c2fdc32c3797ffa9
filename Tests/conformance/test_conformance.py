"""Jupyter protocol conformance for the Crossbar kernel with jupyter_kernel_test 0.7.

Every message is validated against the v5 message schemas by jupyter_kernel_test. The samples are
those of issue 2 ("What it must show", point 1); every test of KernelTests has a sample, so none
is skipped. IopubWelcomeTests needs its own kernel (its test must see the first iopub message,
which KernelTests' start-up consumes), hence the second class.
"""
import unittest

import jupyter_kernel_test as jkt


class CrossbarKernelTests(jkt.KernelTests):
    kernel_name = "crossbar"

    # kernel_info_reply
    language_name = "swift"
    file_extension = ".swift"

    # stream output
    code_hello_world = 'print("hello, world")'
    code_stderr = 'print("oops", to: &standardError)'

    # complete_request: the match set must be exactly this
    completion_samples = [{"text": "pri", "matches": ["print"]}]

    # is_complete_request
    complete_code_samples = ["let x = 1"]
    incomplete_code_samples = ["func f() {", 'let s = "abc']
    invalid_code_samples = ["let = 1"]

    # execute_reply with a pager payload
    code_page_something = "help(print)"

    # execute_reply status error plus exactly one iopub error message
    code_generate_error = "undefinedName"

    # execute_result text/plain
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": '"ab"'},
    ]

    # display_data
    code_display_data = [
        {"code": 'display(HTML("<b>x</b>"))', "mime": "text/html"},
        {"code": "display(SVG(\"<svg xmlns='http://www.w3.org/2000/svg'/>\"))", "mime": "image/svg+xml"},
    ]

    # history_request: tail, range, search (plain, unique, n); the pattern matches "1 + 2"
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "1 +*"

    # inspect_request
    code_inspect_sample = "print"

    # clear_output
    code_clear_output = "clearOutput()"


class CrossbarIopubWelcomeTests(jkt.IopubWelcomeTests):
    kernel_name = "crossbar"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
