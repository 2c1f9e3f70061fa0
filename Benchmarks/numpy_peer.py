#!/usr/bin/env python3
"""The NumPy peer of nnbook's MNIST training benchmark: the same math, written plainly.

784 → Dense 128 ReLU → Dense 10 softmax, sparse categorical cross-entropy
(fused with the softmax for the gradient), Adam with the Keras defaults
(lr 0.001, β1 0.9, β2 0.999, ε 1e-7), Glorot-uniform weights, zero biases,
Float32 throughout, one seeded shuffle per epoch. Pixels stay uint8 in memory
(as nnbook keeps them) and each batch is scaled by 1/255 when it is taken.

    python3 Benchmarks/numpy_peer.py DATA_DIR [--batch 32] [--epochs 1] [--seed 0]

Prints one line per epoch in nnbook's shape, "Epoch 1/1  loss 0.1234  accuracy
97.12%  (1.2 s)", then a line "RESULT {json}" with the exact epoch seconds, the
last epoch's loss and accuracy, and which BLAS library and kernel NumPy runs.
The timed part of an epoch is the loop over batches (shuffle included), not
reading the files or starting Python. train_mnist.py runs this with
OPENBLAS_NUM_THREADS=1; set it yourself when running it by hand.
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import json
import os
import sys
import time

import numpy as np


def read_idx(folder: str, base: str) -> np.ndarray:
    """One IDX file (plain or .gz) as a uint8 array of its declared shape."""
    path = os.path.join(folder, base)
    if os.path.exists(path):
        with open(path, "rb") as f:
            raw = f.read()
    elif os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rb") as f:
            raw = f.read()
    else:
        raise SystemExit(f"numpy_peer: no {path} (nor .gz)")
    magic = int.from_bytes(raw[0:4], "big")
    if magic >> 8 != 0x08:
        raise SystemExit(f"numpy_peer: {path} is not unsigned-byte IDX data (magic {magic:#010x})")
    ndim = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def blas_info() -> dict:
    """Which BLAS NumPy calls and, for OpenBLAS, which kernel (core) it picked.

    threadpoolctl when it is importable; otherwise numpy's build config plus
    openblas_get_corename / openblas_get_config asked directly of the OpenBLAS
    library loaded into this process (found through /proc/self/maps)."""
    info: dict = {"numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info  # type: ignore
        for lib in threadpool_info():
            if lib.get("user_api") == "blas":
                info.update({"source": "threadpoolctl", "library": lib.get("internal_api"),
                             "version": lib.get("version"), "kernel": lib.get("architecture"),
                             "threads": lib.get("num_threads"), "path": lib.get("filepath")})
                return info
    except ImportError:
        pass
    try:
        cfg = np.show_config(mode="dicts")  # numpy >= 1.26
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        info.update({"source": "numpy.show_config", "library": blas.get("name"),
                     "version": blas.get("version"), "build_config": blas.get("openblas configuration")})
    except (TypeError, AttributeError):
        info["source"] = "numpy.__config__"
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "openblas" in line.lower() and "/" in line}
        for path in sorted(paths):
            lib = ctypes.CDLL(path)
            for prefix in ("scipy_openblas_", "scipy_", ""):
                for suffix in ("64_", ""):
                    try:
                        corename = getattr(lib, f"{prefix}openblas_get_corename{suffix}")
                        config = getattr(lib, f"{prefix}openblas_get_config{suffix}")
                        threads = getattr(lib, f"{prefix}openblas_get_num_threads{suffix}")
                    except AttributeError:
                        continue
                    corename.restype = ctypes.c_char_p
                    config.restype = ctypes.c_char_p
                    info.update({"kernel": corename().decode(), "runtime_config": config().decode(),
                                 "threads": threads(), "path": path})
                    return info
    except OSError:
        pass
    return info


def glorot(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="folder with the four MNIST IDX files")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    images = read_idx(args.data, "train-images-idx3-ubyte")
    labels = read_idx(args.data, "train-labels-idx1-ubyte").astype(np.int64)
    n = images.shape[0]
    x_all = images.reshape(n, -1)  # uint8, 47 MB for 60,000 images
    features, hidden, classes = x_all.shape[1], 128, 10

    rng = np.random.default_rng(args.seed)
    params = [glorot(rng, features, hidden), np.zeros(hidden, np.float32),
              glorot(rng, hidden, classes), np.zeros(classes, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, beta1, beta2, eps = 0.001, 0.9, 0.999, 1e-7
    step = 0
    scale = np.float32(1.0 / 255.0)

    epoch_seconds = loss = accuracy = 0.0
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(n)
        loss_sum = 0.0
        correct = 0
        for lo in range(0, n, args.batch):
            idx = order[lo:lo + args.batch]
            b = idx.shape[0]
            x = x_all[idx].astype(np.float32)
            x *= scale
            y = labels[idx]
            w1, b1, w2, b2 = params

            # forward
            h = x @ w1
            h += b1
            np.maximum(h, 0, out=h)
            z = h @ w2
            z += b2
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            rows = np.arange(b)
            loss_sum += float(-np.log(np.maximum(p[rows, y], 1e-7)).sum())
            correct += int((p.argmax(axis=1) == y).sum())

            # backward: softmax + sparse CCE fused, mean over the batch
            p[rows, y] -= 1
            p *= np.float32(1.0 / b)
            gw2 = h.T @ p
            gb2 = p.sum(axis=0)
            dh = p @ w2.T
            dh *= h > 0
            gw1 = x.T @ dh
            gb1 = dh.sum(axis=0)

            # Adam, Keras form: lr_t = lr·√(1−β2ᵗ)/(1−β1ᵗ), ε outside the root
            step += 1
            lr_t = np.float32(lr * np.sqrt(1 - beta2 ** step) / (1 - beta1 ** step))
            for param, grad, mi, vi in zip(params, (gw1, gb1, gw2, gb2), m, v):
                mi *= np.float32(beta1)
                mi += np.float32(1 - beta1) * grad
                vi *= np.float32(beta2)
                vi += np.float32(1 - beta2) * (grad * grad)
                param -= lr_t * mi / (np.sqrt(vi) + np.float32(eps))
        epoch_seconds = time.perf_counter() - start
        loss, accuracy = loss_sum / n, correct / n
        print(f"Epoch {epoch}/{args.epochs}  loss {loss:.4f}  accuracy {accuracy * 100:.2f}%  ({epoch_seconds:.1f} s)")

    print("RESULT " + json.dumps({"epoch_seconds": epoch_seconds, "loss": loss, "accuracy": accuracy,
                                  "batch": args.batch, "samples": n, "blas": blas_info()}))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
