#!/usr/bin/env python3
"""Fill (or verify) the expected `output` blocks of nnbook lessons.

Every `nnbook` cell of a file runs, in order, in ONE nnbook session (piped,
stdout and stderr merged). To split the session's output per cell, cell k's
output is the output of cells 1..k minus the output of cells 1..k-1.

    python3 Lessons/tools/fill_outputs.py [--check] [--bin PATH] FILE.md ...

Without --check the files are rewritten with fresh `output` blocks (an
`output` block is inserted after a cell that has none). Error locations are given as
`nnbook check` gives them, as lines of the Markdown file (piped nnbook counts
lines of the input stream instead); if outputs above an erroring cell change
length, run the script twice. With --check nothing
is written and any difference is reported; the exit status is 1 then.
"""
import os, re, subprocess, sys

FENCE = re.compile(r"^```(\w*)\s*$")

def parse(text):
    """Split into items: ('text', str) or ('block', tag, body)."""
    lines = text.split("\n")
    items, buf, i = [], [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and m.group(1) in ("nnbook", "output", "hint"):
            if buf:
                items.append(("text", "\n".join(buf))); buf = []
            tag, body, i = m.group(1), [], i + 1
            while i < len(lines) and lines[i] != "```":
                body.append(lines[i]); i += 1
            items.append(("block", tag, "\n".join(body)))
            i += 1
            continue
        buf.append(lines[i]); i += 1
    if buf:
        items.append(("text", "\n".join(buf)))
    return items

def run(binary, cells):
    env = dict(os.environ, NNBOOK_HOME="/tmp/nnbook-lessons-home")
    env.pop("COLUMNS", None)
    p = subprocess.run([binary], input="\n".join(cells) + "\n", capture_output=False,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    return p.stdout

def relocate(out, shift):
    """Piped nnbook numbers lines in the whole input stream; `nnbook check`
    numbers them in the Markdown file. Move error locations by `shift`."""
    if shift == 0 or "error at line" not in out:
        return out
    lines, res, width = out.split("\n"), [], None
    for ln in lines:
        m = re.match(r"^(.*error at line )(\d+)(, column.*)$", ln)
        g = re.match(r"^(\s*)(\d+) \|(.*)$", ln)
        b = re.match(r"^(\s*)\|(.*)$", ln)
        if m:
            res.append(f"{m.group(1)}{int(m.group(2)) + shift}{m.group(3)}"); width = None
        elif g:
            num = str(int(g.group(2)) + shift); width = len(num)
            res.append(f"{num} |{g.group(3)}")
        elif b and width is not None:
            res.append(" " * width + " |" + b.group(2))
        else:
            res.append(ln)
    return "\n".join(res)

def outputs(binary, cells, file_lines):
    outs, prev, stream_line = [], "", 1
    for k in range(1, len(cells) + 1):
        cur = run(binary, cells[:k])
        if not cur.startswith(prev):
            sys.exit(f"output of cells 1..{k} does not extend that of 1..{k-1}; cell {k}:\n{cells[k-1]}")
        outs.append(relocate(cur[len(prev):].rstrip("\n"), file_lines[k - 1] - stream_line))
        stream_line += cells[k - 1].count("\n") + 1
        prev = cur
    return outs

def cell_lines(text):
    """File line (1-based) of each nnbook cell's first source line."""
    return [i + 2 for i, l in enumerate(text.split("\n")) if l.rstrip() == "```nnbook"]

def main(argv):
    check = "--check" in argv
    binary = ".build-lessons/release/nnbook"
    if "--bin" in argv:
        binary = argv[argv.index("--bin") + 1]
    files = [a for a in argv if a.endswith(".md")]
    bad = 0
    for path in files:
        original = open(path, encoding="utf-8").read()
        items = parse(original)
        cells = [it[2] for it in items if it[0] == "block" and it[1] == "nnbook"]
        # file lines as they will be once every cell has an output block after it
        outs = outputs(binary, cells, cell_lines(original))
        new, k, i = [], 0, 0
        while i < len(items):
            it = items[i]
            if it[0] == "block" and it[1] == "nnbook":
                new.append(it)
                has = i + 1 < len(items) and items[i + 1][0] == "block" and items[i + 1][1] == "output"
                if has and items[i + 1][2] != outs[k]:
                    bad += 1
                    print(f"{path}: cell {k+1} differs\n--- expected\n{items[i+1][2]}\n--- got\n{outs[k]}\n")
                new.append(("block", "output", outs[k]))
                k += 1
                i += 2 if has else 1
                continue
            new.append(it); i += 1
        text = "\n".join(it[1] if it[0] == "text" else f"```{it[1]}\n{it[2]}\n```" for it in new)
        # parse() keeps the newline structure: text items lose the newline that
        # precedes/follows a fence, join restores exactly one
        if not check:
            open(path, "w", encoding="utf-8").write(text)
        print(f"{path}: {len(cells)} cells")
    return 1 if (check and bad) else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
