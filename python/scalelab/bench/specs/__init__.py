# SPDX-License-Identifier: MIT
"""One module per workload, each defining SPEC (a scalelab.bench.spec.Spec)."""

import importlib

NAMES = ("basics", "counter", "taskfarm", "matmul", "heat", "costs", "groupby", "wordcount",
         "anagrams", "fetch", "smpi")


def load(name):
    return importlib.import_module(f"scalelab.bench.specs.{name}").SPEC
