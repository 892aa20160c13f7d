# SPDX-License-Identifier: MIT
"""Command line shared by scripts/plot and scripts/report: the options, and the rule that
any bad input (options, record files) is one line on stderr and exit code 2, checked before
any file is written."""

import argparse
import os
import sys

from scalelab.cli import OneLineParser
from scalelab.plot.analysis import analyze
from scalelab.plot.loading import InputError, load_records

DEFAULT_EXTRAPOLATE = 64


def core_count(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive core count")
    return int(text)


def make_parser(prog, doc):
    """The script's docstring: first paragraph as description, the paragraphs after its
    usage line as epilog."""
    paragraphs = doc.strip().split("\n\n")
    parser = OneLineParser(prog=prog, description=paragraphs[0],
                           epilog="\n\n".join(p for p in paragraphs[1:]
                                               if not p.startswith("usage:")),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", help="JSONL record files (from runs or the sweep)")
    parser.add_argument("-o", "--out-dir", required=True, help="directory for the outputs")
    parser.add_argument("--extrapolate", type=core_count, default=DEFAULT_EXTRAPOLATE,
                        metavar="CORES", help="the farthest core count a determined fit is "
                        "extrapolated to, if its 95 %% band stays narrow that far (default "
                        f"{DEFAULT_EXTRAPOLATE})")
    parser.add_argument("--pdf", action="store_true", help="also write PDF figures")
    return parser


def check_out_dir(path):
    if os.path.exists(path) and not os.path.isdir(path):
        raise InputError(f"-o: '{path}' exists and is not a directory")
    parent = path
    while not os.path.exists(parent):
        parent = os.path.dirname(os.path.abspath(parent))
    if not os.access(parent, os.W_OK):
        raise InputError(f"-o: '{path}' is not writable")


def run(prog, doc, produce, argv=None):
    """Parses, loads and analyses (any problem: one line, exit 2), then calls
    produce(args, analysis, records) to write the outputs; returns the exit code."""
    args = make_parser(prog, doc).parse_args(argv)
    try:
        records, validations = load_records(args.files)
        check_out_dir(args.out_dir)
        analysis = analyze(records, args.extrapolate, validations)
    except InputError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    args.formats = ["png", "svg"] + (["pdf"] if args.pdf else [])
    produce(args, analysis, records)
    return 0
