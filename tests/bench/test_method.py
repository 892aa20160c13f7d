# SPDX-License-Identifier: MIT
"""The method, on made-up measurements: the order of the runs in a round, bracketing, and
per-round ratio medians with their range."""

import pytest

from scalelab.bench.ratios import bracketed, summarise
from scalelab.bench.schedule import round_plan
from scalelab.bench.spec import BenchFailure, Group, Ratio, Run


def run(name):
    return Run(name, "true", "fom.x")


GROUPS = [Group("g", [run("a"), run("b")], run("ref")), Group("h", [run("c"), run("d")])]


def names(plan):
    return [(group, role, r.name) for group, role, r in plan]


def test_odd_rounds_run_in_order_with_the_reference_at_both_ends():
    assert names(round_plan(GROUPS, 1)) == [
        ("g", "ref", "ref"), ("g", "ours", "a"), ("g", "ours", "b"), ("g", "ref", "ref"),
        ("h", "ours", "c"), ("h", "ours", "d")]


def test_even_rounds_reverse_the_groups_and_the_runs_inside():
    assert names(round_plan(GROUPS, 2)) == [
        ("h", "ours", "d"), ("h", "ours", "c"),
        ("g", "ref", "ref"), ("g", "ours", "b"), ("g", "ours", "a"), ("g", "ref", "ref")]


def test_bracket_each_puts_the_reference_between_every_run():
    plan = round_plan([Group("g", [run("a"), run("b")], run("ref"), bracket="each")], 1)
    assert [r.name for _, _, r in plan] == ["ref", "a", "ref", "b", "ref"]


def measured(rnd, group, role, name, value):
    return {"round": rnd, "group": group, "role": role, "name": name, "value": value,
            "unit": "", "extras": {}}


def test_each_run_is_divided_by_the_references_right_before_and_after_it():
    seq = [measured(1, "g", "ref", "ref", 10.0), measured(1, "g", "ours", "a", 6.0),
           measured(1, "g", "ref", "ref", 2.0), measured(1, "g", "ours", "b", 3.0),
           measured(1, "g", "ref", "ref", 4.0)]
    assert bracketed(seq)[1] == {"g/a": 6.0 / 6.0, "g/b": 3.0 / 3.0}


def test_ratio_is_the_median_of_per_round_ratios_with_their_range():
    seq = []
    for rnd, (a, b) in enumerate([(2.0, 1.0), (9.0, 3.0), (4.0, 1.0), (1.0, 1.0), (5.0, 2.0)], 1):
        seq += [measured(rnd, "h", "ours", "a", a), measured(rnd, "h", "ours", "b", b)]
    [entry] = summarise([Ratio("a / b", "h/a", "h/b", target=2.6)], seq)
    assert entry["per_round"] == [2.0, 3.0, 4.0, 1.0, 2.5]
    assert (entry["median"], entry["min"], entry["max"]) == (2.5, 1.0, 4.0)
    assert entry["met"] is False  # 2.5 < 2.6


def test_at_most_targets_and_best_of_alternatives():
    seq = [measured(1, "h", "ours", "r", 8.0), measured(1, "h", "ours", "x", 4.0),
           measured(1, "h", "ours", "y", 2.0)]
    best, bound = summarise([Ratio("best", "h/r", ("h/x", "h/y"), 3.0),
                             Ratio("upper", "h/x", "h/r", 0.4, at_most=True)], seq)
    assert best["median"] == 4.0 and best["met"] is True
    assert bound["median"] == 0.5 and bound["met"] is False


def test_a_ratio_nothing_measured_is_a_failure():
    with pytest.raises(BenchFailure, match="no round measured"):
        summarise([Ratio("x", "h/missing", "h/b")], [measured(1, "h", "ours", "b", 1.0)])
