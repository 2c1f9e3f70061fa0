#!/usr/bin/env python3
"""Draws the Jupyter kernel's 64x64 logo, a tiny network (3 inputs, 1 sigmoid
neuron) on a dark square, with nothing but zlib and struct, and writes it to
Sources/NNBookKernel/Resources/logo-64x64.png. Run once; the PNG is committed."""
import math, os, struct, zlib

N = 64
BG, EDGE, NODE, OUT = (32, 40, 56), (120, 144, 176), (240, 200, 80), (96, 200, 140)
img = [[BG] * N for _ in range(N)]

def disc(cx, cy, r, colour):
    for y in range(N):
        for x in range(N):
            if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
                img[y][x] = colour

def line(x0, y0, x1, y1, colour):
    steps = int(max(abs(x1 - x0), abs(y1 - y0))) * 2
    for i in range(steps + 1):
        t = i / steps
        img[round(y0 + (y1 - y0) * t)][round(x0 + (x1 - x0) * t)] = colour

inputs = [(14, 14), (14, 32), (14, 50)]
neuron = (48, 32)
for x, y in inputs:
    line(x, y, *neuron, EDGE)
for x, y in inputs:
    disc(x, y, 6, NODE)
disc(*neuron, 10, OUT)

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in img)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "Sources", "NNBookKernel", "Resources", "logo-64x64.png")
with open(path, "wb") as f:
    f.write(png)
print(f"wrote {os.path.normpath(path)} ({len(png)} bytes)")
