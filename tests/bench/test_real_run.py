# SPDX-License-Identifier: MIT
"""One real benchmark, the cheapest (costs: two 2-rank ping-pongs per round) at its smallest
size and 5 rounds, through scripts/bench; checks the JSON result's fields, never a time."""

import json
import os
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_costs_at_its_smallest_writes_a_complete_result(tmp_path):
    out = tmp_path / "costs.json"
    done = subprocess.run([os.path.join(REPO, "scripts", "bench"), "costs", "--reps", "10",
                           "--rounds", "5", "--json", str(out)], capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert result["workload"] == "costs" and result["rounds"] == 5
    assert set(result["load"]) == {"busy_before_percent", "others_during_percent", "warning"}
    assert set(result["runs"]) == {"pingpong/ours", "pingpong/reference"}
    assert all(run["median"] > 0 for run in result["runs"].values())
    [ratio] = result["ratios"]
    assert len(ratio["per_round"]) == 5
    assert ratio["min"] <= ratio["median"] <= ratio["max"]
    assert ratio["target"] == 1.05 and ratio["at_most"] is True
    assert ratio["met"] == (ratio["median"] <= 1.05)
    assert len(result["measurements"]) == 10
    assert "ours / reference" in done.stdout
