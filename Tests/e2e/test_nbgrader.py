"""The teacher's nbgrader round (Examples/nbgrader/run_round.py) on the nnbook kernel, end to end.

generate_assignment, two submissions, autograde and generate_feedback run by
nbgrader itself (from PyPI); the grades come from its gradebook. The right
submission gets full marks; the one whose step goes uphill loses exactly the
points of that part, and its feedback names the flipped sign.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ROUND = REPO_ROOT / "Examples" / "nbgrader" / "run_round.py"


def test_the_teachers_round(nnbook_bin, tmp_path):
    course, out = tmp_path / "course", tmp_path / "grades.json"
    done = subprocess.run([sys.executable, str(ROUND), "--nnbook", str(nnbook_bin), "--course", str(course), "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    assert result["grades"]["ada"] == {"score": 4, "max_score": 4, "cells": {"one_step_test": 2, "sigmoid_test": 1, "slope_test": 1}}
    assert result["grades"]["bob"] == {"score": 2, "max_score": 4, "cells": {"one_step_test": 0, "sigmoid_test": 1, "slope_test": 1}}
    assert result["feedback"]["bob"] == [
        "assertion failed at line 3, column 1: this is the step taken uphill, w + α·f'(w), which climbs the loss: use w − α·f'(w)"]
    # The students' copy: solutions replaced by nnbook's stub, hidden tests gone, the visible test kept.
    released = json.loads((course / "release" / "ps1" / "gradient-descent.ipynb").read_text())
    sources = ["".join(c["source"]) for c in released["cells"] if c["cell_type"] == "code"]
    assert sources.count("# YOUR CODE HERE") == 3
    assert not any("HIDDEN" in s or "uphill" in s or "SOLUTION" in s for s in sources), sources
    assert 'assert close(w1, 0.8), "one step from 1 with rate 0.1 on f(x) = x^2 gives 0.8"' in sources[2]
    # The round prints the grades a teacher reads.
    assert "   ada: 4 of 4  (one_step_test 2, sigmoid_test 1, slope_test 1)" in done.stdout
    assert "   bob: 2 of 4  (one_step_test 0, sigmoid_test 1, slope_test 1)" in done.stdout
