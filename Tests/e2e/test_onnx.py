"""ONNX out and in, end to end, with the tools a learner goes on to.

Out: a model trained in nnbook on digits() and saved with
`save model to "digits.onnx"` passes onnx's checker, and onnxruntime gives
the same probabilities as nnbook on every example of the digits test set
(max abs difference ≤ 1e-5). nnbook prints its inputs and outputs in full
(`:precision full`, the shortest exact form of each 32-bit number), so both
run on the same numbers.

In: scikit-learn's MLPClassifier, trained here (seeded) on its bundled
digits and converted by skl2onnx as a user would, loads with
`m = load("mlp.onnx")`: `summary` shows its two layers and what was left out
(skl2onnx's ArgMax, ZipMap …), and nnbook predicts the same classes as
scikit-learn on the whole test split.

A test that fails here is a bug in nnbook; the docstring says what a learner
should see.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

TIMEOUT = 300
NUMBERS = re.compile(r"\[([^\]]*)\]")


def run(binary, env, program: str, cwd: Path) -> str:
    """Runs a program typed into nnbook's standard input; returns its output."""
    proc = subprocess.run([str(binary)], input=program.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, cwd=cwd, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    out = proc.stdout.decode()
    assert " error at line " not in out, out
    return out


def each_example(count: int, body: str) -> str:
    """A loop over examples 0 … count − 1, in cells of 50, as a cell shows at most 60 lines."""
    return "".join(f"for i in range({start}, {min(start + 50, count)}):\n    {body}\n\n" for start in range(0, count, 50))


def vectors(line: str) -> list[list[float]]:
    return [[float(x) for x in group.split(",")] for group in NUMBERS.findall(line)]


def test_a_model_trained_in_nnbook_runs_in_onnxruntime(nnbook_bin, nnbook_env, tmp_path):
    import onnx
    import onnxruntime

    out = run(nnbook_bin, nnbook_env, """data = digits()
model = sequential(dense(32, relu, input: 64), dropout(0.2), dense(16, tanh), dense(10, softmax))
train model on data epochs 3
save model to "digits.onnx"
:precision full
""" + each_example(359, 'print("example", data.test[i][0:16], data.test[i][16:32], data.test[i][32:48], data.test[i][48:64], model(data.test[i]))'),
               tmp_path)
    assert 'saved the model (2,778 parameters) to digits.onnx as ONNX (opset 13, input "input" of [batch, 64])' in out
    rows = [vectors(line) for line in out.splitlines() if line.startswith("example ")]
    assert len(rows) == 359
    x = np.array([sum(r[:4], []) for r in rows], dtype=np.float32)
    expected = np.array([r[4] for r in rows], dtype=np.float32)
    assert x.shape == (359, 64) and expected.shape == (359, 10)

    model = onnx.load(str(tmp_path / "digits.onnx"))
    onnx.checker.check_model(model, full_check=True)
    assert [n.op_type for n in model.graph.node] == ["Gemm", "Relu", "Dropout", "Gemm", "Tanh", "Gemm", "Softmax"]
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"
    session = onnxruntime.InferenceSession(str(tmp_path / "digits.onnx"), providers=["CPUExecutionProvider"])
    (probabilities,) = session.run(["output"], {"input": x})
    print("max abs difference, onnxruntime vs nnbook:", np.abs(probabilities - expected).max())
    assert np.abs(probabilities - expected).max() <= 1e-5
    assert (probabilities.argmax(axis=1) == expected.argmax(axis=1)).all()


def test_every_activation_means_the_same_in_onnxruntime(nnbook_bin, nnbook_env, tmp_path):
    """Each activation nnbook has becomes an operator onnxruntime computes the same way."""
    import onnx
    import onnxruntime

    inputs = [[0.5, -1.5, 2.0], [-3.0, 0.25, 1.0], [4.0, -0.5, -2.0]]
    out = run(nnbook_bin, nnbook_env, """model = sequential(dense(6, "relu", input: 3), dense(6, "sigmoid"), dense(6, "tanh"), \
dense(6, "leaky_relu"), dense(6, "softplus"), dense(6, "linear"), dense(4, "softmax"))
save model to "all.onnx"
:precision full
""" + "".join(f'print("row", model({x}))\n' for x in inputs), tmp_path)
    expected = np.array([vectors(line)[0] for line in out.splitlines() if line.startswith("row ")], dtype=np.float32)
    model = onnx.load(str(tmp_path / "all.onnx"))
    onnx.checker.check_model(model, full_check=True)
    assert [n.op_type for n in model.graph.node] == ["Gemm", "Relu", "Gemm", "Sigmoid", "Gemm", "Tanh", "Gemm", "LeakyRelu",
                                                     "Gemm", "Softplus", "Gemm", "Gemm", "Softmax"]
    session = onnxruntime.InferenceSession(str(tmp_path / "all.onnx"), providers=["CPUExecutionProvider"])
    (got,) = session.run(["output"], {"input": np.array(inputs, dtype=np.float32)})
    assert np.abs(got - expected).max() <= 1e-5


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_scikit_learns_mlp_converted_by_skl2onnx_loads(nnbook_bin, nnbook_env, tmp_path):
    from skl2onnx import to_onnx
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    images, labels = load_digits(return_X_y=True)
    images = (images / 16).astype(np.float32)
    x_train, x_test, y_train, y_test = train_test_split(images, labels, test_size=0.25, random_state=0)
    mlp = MLPClassifier(hidden_layer_sizes=(32,), max_iter=300, random_state=0).fit(x_train, y_train)
    (tmp_path / "mlp.onnx").write_bytes(to_onnx(mlp, x_train[:1]).SerializeToString())
    header = ",".join(f"p{k}" for k in range(64)) + ",label"
    np.savetxt(tmp_path / "test.csv", np.column_stack([x_test, y_test]), delimiter=",", header=header, comments="",
               fmt=["%.9g"] * 64 + ["%d"])

    out = run(nnbook_bin, nnbook_env, """m = load("mlp.onnx")
summary m
test = load_csv("test.csv", label: "label")
:precision full
""" + each_example(len(y_test), 'print("probabilities", m(test[i]))'), tmp_path)
    assert 'read 2 dense layers from an ONNX model made by skl2onnx; its output is "out_activations_result"' in out
    lines = out.splitlines()
    assert any(line.startswith("dense (Dense, relu)") and line.endswith("2,080") for line in lines), out
    assert any(line.startswith("dense_1 (Dense, softmax)") and line.endswith("330") for line in lines), out
    assert "Note: left out 6 nodes that only read the output to make labels or a map (ArgMax, ZipMap, ArrayFeatureExtractor, Reshape, Cast)" in out
    nnbook = np.array([vectors(line)[0] for line in lines if line.startswith("probabilities ")])
    assert nnbook.shape == (len(y_test), 10)
    assert (nnbook.argmax(axis=1) == mlp.predict(x_test)).all()
    # scikit-learn computes in 64-bit numbers, nnbook in 32.
    print("max abs difference, nnbook vs scikit-learn:", np.abs(nnbook - mlp.predict_proba(x_test)).max())
    assert np.abs(nnbook - mlp.predict_proba(x_test)).max() <= 1e-4
