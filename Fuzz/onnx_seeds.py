#!/usr/bin/env python3
"""Writes the fuzzer's seed inputs for ONNX files (corpus/onnx-*, first byte
0x04): a model nnbook saved, the forms a converter writes (Cast, MatMul then
Add, Gemm with transB, Softmax, then ArgMax and ZipMap as skl2onnx ends a
classifier), and damaged ones. Made with onnx's own helpers (pip install
onnx); run again when the reader learns new operators. Seeds stay within the
fuzzer's -max_len of 512 bytes."""

from pathlib import Path

import numpy as np
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).resolve().parent
ONNX = b"\x04"


def write(name: str, data: bytes) -> None:
    assert len(data) <= 512, (name, len(data))
    (HERE / "corpus" / name).write_bytes(ONNX + data)


def model(nodes, initializers, width=2, opset=13):
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, width])],
                              [helper.make_tensor_value_info("p", TensorProto.FLOAT, [None, 2])], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid("ai.onnx.ml", 1)],
                             producer_name="seed").SerializeToString()


w = np.array([[1, -1, 0.5], [0.25, 2, -3]], dtype=np.float32)
converter = model([
    helper.make_node("Cast", ["X"], ["xf"], "cast", to=TensorProto.FLOAT),
    helper.make_node("MatMul", ["xf", "W"], ["m"], "mm"),
    helper.make_node("Add", ["m", "B"], ["a"], "add"),
    helper.make_node("LeakyRelu", ["a"], ["h"], "lrelu", alpha=0.01),
    helper.make_node("Gemm", ["h", "W2", "B2"], ["z"], "fc2", transB=1),
    helper.make_node("Softmax", ["z"], ["p"], "softmax", axis=-1),
    helper.make_node("ArgMax", ["p"], ["label"], "argmax", axis=1),
    helper.make_node("ZipMap", ["p"], ["map"], "zipmap", domain="ai.onnx.ml", classlabels_int64s=[0, 1]),
], [numpy_helper.from_array(w, "W"), numpy_helper.from_array(np.zeros(3, np.float32), "B"),
    numpy_helper.from_array(w, "W2"), helper.make_tensor("B2", TensorProto.FLOAT, [2], [0.5, -0.5])])
write("onnx-converter", converter)
write("onnx-cut", converter[:len(converter) // 2])
write("onnx-dropout", model([
    helper.make_node("Gemm", ["X", "W", "B"], ["h"], "fc"),
    helper.make_node("Dropout", ["h", "r"], ["d"], "drop"),
    helper.make_node("Gemm", ["d", "W3", "B3"], ["p"], "out"),
], [numpy_helper.from_array(w, "W"), numpy_helper.from_array(np.zeros(3, np.float32), "B"),
    numpy_helper.from_array(np.array(0.25), "r"), numpy_helper.from_array(w.T[:, :2].copy(), "W3"),
    numpy_helper.from_array(np.zeros(2, np.float32), "B3")]))
huge = helper.make_tensor("W", TensorProto.FLOAT, [1], [1.0])
huge.dims[:] = [2, 1_000_000_000]  # one number present, two billion declared
write("onnx-huge-dims", model([helper.make_node("MatMul", ["X", "W"], ["p"], "mm")], [huge]))
write("onnx-cycle", model([helper.make_node("Gemm", ["X", "W"], ["h"], "fc"), helper.make_node("Relu", ["h"], ["X"], "r")],
                          [numpy_helper.from_array(np.eye(2, dtype=np.float32), "W")]))
write("onnx-conv", model([helper.make_node("Conv", ["X", "W"], ["p"], "conv1")], [numpy_helper.from_array(w, "W")]))
