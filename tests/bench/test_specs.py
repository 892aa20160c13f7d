# SPDX-License-Identifier: MIT
"""Every spec loads, is consistent, and names programs the build makes and files that
exist."""

import os
import re

import pytest

from scalelab.bench import specs
from scalelab.bench.harness import parse_options
from scalelab.bench.ratios import key

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cmake_lists():
    """The source tree's CMakeLists.txt files; build trees are skipped (the docs examples'
    work directories link back into them, so following them never ends)."""
    for top, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if not d.startswith(("build", ".", "node_modules"))]
        if "CMakeLists.txt" in files:
            yield os.path.join(top, "CMakeLists.txt")


CMAKE = "".join(open(p).read() for p in cmake_lists())


def groups_of(spec):
    if callable(spec.groups):
        settings = parse_options(spec, [])[0]
        return spec.groups(settings)
    return spec.groups


@pytest.mark.parametrize("name", specs.NAMES)
def test_spec_loads_and_names_existing_targets_and_files(name):
    spec = specs.load(name)
    assert spec.name == name and spec.summary
    for app in spec.apps:  # a target of its own, or a workload's app (scalelab-<workload>)
        workload = re.escape(app[len("scalelab-"):])
        assert re.search(rf"\b{re.escape(app)}\b|scalelab_add_workload\({workload}\s", CMAKE), \
            f"{app}: no such CMake target"
    runs = {key(g.name, r.name): r for g in groups_of(spec) for r in list(g.runs) +
            ([g.ref] if g.ref else [])}
    known = {"bin", "root", "work", "python", *spec.values, *spec.provides,
             *(o.name.replace("-", "_") for o in spec.options)}
    for run in runs.values():
        for variable in re.findall(r"(?<!\{)\{(\w+)\}", run.command):
            assert variable in known, f"{run.name}: nothing sets {{{variable}}}"
        for path in re.findall(r"\{root\}/(\S+?)['\s]|\{root\}/(\S+)$", run.command):
            path = path[0] or path[1]
            assert os.path.exists(os.path.join(REPO, path)), f"{run.name}: no {path}"
        for program in re.findall(r"\{bin\}/(\S+)", run.command):
            assert program in spec.apps, f"{run.name}: {program} is not in apps"
    for ratio in spec.ratios:
        dens = ratio.den if isinstance(ratio.den, tuple) else (ratio.den,)
        for end in (ratio.num,) + tuple(d for d in dens if d not in (None, "ref")):
            assert end in runs, f"ratio '{ratio.label}' names {end}, which no group runs"
        if ratio.den == "ref":
            group = ratio.num.split("/")[0]
            assert any(g.name == group and g.ref for g in groups_of(spec))


@pytest.mark.parametrize("name", specs.NAMES)
def test_every_option_default_parses(name):
    spec = specs.load(name)
    for quick in ([], ["--quick"]) if not spec.one_pass else ([],):
        parse_options(spec, quick)


SHARED_BY_REFERENCES = ("reference_timing.py", "node/reference_timing.mjs", "fetch_protocol.py")


def source_of(command):
    """The source of the reference program `command` runs, or None if it is not ours:
    bench/<file>, or bench/<name>_reference.cpp for {bin}/scalelab-<name>-reference."""
    ours = re.search(r"\{root\}/(bench/\S+)", command)
    if ours:
        return os.path.join(REPO, ours.group(1))
    built = re.search(r"\{bin\}/scalelab-([\w-]+)-reference\b", command)
    return os.path.join(REPO, "bench", built.group(1).replace("-", "_") + "_reference.cpp") \
        if built else None


@pytest.mark.parametrize("name", specs.NAMES)
def test_every_reference_says_what_it_ran(name):
    """A reference either is one of ours that prints a `ran:` line (itself or through the
    helper it imports), or the spec says what it runs and what is timed (Run.ran)."""
    for group in groups_of(specs.load(name)):
        for run in list(group.runs) + ([group.ref] if group.ref else []):
            if run.record or run.ran:
                continue
            source = source_of(run.command)
            assert source and os.path.exists(source), f"{run.name}: says nothing of what it ran"
            text = open(source).read()
            shared = [h for h in SHARED_BY_REFERENCES if os.path.basename(h).split(".")[0] in text]
            text += "".join(open(os.path.join(REPO, "bench", h)).read() for h in shared)
            assert "ran: " in text, f"{run.name}: {source} prints no ran: line"
