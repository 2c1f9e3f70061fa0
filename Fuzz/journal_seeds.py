#!/usr/bin/env python3
"""Writes the fuzzer's seed inputs for the session journal (corpus/journal-*,
first byte 0x01, or 0x03 for bare payload lines the fuzz target frames itself)
and for notebooks (corpus/notebook-*, first byte 0x02).
Journal seeds carry lengths and CRC-32s, so they are made here rather than by
hand; run again when the journal format changes. Seeds stay within the
fuzzer's -max_len of 512 bytes."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "Tests" / "e2e"))
from journal_file import HEADER, frame, record  # noqa: E402

JOURNAL, NOTEBOOK, PAYLOADS = b"\x01", b"\x02", b"\x03"


def write(name: str, data: bytes) -> None:
    assert len(data) <= 512, (name, len(data))
    (HERE / "corpus" / name).write_bytes(data)


basic = (HEADER + frame(record(1, "a = 41", state={"a": {"number": {"_0": 41}}}))
         + frame(record(2, "f(x) = x^2", output=["f(x) = x^2", "f'(x) = 2*x"],
                        state={"f": {"composite": {"kind": "function", "parts": []}}}))
         + frame(record(3, "while True:\n    a = a + 1", outcome="interrupted", output=["interrupted"],
                        state={"a": {"number": {"_0": 99}}})))
write("journal-basic", JOURNAL + basic)
write("journal-cut", JOURNAL + basic[:-17])
damaged = bytearray(basic)
damaged[len(HEADER) + 30] ^= 1
write("journal-corrupt", JOURNAL + bytes(damaged))
write("journal-markdown", JOURNAL + b"# nnbook session journal\n\n```nnbook\nx = 2\n```\n\n"
      b"```nnbook\nsigmoid(x)\n```\n```output\n0.880797\n```\n")
write("journal-states", JOURNAL + HEADER
      + frame(record(1, "v = [1, 2]", state={
          "v": {"numbers": {"shape": [2], "values": [1, "nan"]}},
          "n": {"composite": {"kind": "numbers-digest", "parts": [{"numbers": {"shape": [2], "values": [4, "inf", "-inf"]}}]}}}))
      + frame({**record(2, ":reset"), "complete": True})
      + frame(record(3, "step", outcome="failed", state={"b": {"bool": {"_0": True}}})))
write("journal-payloads", PAYLOADS + b"\n".join(
    frame(r).split(b"\n")[1] for r in (
        record(1, "i = 0", state={"i": {"number": {"_0": 0}}}),
        record(2, "while True:\n    i = i + 1", outcome="interrupted", state={"i": {"number": {"_0": 7}}}),
        {**record(3, ":precision 2", state={"i": {"number": {"_0": 0}}}), "complete": True},
        record(4, "m = sequential(dense(2, relu, input: 2))\ntrain m on xor() epochs 1"))))
write("journal-newer", JOURNAL + b"nnbook journal 2\n10 00000000\n")

write("notebook-basic", NOTEBOOK + b"# Sigmoid\n\nThe sigmoid squashes:\n\n```nnbook\nsigmoid(2)\n```\n```output\n0.880797\n```\n\n"
      b"```nnbook\nf(x) = x^2\nf'(0.8)\n```\n```hint\nf' is the derivative\n```\n")
write("notebook-fences", NOTEBOOK + b"````nnbook\nprint(\"```\")\n````\n````output\n```\n````\n\n~~~nnbook\nx = 1\n~~~\n\n"
      b"```python\nnot a cell\n```\n\n   ```nnbook {.x}\nx + 1\n   ```\n")
write("notebook-errors", NOTEBOOK + b"```output\norphan\n```\n\n```nnbook\n```\n\n```nnbook\n1 +\n```\n```output\n1\n```\n"
      b"```output\n2\n```\n\n```nnbook\nunclosed\n")
write("notebook-meta", NOTEBOOK + b"```nnbook\n:precision 3\n```\n\n```nnbook\n:save out.md\n```\n\n```nnbook\n:load fuzz.md\n```\n\n"
      b"```nnbook\nwhile True:\n    pass\n```\n\n```nnbook\n:vars\n```\n")
