# SPDX-License-Identifier: MIT
"""What a benchmark spec declares: its options, its runs grouped as they alternate, the
ratios it reports and their targets. Data only; scalelab.bench.harness runs it.

Commands are format strings: `{name}` is filled from the spec's variables (its options,
its `values`, what its `setup` adds, and `bin`, the build's bin directory) when the run
starts, then split like a shell would (shlex).
"""

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence, Tuple, Union


class BenchFailure(Exception):
    """A run that failed, did not verify or disagreed: the benchmark exits 1."""


class UsageError(Exception):
    """Bad options or a missing prerequisite: one line, exit 2."""


@dataclass
class Option:
    """A workload's own option, `--name VALUE` (or `--name` alone when flag: then True);
    `parse` turns the text into the value or raises ValueError saying what is expected."""
    name: str
    default: object
    help: str
    quick: object = None  # the value under --quick when not given (None: the default)
    parse: Callable = int
    flag: bool = False


@dataclass
class Run:
    """One program run per round.

    record=True: a ScaleLab app; `--output FILE --quiet` is appended, its one record must be
    verified (unless verify=False), ran as `layout` (ranks, threads) when given, and `value`
    is a dotted path into the record ("fom.samples_per_s") or a function of the record.
    record=False: a reference; `value` is a function of (stdout, wall seconds) that returns
    the number or raises BenchFailure, or None with `rate_of` naming the variable whose
    amount per wall second is the value (e.g. MB of the input).
    `answer` (a function of the record or of stdout) must be the same for every run of the
    spec that has one within its `agree` set (default: the group); `extras` are other
    numbers reported beside the value (name -> function like `value`); `check(source,
    variables)` returns a problem (text) that fails the run, or None. A reference says what
    it ran on a `ran: ...` line of its output (version, kernel, threads, what is timed);
    `ran` says it for a tool that cannot (its {variables} filled in).
    """
    name: str
    command: str
    value: Union[str, Callable, None]
    unit: str = ""
    rate_of: Optional[str] = None
    record: bool = True
    verify: bool = True
    layout: Optional[Tuple[int, int]] = None
    answer: Optional[Callable] = None
    agree: Optional[str] = None
    extras: dict = field(default_factory=dict)
    check: Optional[Callable] = None
    env: dict = field(default_factory=dict)
    output_option: str = "--output"  # how the program is told where to write its record
    ran: Optional[str] = None


@dataclass
class Group:
    """Runs that are compared with each other, run back to back in one round.
    With a `ref`: the reference runs before and after them (bracket="ends": A B C .. A) or
    between every one of them (bracket="each": A B A C A); each of ours is then divided by
    the mean of the reference runs right before and right after it."""
    name: str
    runs: Sequence[Run]
    ref: Optional[Run] = None
    bracket: str = "ends"


@dataclass
class Ratio:
    """A per-round ratio, reported as the median over the rounds with its range.

    num/den name runs as "group/run". den="ref": the bracketing reference of num's group;
    den=None: num's own value (e.g. an efficiency); a tuple of dens: the best (largest) of
    num/den in each round. Target: the median must be >= target (or <= when at_most)."""
    label: str
    num: str
    den: Union[str, None, Tuple[str, ...]] = "ref"
    target: Optional[float] = None
    at_most: bool = False


@dataclass
class Spec:
    name: str
    summary: str  # one line, for --list
    groups: Union[Sequence[Group], Callable]  # or groups(variables), built from the options
    ratios: Sequence[Ratio]
    apps: Sequence[str] = ()  # programs in the build's bin directory
    tools: Sequence[str] = ()  # commands on PATH
    python_modules: Sequence[str] = ()  # modules /usr/bin/python3 must import
    options: Sequence[Option] = ()
    values: dict = field(default_factory=dict)  # fixed variables for the commands
    quick_values: dict = field(default_factory=dict)  # their values under --quick
    setup: Optional[Callable] = None  # setup(ctx): inputs, probes, header lines
    provides: Sequence[str] = ()  # the variables setup sets for the commands
    finish: Optional[Callable] = None  # finish(ctx): after the report (e.g. extra tables)
    pin_threads: bool = True  # OMP_PROC_BIND=close OMP_PLACES=cores
    rounds: int = 5  # default; fewer than 5 is refused
    timeout: int = 900  # seconds per run: a hung mpirun must not hang the benchmark
    notes: Sequence[str] = ()  # printed under the table: how to read it
    in_all: bool = True  # part of `scripts/bench all`
    peak_memory: bool = False  # report each run's peak resident memory ("peak MB")
    one_pass: bool = False  # a cost table: every run once, no rounds, no ratios
    about: str = ""  # what it compares and how, for --help
    preset: str = "release"  # the CMake preset whose build holds the apps (build-<preset>)


def mpirun(ranks, threads=1):
    """The launch prefix of an MPI run: PE=threads gives each rank its own cores (mpirun's
    default binding would put a 1 x 2 hybrid run on one core)."""
    return f"mpirun -n {ranks} --map-by slot:PE={threads} --bind-to core"


def app(name, program, model, ranks=1, threads=1, args="", **run):
    """A Run of a ScaleLab app with a model and layout, launched through mpirun when the
    model uses MPI."""
    launch = mpirun(ranks, threads) + " " if model in ("mpi", "hybrid") else ""
    command = f"{launch}{{bin}}/{program} --model {model} --threads {threads} {args}"
    return Run(name, command.strip(), layout=(ranks, threads), **run)


def float_after(prefix):
    """A reference's value parser: the number after `prefix` on the line that has it."""
    def parse(stdout, _seconds):
        for line in stdout.splitlines():
            if prefix in line:
                text = line.split(prefix, 1)[1].split()[0]
                try:
                    return float(text)
                except ValueError:
                    break
        raise BenchFailure(f"no number after '{prefix}' in the output")
    return parse


def count(text):
    """An integer with an optional k, M or G suffix (the apps accept the same)."""
    scale = {"k": 10**3, "M": 10**6, "G": 10**9}.get(text[-1:], 1)
    digits = text[:-1] if scale > 1 else text
    if not digits.isdigit() or int(digits) < 1:
        raise ValueError("use a positive integer with an optional k, M or G suffix")
    return int(digits) * scale


def at_least(minimum, maximum=None):
    """An integer parser refusing values below `minimum` (or above `maximum`)."""
    def parse(text):
        if not text.isdigit() or int(text) < minimum or (maximum and int(text) > maximum):
            raise ValueError(f"must be an integer in {minimum}..{maximum}" if maximum else
                             f"must be an integer >= {minimum}")
        return int(text)
    return parse
