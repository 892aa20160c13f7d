# SPDX-License-Identifier: MIT
"""The command-line contract every tool shares: a usage error is one line on stderr naming
the tool and what was wrong, and exit status 2."""

import argparse
import sys


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is a single line instead of the usage text and the error."""

    def error(self, message):
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        sys.exit(2)
