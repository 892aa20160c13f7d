# SPDX-License-Identifier: MIT
"""Ruff over every Python file of the repository (python/ and tests/) with the configuration
of pyproject.toml's [tool.ruff], the one a real `ruff check` reads. Ruff runs here as
WebAssembly under Node (ruff_wasm.mjs; scripts/install-deps.sh installs it), so no ruff
binary is needed. Run: /usr/bin/python3 -m pytest tests/lint"""

import json
import os
import subprocess
import tempfile
import unittest

import tomllib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKER = os.path.join(REPO, "tests", "lint", "ruff_wasm.mjs")


def ruff_config():
    with open(os.path.join(REPO, "pyproject.toml"), "rb") as handle:
        return tomllib.load(handle)["tool"]["ruff"]


def python_files():
    found = []
    for top in ("python", "tests"):
        for directory, subdirs, files in os.walk(os.path.join(REPO, top)):
            subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
            found += [os.path.join(directory, f) for f in sorted(files) if f.endswith(".py")]
    return found


def ruff(files):
    return subprocess.run(["node", CHECKER, json.dumps(ruff_config()), *files],
                          capture_output=True, text=True, timeout=120)


class Ruff(unittest.TestCase):
    def test_every_python_file_passes(self):
        files = python_files()
        self.assertGreater(len(files), 60, "the Python files were not found")
        result = ruff(files)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_a_problem_is_reported(self):
        """An unused import and an unsorted import block in a scratch file: both named, the
        check fails (so a clean result above means something)."""
        with tempfile.TemporaryDirectory() as scratch:
            sample = os.path.join(scratch, "sample.py")
            with open(sample, "w") as handle:
                handle.write("import sys\nimport json\n\nprint(json.dumps(1))\n")
            result = ruff([sample])
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn(f"{sample}:1:1: I001", result.stdout)
        self.assertIn(f"{sample}:1:8: F401 `sys` imported but unused", result.stdout)


if __name__ == "__main__":
    unittest.main()
