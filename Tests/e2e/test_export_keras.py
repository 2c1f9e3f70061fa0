"""`save model to "m.py" as keras|pytorch`, checked by the frameworks themselves.

A model trained on `digits()` (seeded) is saved as a Keras script; the
script, run with Keras 3 on its JAX backend (CPU, no TensorFlow), predicts
the same outputs as nnbook on the whole test half (max abs difference
≤ 1e-5), its loss on the training half is nnbook's, and `model.fit` goes on
from nnbook's weights (its first epoch's loss is near nnbook's last one, far
below a fresh model's). nnbook's numbers come from the same session, printed
at full precision (`:precision full`). PyTorch's wheel is too large for these
machines: its script is checked for syntax and its `.npz` for the state
dict's names, shapes and layout (the transposed kernel).

Keras runs in a child process so that KERAS_BACKEND is set before it is
imported; one child checks every model, as importing Keras and JAX takes most
of its time.
"""

import ast
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

TIMEOUT = 300

# Each model: its layers, how it is saved, and what the two frameworks should call its layers.
MODELS = {
    "plain": "sequential(dense(32, relu, input: 64), dense(10, softmax))",
    "dropout": "sequential(dense(32, tanh, input: 64), dropout(0.2), dense(16, leaky_relu), dense(16, sigmoid), dense(10, softmax))",
    # A linear output: nnbook trains it with mse on one-hot rows, which the script's fit takes as to_categorical.
    "mse": "sequential(dense(32, softplus, input: 64), dense(10))",
}

# A cell shows at most 60 lines, so the rows are printed 25 examples to a cell.
PRINT_ROWS = "".join(
    f"for i in range({k}, min({k + 25}, len(x_test))):\n"
    '    print("X", y_test[i], x_test[i, 0:16], x_test[i, 16:32], x_test[i, 32:48], x_test[i, 48:64])\n'
    '    print("P", p[i])\n\n' for k in range(0, 359, 25)) + "".join(
    f"for i in range({k}, min({k + 50}, len(x_train))):\n"
    '    print("T", y_train[i], x_train[i, 0:16], x_train[i, 16:32], x_train[i, 32:48], x_train[i, 48:64])\n\n'
    for k in range(0, 1438, 50))

CHECK_IN_KERAS = r"""
import json, runpy, sys
import numpy as np
import keras

out = {}
for name in sys.argv[1:]:
    d = np.load(name + "-data.npz")
    keras.utils.set_random_seed(0)
    model = runpy.run_path(name + ".py")["model"]
    p = np.asarray(model.predict(d["x_test"], verbose=0))
    y = d["y_train"] if model.loss == "sparse_categorical_crossentropy" else keras.utils.to_categorical(d["y_train"], 10)
    before = np.atleast_1d(model.evaluate(d["x_train"], y, verbose=0))  # [loss, accuracy], or the loss alone for mse
    fit = model.fit(d["x_train"], y, epochs=3, batch_size=32, verbose=0).history["loss"]
    fresh = keras.models.clone_model(model)
    fresh.compile(optimizer="adam", loss=model.loss)
    fresh_loss = fresh.fit(d["x_train"], y, epochs=1, batch_size=32, verbose=0).history["loss"]
    out[name] = {"diff": float(np.max(np.abs(p - d["p"]))), "before": float(before[0]),
                 "fit": fit, "fresh": fresh_loss[0],
                 "layers": [type(l).__name__ for l in model.layers]}
print(json.dumps(out))
"""


def numbers(text):
    return [float(t) for t in re.findall(r"-?[0-9][0-9.e+-]*", text)]


def run_nnbook(nnbook_bin, env, cwd, name, layers, form):
    program = (f"data = digits()\nmodel = {layers}\ntrain model on data epochs 20\n"
               f"save model to \"{name}.py\" as {form}\n"
               "evaluate model on data.train\n"
               "(x_train, y_train), (x_test, y_test) = digits()\n:precision full\np = model(x_test)\n" + PRINT_ROWS)
    proc = subprocess.run([str(nnbook_bin)], input=program.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, cwd=cwd, timeout=TIMEOUT)
    out = proc.stdout.decode()
    assert proc.returncode == 0, out + proc.stderr.decode()
    assert f"saved the model" in out and f"{name}.py, with its weights in {name}.npz" in out, out[:2000]
    rows = {"X": [], "P": [], "T": []}
    for line in out.splitlines():
        if line[:2] in ("X ", "P ", "T "):
            rows[line[0]].append(numbers(line[2:]))
    epochs = [numbers(l.split("loss")[1])[0] for l in out.splitlines() if l.startswith("Epoch ")]
    evaluated = [l for l in out.splitlines() if l.startswith("loss ") and "1,438 examples" in l]
    assert len(rows["X"]) == 359 and len(rows["T"]) == 1438 and len(epochs) == 20 and evaluated, out[:2000]
    test, train = np.array(rows["X"]), np.array(rows["T"])
    np.savez(cwd / f"{name}-data.npz", x_test=test[:, 1:].astype(np.float32), y_test=test[:, 0].astype(np.int64),
             p=np.array(rows["P"]), x_train=train[:, 1:].astype(np.float32), y_train=train[:, 0].astype(np.int64))
    return {"last_epoch_loss": epochs[-1], "train_loss": numbers(evaluated[0])[0]}


def test_keras_script_predicts_as_nnbook_and_goes_on_training(nnbook_bin, nnbook_env, tmp_path):
    nnbook = {name: run_nnbook(nnbook_bin, nnbook_env, tmp_path, name, layers, "keras") for name, layers in MODELS.items()}
    env = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu")
    (tmp_path / "check.py").write_text(CHECK_IN_KERAS)
    proc = subprocess.run([sys.executable, "check.py", *MODELS], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          cwd=tmp_path, env=env, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    keras_results = json.loads(proc.stdout.decode().strip().splitlines()[-1])

    assert keras_results["plain"]["layers"] == ["Dense", "Dense"]
    assert keras_results["dropout"]["layers"] == ["Dense", "Dropout", "Dense", "LeakyReLU", "Dense", "Dense"]
    assert (tmp_path / "mse.py").read_text().count("keras.utils.to_categorical(y_") == 2
    for name, k in keras_results.items():
        ours = nnbook[name]
        assert k["diff"] <= 1e-5, (name, k["diff"])
        # The loss on the training half, before Keras trains: nnbook's (printed to 4 decimals).
        assert abs(k["before"] - ours["train_loss"]) < 2e-4, (name, k["before"], ours["train_loss"])
        # Keras's first epoch goes on from nnbook's last, not from scratch.
        assert k["fit"][0] < 1.5 * ours["last_epoch_loss"] + 0.02, (name, k["fit"], ours)
        assert k["fresh"] > 2 * k["fit"][0], (name, k["fresh"], k["fit"])
        assert k["fit"][-1] < k["fit"][0] * 1.1, (name, k["fit"])


def test_pytorch_script_parses_and_its_state_dict_has_torch_shapes(nnbook_bin, nnbook_env, tmp_path):
    run_nnbook(nnbook_bin, nnbook_env, tmp_path, "torch", MODELS["dropout"], "pytorch")
    script = (tmp_path / "torch.py").read_text()
    ast.parse(script)
    compile(script, "torch.py", "exec")
    weights = np.load(tmp_path / "torch.npz")
    # nn.Sequential: Linear, Tanh, Dropout, Linear, LeakyReLU, Linear, Sigmoid, Linear, Softmax.
    shapes = {k: weights[k].shape for k in weights.files}
    assert shapes == {"0.weight": (32, 64), "0.bias": (32,), "3.weight": (16, 32), "3.bias": (16,),
                      "5.weight": (16, 16), "5.bias": (16,), "7.weight": (10, 16), "7.bias": (10,)}
    assert all(weights[k].dtype == np.float32 for k in weights.files)
    for line in ["nn.Linear(64, 32),", "nn.Tanh(),", "nn.Dropout(p=0.2),", "nn.LeakyReLU(negative_slope=0.01),",
                 "nn.Sigmoid(),", "nn.Softmax(dim=-1),"]:
        assert line in script
    # The state dict's layout is the Keras kernel's transpose: the forward pass in NumPy gives nnbook's probabilities.
    d = np.load(tmp_path / "torch-data.npz")
    a = np.tanh(d["x_test"] @ weights["0.weight"].T + weights["0.bias"])
    a = a @ weights["3.weight"].T + weights["3.bias"]
    a = np.where(a > 0, a, 0.01 * a)
    a = 1 / (1 + np.exp(-(a @ weights["5.weight"].T + weights["5.bias"])))
    z = a @ weights["7.weight"].T + weights["7.bias"]
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    assert np.max(np.abs(p - d["p"])) <= 1e-5


@pytest.mark.parametrize("line,message", [
    ('save model to "m.json" as keras', "as keras writes a Python script, so its file name must end in .py"),
    ('save model to "m.py"', "m.py is a Python file: say which framework its script is for"),
    ('save model to "m.py" as tensorflow', "save … as writes a script for keras or pytorch, not 'tensorflow'"),
    ('save model to "m.py" as pytorch\nsave model to "m.py" as pytorch', "m.py already exists; nothing was written"),
])
def test_mistakes_say_what_to_type(nnbook_bin, nnbook_env, tmp_path, line, message):
    program = f"model = sequential(dense(3, relu, input: 2), dense(1, sigmoid))\n{line}\nprint(\"still here\")\n"
    proc = subprocess.run([str(nnbook_bin)], input=program.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=nnbook_env, cwd=tmp_path, timeout=TIMEOUT)
    out = proc.stdout.decode()
    assert message in out and "hint:" in out and "still here" in out, out
