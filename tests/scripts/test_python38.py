# SPDX-License-Identifier: MIT
"""The Python tools (python/scalelab) run on Python 3.8 through 3.12 (clusters' system
Pythons: RHEL 8 and 9, Ubuntu 20.04 and 22.04), while this machine's python3 is 3.11.

StaticCheck parses every tool and module with the 3.8 grammar and walks the tree for what
3.8 parses but cannot run: builtin generics (list[int]) and X | Y annotations evaluated at
run time (in modules without `from __future__ import annotations`), str.removeprefix and
friends, tomllib without a fallback. OldInterpreter runs the tools that need no numpy
(sweep, table, model) under a real Python 3.8 when one is found: $SCALELAB_OLD_PYTHON,
python3.8 on PATH, or a pyenv 3.8; otherwise it is skipped and the static check stands.
"""

import ast
import glob
import json
import os
import shutil
import subprocess
import sys
import unittest

from helpers import FIXTURES, PACKAGE_ROOT, SCRIPTS, out_dir

BUILTIN_GENERICS = {"list", "dict", "tuple", "set", "frozenset", "type"}
# Attributes and functions added after 3.8, by name (a false alarm is cheaper than a miss).
NEWER_ATTRIBUTES = {"removeprefix": "3.9", "removesuffix": "3.9", "is_relative_to": "3.9",
                    "bit_count": "3.10", "pairwise": "3.10", "randbytes": "3.9",
                    "waitstatus_to_exitcode": "3.9", "unparse": "3.9", "lcm": "3.9",
                    "to_thread": "3.9", "cache": "3.9", "linear_regression": "3.10",
                    "correlation": "3.10", "covariance": "3.10"}
NEWER_KEYWORDS = {("zip", "strict"): "3.10", ("dataclass", "slots"): "3.10",
                  ("dataclass", "kw_only"): "3.10"}


def python_files():
    return sorted(glob.glob(os.path.join(PACKAGE_ROOT, "**", "*.py"), recursive=True))


def problems(path):
    """Every 3.9+ construct in a file, as 'path:line: what'."""
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    name = os.path.relpath(path, os.path.dirname(PACKAGE_ROOT))
    try:
        tree = ast.parse(source, path, feature_version=(3, 8))
    except SyntaxError as error:
        return [f"{name}:{error.lineno}: not Python 3.8 syntax: {error.msg}"]
    postponed = any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
                    and any(alias.name == "annotations" for alias in node.names)
                    for node in tree.body)
    annotations = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign):
            annotations.add(id(node.annotation))
        elif isinstance(node, ast.arg) and node.annotation is not None:
            annotations.add(id(node.annotation))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
            annotations.add(id(node.returns))
    found = []

    def visit(node, in_annotation):
        in_annotation = in_annotation or id(node) in annotations
        lazy = in_annotation and postponed   # a string, never evaluated
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if not lazy:
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                    and node.value.id in BUILTIN_GENERICS:
                found.append(f"{where}: {node.value.id}[...] needs 3.9")
            if in_annotation and isinstance(node, ast.BinOp) \
                    and isinstance(node.op, ast.BitOr):
                found.append(f"{where}: X | Y annotation needs 3.10 "
                             "(or from __future__ import annotations)")
        if isinstance(node, ast.Attribute) and node.attr in NEWER_ATTRIBUTES:
            found.append(f"{where}: .{node.attr} needs {NEWER_ATTRIBUTES[node.attr]}")
        if isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else \
                getattr(node.func, "id", None)
            for keyword in node.keywords:
                if (callee, keyword.arg) in NEWER_KEYWORDS:
                    found.append(f"{where}: {callee}({keyword.arg}=) needs "
                                 f"{NEWER_KEYWORDS[(callee, keyword.arg)]}")
        if isinstance(node, ast.Import) and any(a.name == "tomllib" for a in node.names) \
                and not guarded.get(id(node)):
            found.append(f"{where}: import tomllib (3.11) without an ImportError fallback")
        for child in ast.iter_child_nodes(node):
            visit(child, in_annotation)

    # Imports inside `try: ... except ImportError:` may name newer modules.
    guarded = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError",
                                                                "ModuleNotFoundError")
                for h in node.handlers):
            for inner in node.body:
                guarded[id(inner)] = True
    visit(tree, False)
    return found


class StaticCheck(unittest.TestCase):
    def test_every_tool_and_module_is_python_3_8(self):
        files = python_files()
        self.assertGreater(len(files), 40, "the package was not found")
        found = [line for path in files for line in problems(path)]
        self.assertEqual(found, [], "\n".join(found))

    def test_the_check_finds_what_it_looks_for(self):
        """Each rule fires on a sample, so a clean result above means something."""
        directory = out_dir("python38-sample")
        os.makedirs(directory)
        sample = os.path.join(directory, "sample.py")
        with open(sample, "w") as handle:
            handle.write("import tomllib\nfrom dataclasses import dataclass\n\n\n"
                         "@dataclass\nclass A:\n    x: int | None = None\n\n\n"
                         "def f(y: list[int]) -> dict[str, int]:\n"
                         "    return 'ab'.removeprefix('a')\n")
        text = "\n".join(problems(sample))
        for expected in ("import tomllib", "X | Y annotation", "list[...]", "dict[...]",
                         ".removeprefix"):
            self.assertIn(expected, text)
        with open(sample, "w") as handle:
            handle.write("match 1:\n    case 1:\n        pass\n")
        self.assertIn("not Python 3.8 syntax", "\n".join(problems(sample)))


def old_python():
    candidates = [os.environ.get("SCALELAB_OLD_PYTHON"), shutil.which("python3.8")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.8*/bin/python3")))
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == "(3, 8)":
            return candidate
    return None


class OldInterpreter(unittest.TestCase):
    def setUp(self):
        self.python = old_python()
        if not self.python:
            self.skipTest("no Python 3.8 here (set SCALELAB_OLD_PYTHON); the static check stands")
        self.dir = out_dir("python38-run")
        os.makedirs(self.dir)

    def run_tool(self, tool, *args):
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", SCALELAB_PYTHON=self.python)
        return subprocess.run([os.path.join(SCRIPTS, tool), *args],
                              capture_output=True, text=True, env=env, timeout=60)

    def test_sweep_plans_a_json_study(self):
        plan = os.path.join(self.dir, "study.json")
        with open(plan, "w") as handle:
            json.dump({"study": [{"mode": "strong", "workload": "pi", "size": "1M",
                                  "models": ["serial", "openmp"], "cores": [1, 2]}]}, handle)
        fake_bin = os.path.join(self.dir, "bin")
        os.makedirs(fake_bin)
        app = os.path.join(fake_bin, "scalelab-pi")
        with open(app, "w") as handle:   # answers --list-models as the real app does
            handle.write("#!/bin/sh\necho serial openmp mpi hybrid eigen\n")
        os.chmod(app, 0o755)
        result = self.run_tool("sweep", "--plan", plan, "--dry-run", "--bin-dir", fake_bin,
                               "--out", os.path.join(self.dir, "out.jsonl"))
        self.assertEqual(result.returncode, 0, result.stderr)
        commands = [line for line in result.stdout.splitlines() if line.startswith(app)]
        self.assertEqual(len(commands), 3, result.stdout)   # serial, openmp x1, openmp x2

    def test_toml_study_without_a_toml_parser_is_one_clear_line(self):
        has_tomli = subprocess.run([self.python, "-c", "import tomli"],
                                   capture_output=True).returncode == 0
        plan = os.path.join(self.dir, "study.toml")
        with open(plan, "w") as handle:
            handle.write('[[study]]\nmode = "strong"\nworkload = "pi"\n')
        result = self.run_tool("sweep", "--plan", plan, "--dry-run")
        if has_tomli:
            self.assertNotIn("TOML study files need", result.stderr)
            return
        self.assertEqual(result.returncode, 2)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("JSON", lines[0])

    def test_table_and_model_read_records(self):
        records = os.path.join(FIXTURES, "pi-strong.jsonl")
        table = self.run_tool("table", records)
        self.assertEqual(table.returncode, 0, table.stderr)
        self.assertIn("pi", table.stdout)
        model = self.run_tool("model", records, "--workload", "nosuch")
        self.assertEqual(model.returncode, 2, model.stderr)  # bad input, not a traceback
        self.assertNotIn("Traceback", model.stderr)

    def test_every_module_imports(self):
        """Everything that does not need numpy imports under 3.8 (3.9+ library calls at
        import time would fail here)."""
        code = ("import scalelab.records, scalelab.paths, scalelab.sweep.config, "
                "scalelab.sweep.launch, scalelab.sweep.runner, scalelab.sweep.cluster, "
                "scalelab.commands.sweep, scalelab.commands.table, scalelab.commands.model")
        result = subprocess.run([self.python, "-c", code], capture_output=True, text=True,
                                env=dict(os.environ, PYTHONPATH=PACKAGE_ROOT))
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1] + sys.argv[1:])
