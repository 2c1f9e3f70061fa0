#!/usr/bin/env python3
"""Training speed: one MNIST-shaped epoch in nnbook vs the same math in NumPy (and PyTorch if installed).

The article's Keras model (784 → Dense 128 ReLU → Dense 10 softmax, sparse
categorical cross-entropy, Adam 0.001 with Keras defaults, Float32), one epoch
over 60,000 28×28 images, at batch 32 and batch 128. Every program runs as a
whole process, interleaved round by round (the order flips each round), and
the median of --runs runs is reported. In the same run the single-thread
sgemm rate of this machine is measured (NumPy float32 2048×2048 @ 2048×2048,
OPENBLAS_NUM_THREADS=1, median of 5), so nnbook's FLOP/s can be set against it.

    python3 Benchmarks/train_mnist.py [--runs 3] [--data DIR] [--nnbook PATH] [--batches 32,128] [--baseline PATH]

With --baseline, a second nnbook binary (say, the one before a change) runs
in the same interleaved rounds, and its ratio to NumPy is printed beside the
new one's.

Needs Python 3 and numpy; PyTorch is used only if `import torch` works.
Exit status: 0 when every program ran and reached accuracy > 0.5 (whether the
speed goals are met or not is printed, not turned into a failure); 1 when a
program failed or learnt nothing; 2 when nnbook or numpy could not be found.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent

TRAIN_COUNT, TEST_COUNT, SIDE, CLASSES = 60_000, 10_000, 28, 10
FLOP_PER_SAMPLE = 409_000     # 2·(784·128 + 128·10)·2 + 2·784·128: forward, backward, no input gradient
PYTORCH_MEASURED = 42_000     # docs/performance.md: PyTorch 2 threads, batch 32, samples/s on this machine
GOAL_VS_TORCH = 2.5           # the goal: ≥ 2.5× PyTorch's samples/s at batch 32
GOAL_VS_NUMPY = 1.3           # stand-in while PyTorch is not installed (NumPy ran 78K/s there: 2.5·42/78 ≈ 1.35)
GOAL_SGEMM_FRACTION = 0.75    # batch-128 FLOP/s ≥ 75 % of single-thread sgemm
GOAL_RSS_MB = 150.0           # peak memory < 150 MB
MIN_ACCURACY = 0.5            # after one epoch on the learnable data
SCRUBBED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")  # slow a current numpy's OpenBLAS; dropped for the peers only

# The "(… s)" part is optional: nnbook dropped it from piped output so transcripts are the same on every run.
EPOCH_LINE = re.compile(r"Epoch\s+(\d+)/(\d+)\s+loss\s+([-\d.naif]+)\s+accuracy\s+([\d.]+)%(?:\s+\(([^)]*)\))?")
RESULT_LINE = re.compile(r"^RESULT (\{.*\})\s*$", re.M)


class CheckFailed(Exception):
    pass


# --------------------------------------------------------------------------- data

def write_idx(path: Path, magic: int, dims: tuple[int, ...], payload: bytes) -> None:
    with open(path, "wb") as f:
        f.write(magic.to_bytes(4, "big"))
        for d in dims:
            f.write(d.to_bytes(4, "big"))
        f.write(payload)


def generate(folder: Path, seed: int) -> None:
    """MNIST-shaped IDX files: each class a fixed random template (blotches of
    ink on a dark background), each image its class's template scaled by
    0.4–1.0, plus another class's scaled by 0–0.8, plus Gaussian noise (σ 110),
    clipped to 0…255. Learnable but not trivially: one epoch of this model
    reaches about 80 % (chance is 10 %; the mix makes some images ambiguous),
    so a wrong gradient or optimizer shows. Deterministic for a given seed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pixels = SIDE * SIDE
    ink = rng.random((CLASSES, pixels)) < 0.25
    templates = (ink * rng.uniform(120, 255, (CLASSES, pixels))).astype(np.float32)
    for name, count in (("train", TRAIN_COUNT), ("t10k", TEST_COUNT)):
        labels = rng.integers(0, CLASSES, count).astype(np.uint8)
        images = np.empty((count, pixels), np.uint8)
        for lo in range(0, count, 10_000):
            y = labels[lo:lo + 10_000].astype(np.int64)
            k = y.shape[0]
            other = (y + rng.integers(1, CLASSES, k)) % CLASSES
            img = templates[y] * rng.uniform(0.4, 1.0, (k, 1)).astype(np.float32)
            img += templates[other] * rng.uniform(0.0, 0.8, (k, 1)).astype(np.float32)
            img += rng.normal(0.0, 110.0, (k, pixels)).astype(np.float32)
            images[lo:lo + k] = np.clip(img, 0, 255).astype(np.uint8)
        write_idx(folder / f"{name}-images-idx3-ubyte", 0x00000803, (count, SIDE, SIDE), images.tobytes())
        write_idx(folder / f"{name}-labels-idx1-ubyte", 0x00000801, (count,), labels.tobytes())


def data_ready(folder: Path) -> bool:
    names = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    return all((folder / n).is_file() for n in names)


# --------------------------------------------------------------------------- running

class Run:
    def __init__(self, wall: float, rss_mb: float, out: str):
        self.wall, self.rss_mb, self.out = wall, rss_mb, out


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_measured(cmd: list[str], stdin_text: str | None, env: dict, timeout: float) -> Run:
    """Wall time and peak RSS of one whole process.

    Peak RSS comes from `/usr/bin/time -f %M` when it exists, else from the
    child's own rusage (os.wait4). Linux keeps a process's high-water RSS across
    exec, so a child forked straight from this script starts with this script's
    RSS as its peak; that is why the data are generated in a subprocess (this
    script stays small, ~10 MB) and why /usr/bin/time, itself small, is preferred."""
    with tempfile.TemporaryFile() as fin, tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr, \
            tempfile.NamedTemporaryFile(mode="r") as ftime:
        if stdin_text is not None:
            fin.write(stdin_text.encode())
            fin.seek(0)
        full = [GNU_TIME, "-f", "%M", "-o", ftime.name, *cmd] if GNU_TIME else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdin=fin, stdout=fout, stderr=ferr, env=env, start_new_session=True)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, 9)  # the program and /usr/bin/time around it
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise CheckFailed(f"{' '.join(cmd)} took longer than {timeout:.0f} s")
            time.sleep(0.002)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        fout.seek(0)
        ferr.seek(0)
        out = fout.read().decode("utf-8", "replace")
        err = ferr.read().decode("utf-8", "replace")
        rss_kib = float(usage.ru_maxrss)  # KiB on Linux
        if GNU_TIME:
            lines = [ln for ln in ftime.read().splitlines() if ln.strip()]
            if lines and lines[-1].strip().isdigit():
                rss_kib = float(lines[-1].strip())
    if proc.returncode != 0:
        raise CheckFailed(f"{' '.join(cmd)} exited {proc.returncode}\nstdout:\n{out[-3000:]}\nstderr:\n{err[-3000:]}")
    return Run(wall, rss_kib / 1024.0, out)


def parse_duration(text: str) -> float:
    """nnbook's NumberFormat.duration: "12 ms", "3.4 s", "1 min 35 s"."""
    t = text.strip()
    m = re.fullmatch(r"(\d+)\s*ms", t)
    if m:
        return int(m.group(1)) / 1000.0
    m = re.fullmatch(r"([\d.]+)\s*s", t)
    if m:
        return float(m.group(1))
    m = re.fullmatch(r"(\d+)\s*min\s*(\d+)\s*s", t)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    raise CheckFailed(f"cannot read the epoch time {text!r}")


def parse_nnbook(out: str, what: str) -> dict:
    m = EPOCH_LINE.search(out)
    if not m:
        raise CheckFailed(f"{what}: no 'Epoch 1/1  loss …  accuracy …' line in its output:\n{out[-3000:]}")
    printed = m.group(5)
    timed = re.search(r"wall time: (.+)", out)  # `:time train …` reports the training alone
    if timed:
        printed = timed.group(1).strip()
    return {"printed_seconds": parse_duration(printed) if printed else None, "epoch_text": printed,
            "loss": float(m.group(3)), "accuracy": float(m.group(4)) / 100.0}


def parse_peer(out: str, what: str) -> dict:
    m = RESULT_LINE.search(out)
    if not m:
        raise CheckFailed(f"{what}: no RESULT line in its output:\n{out[-3000:]}")
    return json.loads(m.group(1))


SGEMM_CODE = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import numpy as np
from numpy_peer import blas_info
n = 2048
rng = np.random.default_rng(0)
a = rng.random((n, n), dtype=np.float32)
b = rng.random((n, n), dtype=np.float32)
a @ b
times = []
for _ in range(5):
    t = time.perf_counter(); a @ b; times.append(time.perf_counter() - t)
t = statistics.median(times)
print("RESULT " + json.dumps({"seconds": t, "gflops": 2 * n ** 3 / t / 1e9, "blas": blas_info()}))
"""


# --------------------------------------------------------------------------- report

def fmt_rate(x: float) -> str:
    return f"{x / 1000:.1f}K/s"


def default_nnbook() -> str:
    return str(REPO_ROOT / ".build" / "release" / "nnbook")


def header_lines(python: str) -> list[str]:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    env = ", ".join(f"{k}={os.environ[k]!r}" if k in os.environ else f"{k} unset" for k in SCRUBBED)
    return [f"machine: {cpu}, {os.cpu_count()} cores, load average {load}",
            f"environment: {env} (nnbook runs with it as is; the NumPy/PyTorch peers and sgemm run with both unset "
            f"and OPENBLAS_NUM_THREADS=1)",
            f"python: {python}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each program and batch size (default 3)")
    parser.add_argument("--data", default=None,
                        help="folder for the IDX files: generated there unless all four are present "
                             "(default: a temporary folder, removed afterwards)")
    parser.add_argument("--nnbook", default=default_nnbook(),
                        help="nnbook binary (default: .build/release/nnbook, else .build/release/nnbook)")
    parser.add_argument("--baseline", default=None,
                        help="another nnbook binary (e.g. before a change), run interleaved with the others")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the NumPy/PyTorch peers")
    parser.add_argument("--batches", default="32,128", help="comma-separated batch sizes (default 32,128)")
    parser.add_argument("--seed", type=int, default=1234, help="seed of the generated data (default 1234)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per run (default 600)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    batches = [int(b) for b in args.batches.split(",") if b.strip()]

    if not Path(args.nnbook).exists():
        print(f"nnbook not found at {args.nnbook}: build it with `swift build -c release` "
              f"or pass --nnbook", file=sys.stderr)
        return 2
    # numpy is never imported here (see run_measured): checked and used in subprocesses.
    if subprocess.run([args.python, "-c", "import numpy"], capture_output=True).returncode != 0:
        print(f"numpy is needed by {args.python} (pip install numpy)", file=sys.stderr)
        return 2
    have_torch = subprocess.run([args.python, "-c", "import torch"], capture_output=True).returncode == 0

    for line in header_lines(args.python):
        print(line)

    tmp_root = Path(tempfile.mkdtemp(prefix="nnbook-train-bench-"))
    try:
        data_dir = Path(args.data) if args.data else tmp_root / "mnist"
        data_dir.mkdir(parents=True, exist_ok=True)
        if data_ready(data_dir):
            print(f"data: reusing the IDX files in {data_dir}")
        else:
            t = time.perf_counter()
            gen = subprocess.run([args.python, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                                  "from pathlib import Path; import train_mnist; "
                                  "train_mnist.generate(Path(sys.argv[2]), int(sys.argv[3]))",
                                  str(HERE), str(data_dir), str(args.seed)])
            if gen.returncode != 0:
                raise CheckFailed(f"generating the data in {data_dir} failed (exit {gen.returncode})")
            print(f"data: generated {TRAIN_COUNT:,} + {TEST_COUNT:,} MNIST-shaped images in {data_dir} "
                  f"({time.perf_counter() - t:.1f} s, seed {args.seed})")
        return bench(args, batches, data_dir, tmp_root, have_torch)
    except CheckFailed as e:
        print(f"CHECK FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)


def bench(args, batches: list[int], data_dir: Path, tmp_root: Path, have_torch: bool) -> int:
    nn_env = dict(os.environ, NNBOOK_HOME=str(tmp_root / "home"))
    peer_env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    peer_env["OPENBLAS_NUM_THREADS"] = "1"
    quoted = json.dumps(str(data_dir))

    def nn_script(batch: int | None) -> str:
        lines = [f"data = mnist({quoted})",
                 "model = sequential(dense(128, relu, input: 784), dense(10, softmax))"]
        if batch is not None:
            lines.append(f":time train model on data epochs 1 batch {batch}")
        return "\n".join(lines) + "\n"

    programs = ["nnbook", "numpy"] + (["torch"] if have_torch else []) + (["baseline"] if args.baseline else [])

    def run_one(prog: str, batch: int | None) -> dict:
        if prog in ("nnbook", "baseline"):
            binary = args.nnbook if prog == "nnbook" else args.baseline
            r = run_measured([binary], nn_script(batch), nn_env, args.timeout)
            res = parse_nnbook(r.out, f"{prog} batch {batch}") if batch is not None else {}
        elif prog == "sgemm":
            r = run_measured([args.python, "-c", SGEMM_CODE, str(HERE)], None, peer_env, args.timeout)
            res = parse_peer(r.out, "sgemm")
        else:
            script = HERE / ("numpy_peer.py" if prog == "numpy" else "torch_peer.py")
            r = run_measured([args.python, str(script), str(data_dir), "--batch", str(batch)], None, peer_env,
                             args.timeout)
            res = parse_peer(r.out, f"{prog} batch {batch}")
        res.update(wall=r.wall, rss_mb=r.rss_mb)
        if batch is not None and not res["accuracy"] > MIN_ACCURACY:
            raise CheckFailed(f"{prog} at batch {batch} reached accuracy {res['accuracy']:.4f} after one epoch "
                              f"(expected > {MIN_ACCURACY}): it is not learning\n{r.out[-2000:]}")
        return res

    # One untimed warm-up of each (page cache, dynamic loading), then interleaved rounds.
    print("warm-up …", flush=True)
    for prog in programs:
        run_one(prog, batches[0])
    results: dict[tuple[str, int | None], list[dict]] = {}
    for rnd in range(args.runs):
        order = programs if rnd % 2 == 0 else programs[::-1]
        for batch in (batches if rnd % 2 == 0 else batches[::-1]):
            for prog in order:
                results.setdefault((prog, batch), []).append(run_one(prog, batch))
            # nnbook with the same script minus the `train` line: start-up + reading the files + the model
            results.setdefault(("nnbook", None), []).append(run_one("nnbook", None))
        results.setdefault(("sgemm", None), []).append(run_one("sgemm", None))
        done = ", ".join(f"{p} b{b} {r[-1]['wall']:.2f}s" for (p, b), r in results.items() if b)
        print(f"round {rnd + 1}/{args.runs} (whole process): {done}", flush=True)

    load_wall = statistics.median(r["wall"] for r in results[("nnbook", None)])
    load_rss = statistics.median(r["rss_mb"] for r in results[("nnbook", None)])
    # nnbook's epoch: the time it prints if it prints one, else whole process − load-only (median).
    nn_printed = all(r["printed_seconds"] is not None for b in batches for r in results[("nnbook", b)])
    for b in batches:
        for prog in ("nnbook", "baseline") if args.baseline else ("nnbook",):
            for r in results[(prog, b)]:
                printed = r["printed_seconds"]
                r["epoch_seconds"] = printed if nn_printed and printed is not None else r["wall"] - load_wall

    def med(prog: str, batch: int | None, key: str) -> float:
        return statistics.median(r[key] for r in results[(prog, batch)])

    sgemm = med("sgemm", None, "gflops")
    numpy_blas = results[("sgemm", None)][-1]["blas"]

    rounds_text = ", ".join(f"{r['gflops']:.1f}" for r in results[("sgemm", None)])
    print()
    print(f"single-thread sgemm (NumPy float32 2048² @ 2048², OPENBLAS_NUM_THREADS=1, median of 5 per round, "
          f"median of {args.runs} rounds): {sgemm:.1f} GFLOP/s "
          f"(rounds: {rounds_text})")
    kernel = numpy_blas.get("kernel") or "?"
    print(f"NumPy {numpy_blas.get('numpy')}: BLAS {numpy_blas.get('library')} {numpy_blas.get('version') or ''}, "
          f"kernel {kernel}, {numpy_blas.get('threads', '?')} thread(s) (via {numpy_blas.get('source')}"
          f"{' + openblas_get_corename' if 'runtime_config' in numpy_blas else ''})")
    if "runtime_config" in numpy_blas:
        print(f"  OpenBLAS config: {numpy_blas['runtime_config']}")
    print(f"nnbook load only (mnist(...) + model, no training): {load_wall:.3f} s whole process, "
          f"peak RSS {load_rss:.0f} MB")
    print()

    heads = ["implementation", "batch", "epoch s", "samples/s", "whole s", "samples/s (whole)", "peak RSS MB",
             "accuracy", "nnbook ÷ it"]
    rows = []
    for batch in batches:
        nn_rate = TRAIN_COUNT / med("nnbook", batch, "epoch_seconds")
        nn_whole = TRAIN_COUNT / med("nnbook", batch, "wall")
        for prog in programs:
            ep = med(prog, batch, "epoch_seconds")
            wall = med(prog, batch, "wall")
            name = {"nnbook": "nnbook", "numpy": "NumPy (same math)",
                    "torch": "PyTorch CPU, 1 thread", "baseline": "nnbook --baseline"}[prog]
            ratio = "—" if prog == "nnbook" else \
                f"{nn_rate / (TRAIN_COUNT / ep):.2f}× ({nn_whole / (TRAIN_COUNT / wall):.2f}× whole)"
            rows.append([name, str(batch), f"{ep:.3f}", fmt_rate(TRAIN_COUNT / ep), f"{wall:.2f}",
                         fmt_rate(TRAIN_COUNT / wall), f"{med(prog, batch, 'rss_mb'):.0f}",
                         f"{med(prog, batch, 'accuracy') * 100:.2f}%", ratio])
        if not have_torch:
            rows.append(["PyTorch", str(batch), "not installed", "", "", "", "", "", ""])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    print("  ".join(h.ljust(w) for h, w in zip(heads, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print()
    if nn_printed:
        print("nnbook's epoch time is the one it prints (to 0.1 s); the peers time their batch loop with "
              "perf_counter.")
        for batch in batches:
            est = med("nnbook", batch, "wall") - load_wall
            if est > 0:
                print(f"  nnbook batch {batch}: whole − load-only = {est:.3f} s ≈ {fmt_rate(TRAIN_COUNT / est)} "
                      f"(finer than the printed {results[('nnbook', batch)][-1]['epoch_text']})")
    else:
        print("nnbook prints no epoch time when piped (its transcripts must not change from run to run), so its "
              f"epoch is whole process − load-only ({load_wall:.3f} s: the same script without the `train` line), "
              "each a median; the peers time their batch loop with perf_counter.")
    print(f"'whole' is the whole process: start-up, reading the IDX files, training. Medians of {args.runs} "
          "interleaved runs.")
    if args.baseline:
        print()
        print(f"against the baseline ({args.baseline}), each as its ratio to NumPy's samples/s in this run:")
        for batch in batches:
            np_rate = TRAIN_COUNT / med("numpy", batch, "epoch_seconds")
            new = TRAIN_COUNT / med("nnbook", batch, "epoch_seconds") / np_rate
            old = TRAIN_COUNT / med("baseline", batch, "epoch_seconds") / np_rate
            print(f"  batch {batch}: nnbook {new:.2f}× NumPy, baseline {old:.2f}× NumPy: "
                  f"{(new / old - 1) * 100:+.1f} %")

    # Goals of the issue.
    print()
    print("goals:")

    def verdict(ok: bool) -> str:
        return "MET   " if ok else "MISSED"

    b_small, b_large = 32, 128
    if ("nnbook", b_small) in results:
        nn = TRAIN_COUNT / med("nnbook", b_small, "epoch_seconds")
        if have_torch:
            t = TRAIN_COUNT / med("torch", b_small, "epoch_seconds")
            print(f"  [{verdict(nn >= GOAL_VS_TORCH * t)}] batch 32: ≥ {GOAL_VS_TORCH}× PyTorch's samples/s — "
                  f"{nn / t:.2f}× ({fmt_rate(nn)} vs {fmt_rate(t)})")
        else:
            print(f"  [n/a   ] batch 32: ≥ {GOAL_VS_TORCH}× PyTorch's samples/s — PyTorch not installed here "
                  f"(docs/performance.md: measured {fmt_rate(PYTORCH_MEASURED)} with 2 threads, so ≥ "
                  f"{fmt_rate(GOAL_VS_TORCH * PYTORCH_MEASURED)} on a quiet machine; nnbook now {fmt_rate(nn)})")
        np_rate = TRAIN_COUNT / med("numpy", b_small, "epoch_seconds")
        print(f"  [{verdict(nn >= GOAL_VS_NUMPY * np_rate)}] batch 32 stand-in: ≥ {GOAL_VS_NUMPY}× NumPy's "
              f"samples/s — {nn / np_rate:.2f}× ({fmt_rate(nn)} vs {fmt_rate(np_rate)})")
    if ("nnbook", b_large) in results:
        nn = TRAIN_COUNT / med("nnbook", b_large, "epoch_seconds")
        flops = nn * FLOP_PER_SAMPLE / 1e9
        frac = flops / sgemm
        print(f"  [{verdict(frac >= GOAL_SGEMM_FRACTION)}] batch 128: FLOP/s ≥ {GOAL_SGEMM_FRACTION:.0%} of "
              f"single-thread sgemm — {fmt_rate(nn)} × {FLOP_PER_SAMPLE:,} FLOP = {flops:.1f} GFLOP/s = "
              f"{frac:.0%} of {sgemm:.1f} GFLOP/s")
        nn_whole = TRAIN_COUNT / med("nnbook", b_large, "wall")
        print(f"           (whole process: {fmt_rate(nn_whole)} = {nn_whole * FLOP_PER_SAMPLE / 1e9:.1f} GFLOP/s = "
              f"{nn_whole * FLOP_PER_SAMPLE / 1e9 / sgemm:.0%})")
    worst = max(med("nnbook", b, "rss_mb") for b in batches)
    print(f"  [{verdict(worst < GOAL_RSS_MB)}] nnbook peak memory < {GOAL_RSS_MB:.0f} MB — "
          f"{worst:.0f} MB (largest median over the batch sizes; {load_rss:.0f} MB after loading alone)")
    print()
    print("all programs ran and reached accuracy > 0.5 after one epoch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
