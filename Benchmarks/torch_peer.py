#!/usr/bin/env python3
"""The PyTorch peer of nnbook's MNIST training benchmark (CPU, one thread).

784 → Linear 128 ReLU → Linear 10, cross-entropy on the logits (PyTorch fuses
the softmax into it), torch.optim.Adam(lr 0.001, betas (0.9, 0.999), eps 1e-7),
Glorot-uniform weights and zero biases as Keras, Float32, one seeded shuffle
per epoch, torch.set_num_threads(1). Pixels stay uint8; each batch is scaled by
1/255 when it is taken. Same files and output as numpy_peer.py:

    python3 Benchmarks/torch_peer.py DATA_DIR [--batch 32] [--epochs 1] [--seed 0]

prints "Epoch 1/1  loss …  accuracy …%  (… s)" and "RESULT {json}". The timed
part is the loop over batches, not reading files or importing torch.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import torch

from numpy_peer import read_idx


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="folder with the four MNIST IDX files")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    images = read_idx(args.data, "train-images-idx3-ubyte")
    labels = read_idx(args.data, "train-labels-idx1-ubyte")
    n = images.shape[0]
    x_all = torch.from_numpy(np.ascontiguousarray(images.reshape(n, -1)))  # uint8
    y_all = torch.from_numpy(labels.astype(np.int64))

    model = torch.nn.Sequential(torch.nn.Linear(x_all.shape[1], 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    for layer in (model[0], model[2]):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(args.seed)

    epoch_seconds = loss = accuracy = 0.0
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(n, generator=gen)
        loss_sum = 0.0
        correct = 0
        for lo in range(0, n, args.batch):
            idx = order[lo:lo + args.batch]
            x = x_all[idx].float().mul_(1.0 / 255.0)
            y = y_all[idx]
            logits = model(x)
            batch_loss = loss_fn(logits, y)
            opt.zero_grad(set_to_none=True)
            batch_loss.backward()
            opt.step()
            loss_sum += batch_loss.item() * idx.shape[0]
            correct += int((logits.argmax(dim=1) == y).sum())
        epoch_seconds = time.perf_counter() - start
        loss, accuracy = loss_sum / n, correct / n
        print(f"Epoch {epoch}/{args.epochs}  loss {loss:.4f}  accuracy {accuracy * 100:.2f}%  ({epoch_seconds:.1f} s)")

    print("RESULT " + json.dumps({"epoch_seconds": epoch_seconds, "loss": loss, "accuracy": accuracy,
                                  "batch": args.batch, "samples": n,
                                  "torch": torch.__version__, "threads": torch.get_num_threads()}))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
