# SPDX-License-Identifier: MIT
"""The package and its ways in agree: every tool has a module with main() (scalelab.commands,
a hyphen in the tool's name an underscore in the module's), a launcher in scripts/ (a link to
scripts/python-tool) and a console entry point in pyproject.toml; the installed launchers
(cmake/Install.cmake) are among them; pyproject's version is CMake's project version."""

import importlib
import os
import re
import subprocess
import unittest

import tomllib

from helpers import REPO, SCRIPTS

COMMANDS = os.path.join(REPO, "python", "scalelab", "commands")


def pyproject():
    with open(os.path.join(REPO, "pyproject.toml"), "rb") as handle:
        return tomllib.load(handle)["project"]


def tools_with_modules():
    return sorted(name[:-3].replace("_", "-") for name in os.listdir(COMMANDS)
                  if name.endswith(".py") and name != "__init__.py")


def launcher_links():
    return sorted(name for name in os.listdir(SCRIPTS)
                  if os.path.islink(os.path.join(SCRIPTS, name))
                  and os.readlink(os.path.join(SCRIPTS, name)) == "python-tool")


class Package(unittest.TestCase):
    def test_every_tool_has_a_main_a_launcher_and_an_entry_point(self):
        tools = tools_with_modules()
        self.assertIn("plot", tools)
        for tool in tools:
            module = importlib.import_module(f"scalelab.commands.{tool.replace('-', '_')}")
            self.assertTrue(callable(getattr(module, "main", None)), f"{tool}: no main()")
        self.assertEqual(launcher_links(), tools)
        scripts = pyproject()["scripts"]
        self.assertEqual(sorted(scripts), [f"scalelab-{tool}" for tool in tools])
        for tool in tools:
            self.assertEqual(scripts[f"scalelab-{tool}"],
                             f"scalelab.commands.{tool.replace('-', '_')}:main")

    def test_installed_tools_are_package_tools(self):
        with open(os.path.join(REPO, "cmake", "Install.cmake")) as handle:
            installed = re.search(r"set\(SCALELAB_TOOLS ([^)]*)\)", handle.read()).group(1)
        self.assertLessEqual(set(installed.split()), set(tools_with_modules()))

    def test_version_is_cmakes(self):
        with open(os.path.join(REPO, "CMakeLists.txt")) as handle:
            cmake = re.search(r"project\(ScaleLab VERSION (\S+)", handle.read()).group(1)
        self.assertEqual(pyproject()["version"], cmake)

    def test_launcher_runs_the_module_named_like_it(self):
        result = subprocess.run([os.path.join(SCRIPTS, "latency-table"), "--help"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith("usage: latency-table "), result.stdout)
        itself = subprocess.run([os.path.join(SCRIPTS, "python-tool")], capture_output=True,
                                text=True)
        self.assertEqual(itself.returncode, 2)
        self.assertEqual(len(itself.stderr.splitlines()), 1, itself.stderr)


if __name__ == "__main__":
    unittest.main()
