# SPDX-License-Identifier: MIT
"""The command-line tools, one module each with a main(argv=None) returning the exit status:
scripts/<tool> and the installed bin/scalelab-<tool> run `python -m scalelab.commands.<tool>`
(a hyphen in the tool's name is an underscore in the module's)."""
