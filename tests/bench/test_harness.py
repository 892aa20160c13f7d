# SPDX-License-Identifier: MIT
"""The harness end to end with a fake app (a few lines of Python writing a record): exit
status 1 for a run that does not verify or disagrees, one line and exit 2 for bad options
and missing programs, and the JSON result of a run that passes."""

import json
import os
import shutil
import stat
import subprocess

import pytest

from scalelab.bench.harness import run_spec
from scalelab.bench.spec import Group, Option, Ratio, Run, Spec, at_least, float_after

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAKE_APP = """#!/usr/bin/python3
import json, sys
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
record = {"workload": "fake", "model": "serial", "variant": "serial", "scaling": "none",
          "size": 1, "ranks": 1, "threads": 1, "cores": 1, "reps": 1,
          "verified": args["--verified"] == "yes", "status": "ok",
          "time": {"median": 1.0}, "fom": {"x": float(args["--value"])},
          "result": {"answer": args.get("--answer", "42")}}
with open(args["--output"], "a") as out:
    out.write(json.dumps(record) + "\\n")
"""


@pytest.fixture
def root(tmp_path):
    """A repository with the MPI environment script and a fake app in build/bin."""
    os.makedirs(tmp_path / "scripts")
    shutil.copy(os.path.join(REPO, "scripts", "mpi-env.sh"), tmp_path / "scripts")
    os.makedirs(tmp_path / "build" / "bin")
    app = tmp_path / "build" / "bin" / "fake-app"
    app.write_text(FAKE_APP)
    app.chmod(app.stat().st_mode | stat.S_IEXEC)
    return str(tmp_path)


def fake(name, value="2", verified="yes", answer="42"):
    return Run(name, f"{{bin}}/fake-app --value {value} --verified {verified} --answer "
                     f"{answer} --quiet-too yes", "fom.x", answer=lambda r: r["result"]["answer"])


def spec(*runs, ref=None):
    return Spec(name="fake", summary="a fake benchmark", apps=("fake-app",),
                options=[Option("size", 4, "a size", 2, at_least(1))],
                groups=[Group("g", runs, ref)], ratios=[Ratio("a / ref", "g/a", target=1.5)])


def bench(root, the_spec, argv, capsys):
    code = run_spec(the_spec, argv, root)
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if not line.startswith("round ")]


def test_a_passing_run_writes_the_json_result(root, tmp_path, capsys):
    result = tmp_path / "result.json"
    code, out, err = bench(root, spec(fake("a", "3"), ref=fake("ref", "1")),
                           ["--json", str(result)], capsys)
    assert (code, err) == (0, [])
    data = json.loads(result.read_text())
    [ratio] = data["ratios"]
    assert ratio["per_round"] == [3.0] * 5 and ratio["met"] is True
    assert data["rounds"] == 5 and data["settings"]["size"] == 4
    assert data["answers"] == {"g": "42"}
    assert len(data["measurements"]) == 15  # 5 rounds of ref, a, ref
    assert "a / ref" in out and "MET" in out


def test_a_run_that_does_not_verify_fails_the_benchmark(root, capsys):
    code, _, err = bench(root, spec(fake("a", verified="no"), ref=fake("ref")), [], capsys)
    assert code == 1
    assert "FAILED" in err[0] and "NOT VERIFIED" in err[0]


def test_runs_that_disagree_fail_the_benchmark(root, capsys):
    code, _, err = bench(root, spec(fake("a"), fake("b", answer="41"), ref=fake("ref")), [],
                         capsys)
    assert code == 1 and "answered '41'" in err[0]


@pytest.mark.parametrize("argv, names", [
    (["--bogus"], "--bogus"), (["--rounds", "4"], "--rounds"), (["--rounds", "x"], "--rounds"),
    (["--rounds"], "--rounds"), (["--size", "0"], "--size"), (["--size="], "--size"),
    (["--json="], "--json"), (["-size", "3"], "-size"),
    (["--json", "/nonexistent/dir/out.json"], "--json")])
def test_bad_options_give_one_line_and_exit_2(root, capsys, argv, names):
    code, out, err = bench(root, spec(fake("a"), ref=fake("ref")), argv, capsys)
    assert (code, out, len(err)) == (2, "", 1)
    assert names in err[0]


def test_a_missing_app_gives_one_line_and_exit_2(root, capsys):
    os.remove(os.path.join(root, "build", "bin", "fake-app"))
    code, out, err = bench(root, spec(fake("a"), ref=fake("ref")), [], capsys)
    assert (code, out, len(err)) == (2, "", 1)
    assert "fake-app" in err[0] and "build first" in err[0]


def launcher(*args):
    return subprocess.run([os.path.join(REPO, "scripts", "bench"), *args], capture_output=True,
                          text=True, timeout=60)


def test_the_launcher_lists_the_workloads_and_refuses_unknown_ones():
    listing = launcher("--list")
    assert listing.returncode == 0 and "basics" in listing.stdout and "groupby" in listing.stdout
    unknown = launcher("nosuch")
    assert (unknown.returncode, unknown.stdout, len(unknown.stderr.splitlines())) == (2, "", 1)


def test_all_checks_every_benchmark_s_options_before_running_any():
    refused = launcher("all", "--rounds", "4")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.splitlines() == ["bench all: --rounds must be an integer >= 5 (got '4')"]


def test_a_result_without_the_value_fails_the_run_with_its_output(root, capsys):
    broken = Run("a", "{bin}/fake-app --value 1 --verified yes", "fom.missing")
    code, _, err = bench(root, spec(broken, ref=fake("ref")), [], capsys)
    assert code == 1 and "cannot read its result (KeyError" in err[0]


def test_what_each_reference_ran_is_printed_from_its_output_or_the_spec(root, capsys):
    says = Run("says", "sh -c 'echo value=1; echo \"ran: tool 1.0, 2 threads; timed: all\"'",
               float_after("value="), record=False)
    told = Run("told", "sh -c 'echo value=1'", float_after("value="), record=False,
               ran="a tool that cannot say, size {size}")
    silent = Run("silent", "sh -c 'echo value=1'", float_after("value="), record=False)
    code, out, _ = bench(root, spec(fake("a", "3"), says, told, silent, ref=fake("ref", "1")),
                         [], capsys)
    assert code == 0
    listed = out.split("what each reference ran (its own words)\n")[1].splitlines()
    assert listed[:2] == ["  says       tool 1.0, 2 threads; timed: all",
                          "  told       a tool that cannot say, size 4"]
    assert not any("silent" in line for line in listed)
