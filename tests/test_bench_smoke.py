"""The benchmark harness runs: ``bench/run.py --quick`` finishes and writes a valid results file.

Timings are not checked here (benchmarks are not pass/fail); only that every benchmark ran and reported
its numbers, its baseline and its target. About 20 s.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXPECTED = [
    "Start-up to first paint",
    "Start-up floor: bare window after loading the dataset",
    "Start-up to first chart drawn",
    "Chart floor: bare chart window after loading the dataset",
    "Resident memory at first paint",
    "Resident memory with the chart drawn",
    "Load and validate, bundled dataset",
    "Load and validate, 1,000 findings",
    "Search index build",
    "Search keystroke, 1,000 findings, no extensions",
    "Search keystroke, 1,000 findings, with extensions",
    "Briefing sheet PDF, health, after start-up",
    "Briefing sheet PDFs, sheet --all",
    "Briefing sheet PDF, health, first in the process",
    "Sector sheet PDF, 1,235 findings in the sector",
]


@pytest.mark.slow  # about 20 s: launches the app a few times and writes every sheet
def test_quick_benchmark_run_writes_a_valid_results_file(tmp_path):
    output = tmp_path / "results.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--output", str(output), "--work-dir", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    payload = json.loads(output.read_text(encoding="utf-8"))
    assert payload["quick"] is True
    assert payload["machine"]["cores"] and payload["machine"]["python"]
    names = [r["name"] for r in payload["results"]]
    assert len(names) == len(EXPECTED)
    for expected, name in zip(EXPECTED, names):
        assert name.startswith(expected)
    for r in payload["results"]:
        measured = r["measured"]
        assert r["unit"] in {"s", "MiB"}
        assert measured["n"] >= 1
        assert 0 < measured["min"] <= measured["median"] <= measured["max"] and math.isfinite(measured["max"])
        assert r["target"]
        if r["target"] == "(info)":
            assert r["met"] is None
            continue
        assert isinstance(r["met"], bool)
        assert r["baseline"]["name"] and r["baseline"]["median"] > 0
        assert r["ratio"] == pytest.approx(measured["median"] / r["baseline"]["median"])
    table = output.with_suffix(".txt").read_text(encoding="utf-8")
    for name in names:
        assert name in table
    assert payload["table"] in table
