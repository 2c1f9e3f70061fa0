"""Reading and writing nnbook's session journal format in tests (see
Sources/NNBookNotebook/JournalFormat.swift): a header line, then per record a
line `LENGTH CRC32` and one line of JSON."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

HEADER = b"nnbook journal 1\n"


def frame(record: dict) -> bytes:
    payload = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return b"%d %08x\n" % (len(payload), zlib.crc32(payload)) + payload + b"\n"


def record(count: int, source: str, outcome: str = "ran", output=(), state=None) -> dict:
    return {"count": count, "source": source, "outcome": outcome, "output": list(output), "state": state or {},
            "complete": False}


def spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every whole record, checked as nnbook checks them."""
    assert data.startswith(HEADER), data[:40]
    out, at = [], len(HEADER)
    while at < len(data):
        head, rest = data[at:].split(b"\n", 1)
        length, crc = head.split(b" ")
        payload = rest[:int(length)]
        assert zlib.crc32(payload) == int(crc, 16)
        end = at + len(head) + 1 + int(length) + 1
        out.append((at, end))
        at = end
    return out


def records(path: Path) -> list[dict]:
    data = path.read_bytes()
    return [json.loads(data[s:e].split(b"\n", 1)[1]) for s, e in spans(data)]
