"""The Jupyter kernel test suite (jupyter_kernel_test, PyPI) against nnbook's
installed kernelspec, with every sample it knows filled in, so none of its
tests is skipped.

The kernelspec is installed with `nnbook kernel install --prefix TMP` and
found through JUPYTER_PATH (conftest's `nnbook_kernelspec`).
"""

import pytest

jupyter_kernel_test = pytest.importorskip("jupyter_kernel_test")


@pytest.fixture(scope="module", autouse=True)
def installed_kernelspec(nnbook_kernelspec):
    """conftest's kernelspec in a temporary JUPYTER_PATH, for the unittest-style class below."""
    yield nnbook_kernelspec


class NNBookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "nnbook"
    language_name = "nnbook"
    file_extension = ".md"

    code_hello_world = 'print("hello, world")'
    # A warning (here: a definition that can never end) goes to stderr; the cell still succeeds.
    code_stderr = "g(x) = g(x) + 1"

    completion_samples = [
        {"text": "sigm", "matches": {"sigmoid"}},
        {"text": "soft", "matches": {"softmax", "softplus"}},
        {"text": ":he", "matches": {":help"}},
    ]
    complete_code_samples = ["1 + 1", "f(x) = x^2", "for i in range(3):\n    print(i)\n", ":vars", "sigmoid?"]
    incomplete_code_samples = ["for i in range(3):", "v = [1, 2,", "f(x) = (x"]
    invalid_code_samples = ["1 +* 2", ":nosuch", "for i in range(3) print(i)"]

    code_page_something = "?sigmoid"
    code_generate_error = "foo + 1"
    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "sigmoid(2)", "result": "0.880797"},
        {"code": "[1, 2, 3] * 2", "result": "[2, 4, 6]"},
    ]
    code_display_data = [
        {"code": "plot sigmoid from -6 to 6", "mime": "image/svg+xml"},
        {"code": "plot sigmoid from -6 to 6", "mime": "text/plain"},
        {"code": "m = sequential(dense(4, relu, input: 2), dense(1, sigmoid))\nsummary m",
         "mime": "text/html"},
    ]
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "sigmoid"
    code_clear_output = ":clear"


class NNBookIopubWelcomeTests(jupyter_kernel_test.IopubWelcomeTests):
    kernel_name = "nnbook"
    support_iopub_welcome = True
