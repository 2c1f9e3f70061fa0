"""nnbook as a Jupyter kernel, driven by jupyter_client as a front-end drives it.

The tests share one kernel and run in file order (shutdown last).
The kernelspec is installed with `nnbook kernel install --prefix TMP` and found
through JUPYTER_PATH (conftest's `nnbook_kernelspec`), so the developer's own
Jupyter folders are never touched. Junk on the sockets, restart and the
console are in test_kernel_clients.py.
"""

import os
import subprocess

import pytest

from conftest import running_kernel

jupyter_client = pytest.importorskip("jupyter_client")

TIMEOUT = 30


@pytest.fixture(scope="module")
def kernel(nnbook_kernelspec):
    km = jupyter_client.KernelManager(kernel_name="nnbook")
    for kc in running_kernel(km, TIMEOUT):
        yield km, kc, nnbook_kernelspec


def shell_reply(kc, msg_id):
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def iopub_for(kc, msg_id):
    """The iopub messages a request produced, busy to idle, as (type, content)."""
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        out.append((m["msg_type"], m["content"]))
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return out


def execute(kc, code, **kw):
    msg_id = kc.execute(code, **kw)
    return shell_reply(kc, msg_id)["content"], iopub_for(kc, msg_id)


def test_kernelspec_names_this_binary(kernel, nnbook_bin):
    import json
    _, _, spec_dir = kernel
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["argv"] == [str(nnbook_bin.resolve()), "kernel", "-f", "{connection_file}"]
    assert spec["interrupt_mode"] == "message"
    assert spec["display_name"] == "nnbook"
    assert (spec_dir / "logo-64x64.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_kernel_info_is_bracketed_by_status(kernel):
    _, kc, _ = kernel
    msg_id = kc.kernel_info()
    reply = shell_reply(kc, msg_id)["content"]
    assert reply["protocol_version"] == "5.3"
    assert reply["implementation"] == "nnbook"
    assert reply["language_info"]["name"] == "nnbook"
    assert reply["language_info"]["file_extension"] == ".md"
    types = [t for t, _ in iopub_for(kc, msg_id)]
    assert types == ["status", "status"]


def test_execute_result(kernel):
    _, kc, _ = kernel
    reply, iopub = execute(kc, "sigmoid(2)")
    assert reply["status"] == "ok"
    results = [c for t, c in iopub if t == "execute_result"]
    assert results[0]["data"]["text/plain"] == "0.880797"
    assert results[0]["execution_count"] == reply["execution_count"]
    assert ("execute_input", {"code": "sigmoid(2)", "execution_count": reply["execution_count"]}) in iopub


def test_for_block_prints_a_stream(kernel):
    _, kc, _ = kernel
    reply, iopub = execute(kc, "for i in range(3):\n    print(i * 2)")
    assert reply["status"] == "ok"
    streams = [c for t, c in iopub if t == "stream"]
    assert {c["name"] for c in streams} == {"stdout"}
    assert "".join(c["text"] for c in streams) == "0\n2\n4\n"


def test_a_false_assert_is_an_assertion_error(kernel):
    _, kc, _ = kernel
    reply, _ = execute(kc, "w = 1 - 0.1 * 2\nassert close(w, 0.8)")
    assert reply["status"] == "ok"
    reply, iopub = execute(kc, 'assert close(w, 0.64), "two steps from 1 give 0.64"')
    assert (reply["status"], reply["ename"], reply["evalue"]) == ("error", "AssertionError", "two steps from 1 give 0.64")
    errors = [c for t, c in iopub if t == "error"]
    assert [e["ename"] for e in errors] == ["AssertionError"]
    assert errors[0]["traceback"][-1] == "hint: w is 0.8 (tol 1e-6)"


def test_error_carries_the_located_message(kernel):
    _, kc, _ = kernel
    reply, iopub = execute(kc, "undefined_thing + 1")
    assert reply["status"] == "error"
    errors = [c for t, c in iopub if t == "error"]
    assert len(errors) == 1
    assert errors[0]["ename"] == "name error"
    assert errors[0]["evalue"] == "unknown name 'undefined_thing'"
    assert errors[0]["traceback"][:3] == [
        "name error at line 1, column 1: unknown name 'undefined_thing'",
        "1 | undefined_thing + 1",
        "  | ^^^^^^^^^^^^^^^",
    ]


def test_quit_says_what_to_use_instead(kernel):
    _, kc, _ = kernel
    reply, iopub = execute(kc, ":quit")
    assert reply["status"] == "ok"
    assert reply["payload"] == [{"source": "ask_exit", "keepkernel": False}]  # jupyter console leaves on it
    assert [c["text"] for t, c in iopub if t == "stream"] == [
        ":quit leaves jupyter console; in a notebook use the front-end's Shut Down (or Restart) for the kernel\n"]


def test_complete(kernel):
    _, kc, _ = kernel
    reply = shell_reply(kc, kc.complete("y = sig", 7))["content"]
    assert "sigmoid" in reply["matches"]
    assert (reply["cursor_start"], reply["cursor_end"]) == (4, 7)


def test_is_complete(kernel):
    _, kc, _ = kernel
    assert shell_reply(kc, kc.is_complete("for i in range(3):"))["content"] == {"status": "incomplete", "indent": "    "}
    assert shell_reply(kc, kc.is_complete("(1 +"))["content"]["status"] == "incomplete"
    assert shell_reply(kc, kc.is_complete("sigmoid(2)"))["content"] == {"status": "complete"}
    assert shell_reply(kc, kc.is_complete("1 + )"))["content"] == {"status": "invalid"}


def test_inspect(kernel):
    _, kc, _ = kernel
    reply = shell_reply(kc, kc.inspect("sigmoid(2)", 3))["content"]
    assert reply["found"] is True
    assert reply["data"]["text/plain"].startswith("sigmoid(x) — the logistic function")
    assert shell_reply(kc, kc.inspect("nothing_here", 2))["content"]["found"] is False


def test_history(kernel):
    _, kc, _ = kernel
    execute(kc, "history_marker = 7")
    reply = shell_reply(kc, kc.history(hist_access_type="tail", n=1))["content"]
    assert [h[2] for h in reply["history"]] == ["history_marker = 7"]
    reply = shell_reply(kc, kc.history(hist_access_type="search", pattern="history_marker*"))["content"]
    assert [h[2] for h in reply["history"]] == ["history_marker = 7"]


def test_interrupt_stops_a_long_loop_and_keeps_variables(kernel):
    km, kc, _ = kernel
    execute(kc, "kept = 41")
    msg_id = kc.execute("for i in range(1000000000):\n    spin = i")
    # Wait until the cell is running (its execute_input is out), then interrupt.
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id)["content"]
    assert reply["status"] == "error"
    assert reply["ename"] == "interrupted"
    iopub_for(kc, msg_id)
    reply, iopub = execute(kc, "kept + 1")
    assert [c["data"]["text/plain"] for t, c in iopub if t == "execute_result"] == ["42"]
    reply, iopub = execute(kc, "spin > 0")
    assert [c["data"]["text/plain"] for t, c in iopub if t == "execute_result"] == ["True"]


def test_an_error_aborts_the_cells_already_waiting_as_run_all_needs(kernel):
    """Run All sends every cell at once: after the first error, the cells
    waiting are answered `aborted` and not run (ipykernel's stop_on_error)."""
    _, kc, _ = kernel
    ids = [kc.execute(code) for code in ["before_error = 1", "undefined_thing(3)", "after_error = 1", "1 + 1"]]
    replies = {r["parent_header"]["msg_id"]: r["content"] for r in (kc.get_shell_msg(timeout=TIMEOUT) for _ in ids)}
    assert [replies[i]["status"] for i in ids] == ["ok", "error", "aborted", "aborted"]
    for i in ids:  # every request, aborted ones too, is bracketed by busy and idle
        assert [t for t, c in iopub_for(kc, i) if t == "status"] == ["status", "status"]
    reply, iopub = execute(kc, "after_error")
    assert [c["ename"] for t, c in iopub if t == "error"] == ["name error"]
    ids = [kc.execute(code, stop_on_error=False) for code in ["undefined_thing(3)", "after_error = 2"]]
    replies = {r["parent_header"]["msg_id"]: r["content"] for r in (kc.get_shell_msg(timeout=TIMEOUT) for _ in ids)}
    assert [replies[i]["status"] for i in ids] == ["error", "ok"]
    assert execute(kc, "after_error")[0]["status"] == "ok"


def test_sigint_to_the_process_group_does_not_end_the_kernel(kernel):
    import signal
    km, kc, _ = kernel
    km.signal_kernel(signal.SIGINT)
    assert shell_reply(kc, kc.kernel_info())["content"]["status"] == "ok"
    assert km.is_alive()


def test_deep_nesting_is_an_error_not_a_crash(kernel):
    _, kc, _ = kernel
    reply, _ = execute(kc, "(" * 10000 + "1" + ")" * 10000)
    assert reply["status"] == "error"
    assert "nested more than" in reply["evalue"]
    reply, _ = execute(kc, "1 + 1")
    assert reply["status"] == "ok"


def test_plot_is_svg_with_the_text_the_repl_prints(kernel, nnbook_bin, tmp_path):
    _, kc, _ = kernel
    reply, iopub = execute(kc, "plot sigmoid from -6 to 6")
    assert reply["status"] == "ok"
    displays = [c for t, c in iopub if t == "display_data"]
    assert len(displays) == 1
    assert not [c for t, c in iopub if t == "stream"]
    data = displays[0]["data"]
    assert "<svg xmlns" in data["image/svg+xml"] and data["image/svg+xml"].rstrip().endswith("</svg>")
    # the same chart `nnbook run` prints for a notebook with this one cell
    notebook = tmp_path / "plot.md"
    notebook.write_text("```nnbook\nplot sigmoid from -6 to 6\n```\n")
    run = subprocess.run([str(nnbook_bin), "run", str(notebook)], capture_output=True, text=True)
    assert data["text/plain"] in run.stdout
    assert "sigmoid" in data["text/plain"]


def test_graph_is_svg_with_the_tree_the_repl_prints(kernel, nnbook_bin, tmp_path):
    import xml.etree.ElementTree as ET
    _, kc, _ = kernel
    code = "a = value(2)\nb = value(-3)\nc = a*b + a\nbackward c\ngraph c"
    reply, iopub = execute(kc, code)
    assert reply["status"] == "ok"
    displays = [c for t, c in iopub if t == "display_data"]
    assert len(displays) == 1 and not [c for t, c in iopub if t == "stream"]
    data = displays[0]["data"]
    notebook = tmp_path / "graph.md"
    notebook.write_text("```nnbook\n" + code + "\n```\n")
    run = subprocess.run([str(nnbook_bin), "run", str(notebook)], capture_output=True, text=True)
    assert data["text/plain"] == "c = + │ data -4 │ grad 1\n├─ * │ data -6 │ grad 1\n│  ├─ a #1 │ data 2 │ grad -2\n" \
        "│  └─ b │ data -3 │ grad 2\n└─ a (see #1 above)"
    assert data["text/plain"] in run.stdout
    svg = ET.fromstring(data["image/svg+xml"].encode())
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["+", "c", "data -4", "grad 1", "*", "data -6", "grad 1", "a", "data 2", "grad -2", "b", "data -3", "grad 2"]


def one_live_display(reply, iopub):
    """A training cell's one display, updated in place: the lines it ends with, and the text streamed beside it."""
    assert reply["status"] == "ok"
    displays = [c for t, c in iopub if t == "display_data"]
    updates = [c for t, c in iopub if t == "update_display_data"]
    assert len(displays) == 1
    display_id = displays[0]["transient"]["display_id"]
    assert updates and all(u["transient"]["display_id"] == display_id for u in updates)
    return updates[-1]["data"]["text/plain"].split("\n"), "".join(c["text"] for t, c in iopub if t == "stream")


def test_mlp_training_is_one_display_updated_to_its_step_lines(kernel):
    _, kc, _ = kernel
    reply, _ = execute(kc, "data = moons(size: 100, noise: 0.1)\nnet = mlp([2, 8, 1])")
    assert reply["status"] == "ok"
    final, streams = one_live_display(*execute(kc, "train net on data steps 30"))
    assert [line.split(" loss ")[0] for line in final] == ["step 0", "step 10", "step 20", "step 29"]
    assert all(" accuracy " in line for line in final)
    assert streams.startswith("training 33 parameters on 80 points: 30 full-batch steps") and "step " not in streams


def test_train_is_one_display_updated_to_its_epoch_lines(kernel):
    _, kc, _ = kernel
    reply, _ = execute(kc, "data = moons()\nmodel = sequential(dense(8, relu, input: 2), dense(2, softmax))")
    assert reply["status"] == "ok"
    final, streams = one_live_display(*execute(kc, "train model on data epochs 3"))
    assert [line.split("  ")[0] for line in final] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    assert all("loss " in line and "accuracy " in line for line in final)
    assert streams.startswith("training on ") and "Epoch" not in streams


def test_shutdown_replies_then_exits(kernel):
    km, kc, _ = kernel
    kc.shutdown(restart=False)
    reply = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["content"] == {"status": "ok", "restart": False}
    assert km.provisioner.process.wait(timeout=TIMEOUT) == 0


def test_install_and_uninstall_where_jupyter_looks(nnbook_bin, tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager

    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path / "data"))
    for args, data_dir in [(["--prefix", str(tmp_path / "p")], tmp_path / "p" / "share" / "jupyter"),
                           (["--user"], tmp_path / "data")]:
        subprocess.run([str(nnbook_bin), "kernel", "install", *args], env=env, check=True, capture_output=True)
        ksm = KernelSpecManager(kernel_dirs=[str(data_dir / "kernels")])
        spec = ksm.get_kernel_spec("nnbook")
        assert spec.display_name == "nnbook"
        assert spec.interrupt_mode == "message"
        out = subprocess.run([str(nnbook_bin), "kernel", "uninstall", *args], env=env, check=True,
                             capture_output=True, text=True).stdout
        assert out == f"removed {data_dir / 'kernels' / 'nnbook'}\n"
        assert "nnbook" not in KernelSpecManager(kernel_dirs=[str(data_dir / "kernels")]).find_kernel_specs()
        again = subprocess.run([str(nnbook_bin), "kernel", "uninstall", *args], env=env, check=True,
                               capture_output=True, text=True).stdout
        assert again.startswith("no nnbook kernel in ")


def test_a_bad_connection_file_is_a_message(nnbook_bin, tmp_path):
    bad = tmp_path / "c.json"
    bad.write_text("{not json")
    run = subprocess.run([str(nnbook_bin), "kernel", "-f", str(bad)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 1
    assert run.stderr == f"nnbook kernel: {bad} is not a Jupyter connection file: it is not valid JSON\n"
