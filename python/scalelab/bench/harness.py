# SPDX-License-Identifier: MIT
"""Runs one benchmark spec: options, prerequisites, environment, the alternating rounds,
validation, the report and the JSON result. The method is described in docs/benchmarks.md.

Exit status: 0 when every run finished and verified (targets are reported, not enforced),
1 when a run failed, did not verify or disagreed, 2 on bad options or missing programs."""

import datetime
import os
import shutil
import subprocess
import sys
import tempfile

from scalelab.bench import machine, ratios, report
from scalelab.bench.execute import execute
from scalelab.bench.schedule import round_plan
from scalelab.bench.spec import BenchFailure, UsageError

# The Python references run with: the one running the harness (scripts/bench picks
# $SCALELAB_PYTHON, else Debian's /usr/bin/python3, which has pandas).
PYTHON = sys.executable
MIN_ROUNDS = 5  # fewer makes the median a coin toss under the machine's +-20 % drift


def usage(spec):
    lines = [f"Usage: scripts/bench {spec.name} [options]", "", spec.about or spec.summary, ""]
    common = [("--json OUT", "also write the result as JSON to OUT"),
              ("-h, --help", "this text")]
    if not spec.one_pass:
        common[:0] = [("--quick", "smaller sizes (still >= 5 rounds)"),
                      ("--rounds N", f"alternating rounds (default {spec.rounds}; >= 5)")]
    for option in spec.options:
        quick = f"; --quick: {option.quick}" if option.quick is not None else ""
        if option.flag:
            common.append((f"--{option.name}", option.help))
        else:
            default = f" (default {option.default}{quick})" if option.default != "" else ""
            common.append((f"--{option.name} VALUE", option.help + default))
    lines += [f"  {name:<22} {text}" for name, text in common]
    return "\n".join(lines)


def parse_options(spec, argv):
    """(settings, quick, rounds, json path); UsageError names the option that is wrong."""
    own = {option.name: option for option in spec.options}
    given, quick, rounds, json_path = {}, False, spec.rounds, None
    args = list(argv)
    while args:
        arg = args.pop(0)
        name, equals, inline = arg.partition("=")
        option = own.get(name[2:]) if name.startswith("--") else None
        if arg == "--quick" and not spec.one_pass:
            quick = True
            continue
        if option is not None and option.flag and not equals:
            given[option.name] = True
            continue
        known = name in ("--json",) or (name == "--rounds" and not spec.one_pass)
        if not known and (option is None or option.flag):
            raise UsageError(f"unknown option '{arg}' (see scripts/bench {spec.name} --help)")
        value = inline if equals else (args.pop(0) if args else "")
        if not value:
            raise UsageError(f"{name} needs a value")
        if name == "--rounds":
            if not value.isdigit() or int(value) < MIN_ROUNDS:
                raise UsageError(f"--rounds must be an integer >= {MIN_ROUNDS} (got '{value}')")
            rounds = int(value)
        elif name == "--json":
            directory = os.path.dirname(os.path.abspath(value))
            if os.path.isdir(value) or not os.access(directory, os.W_OK):
                raise UsageError(f"--json: cannot write '{value}'")
            json_path = value
        else:
            given[name[2:]] = value
    settings = {}
    for option in spec.options:
        text = given.get(option.name)
        if option.flag:
            settings[option.name.replace("-", "_")] = bool(text)
            continue
        if text is None:
            text = option.quick if quick and option.quick is not None else option.default
        try:
            settings[option.name.replace("-", "_")] = option.parse(str(text))
        except ValueError as error:
            raise UsageError(f"--{option.name}: {error or 'invalid value'} (got '{text}')") \
                from None
    return settings, quick, (1 if spec.one_pass else rounds), json_path


def check_prerequisites(spec, bin_dir):
    """Raises UsageError naming everything missing, on one line."""
    missing = [os.path.join(bin_dir, a) for a in spec.apps
               if not os.access(os.path.join(bin_dir, a), os.X_OK)]
    tools = [t for t in spec.tools if shutil.which(t) is None]
    modules = [m for m in spec.python_modules
               if subprocess.run([PYTHON, "-c", f"import {m}"], capture_output=True).returncode]
    problems = []
    if missing:
        problems.append(f"missing {', '.join(missing)} (build first: cmake --preset "
                        f"{spec.preset} && cmake --build --preset {spec.preset})")
    if tools or modules:
        problems.append(f"'{', '.join(tools + [PYTHON + ' module ' + m for m in modules])}' not "
                        "found (scripts/install-deps.sh)")
    if problems:
        raise UsageError("; ".join(problems))


class Context:
    """What a spec's setup and finish see: variables for the commands, header lines, the
    environment, a work directory removed at the end, and one-off runs for probes."""

    def __init__(self, spec, root, variables, env, work, quick):
        self.spec, self.root, self.vars, self.env = spec, root, variables, env
        self.work, self.quick = work, quick
        self.header, self.cleanups = [], []

    def run(self, run):
        """One run outside the rounds (a probe); its result as execute() returns it."""
        return execute(run, self.vars, self.env, self.work, self.spec.timeout)


def measure(ctx, rounds, out_err):
    """Every run of every round, validated; the list of measurements."""
    spec, measurements, answers = ctx.spec, [], {}
    for rnd in range(1, rounds + 1):
        if not spec.one_pass:
            print(f"round {rnd}/{rounds} ...", file=out_err, flush=True)
        groups = spec.groups(ctx.vars) if callable(spec.groups) else spec.groups
        for group, role, run in round_plan(groups, rnd):
            got = execute(run, ctx.vars, ctx.env, ctx.work, spec.timeout)
            if spec.peak_memory:
                got["extras"]["peak MB"] = got["peak_mb"]
            if got["answer"] is not None:
                agree = run.agree or group
                first = answers.setdefault(agree, (got["answer"], run.name))
                if got["answer"] != first[0]:
                    raise BenchFailure(f"{run.name} answered '{got['answer']}', "
                                       f"{first[1]} '{first[0]}'")
            measurements.append({"round": rnd, "group": group, "role": role, "name": run.name,
                                 "unit": run.unit, "value": got["value"],
                                 "extras": got["extras"], "seconds": got["seconds"],
                                 "peak_mb": got["peak_mb"], "ran": got["ran"]})
    return measurements, {k: v[0] for k, v in answers.items()}


def run_spec(spec, argv, root, out=None, err=None):
    """Runs the benchmark; returns the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    if "-h" in argv or "--help" in argv:
        print(usage(spec), file=out)
        return 0
    try:
        settings, quick, rounds, json_path = parse_options(spec, argv)
    except UsageError as error:
        print(f"bench {spec.name}: {error}", file=err)
        return 2
    build = "build" if spec.preset == "release" else f"build-{spec.preset}"
    bin_dir = os.path.join(root, build, "bin")
    try:
        check_prerequisites(spec, bin_dir)
    except UsageError as error:
        print(f"bench {spec.name}: {error}", file=err)
        return 2
    values = {**spec.values, **(spec.quick_values if quick else {})}
    env = machine.environment(root, spec.pin_threads)
    with tempfile.TemporaryDirectory(prefix=f"bench-{spec.name}.") as work:
        variables = {"bin": bin_dir, "root": root, "work": work, "python": PYTHON,
                     **values, **settings}
        ctx = Context(spec, root, variables, env, work, quick)
        try:
            return measure_and_report(ctx, rounds, json_path, out, err)
        except UsageError as error:
            print(f"bench {spec.name}: {error}", file=err)
            return 2
        except BenchFailure as failure:
            print(f"bench {spec.name}: FAILED: {failure}", file=err)
            return 1
        finally:
            for cleanup in ctx.cleanups:
                cleanup()


def measure_and_report(ctx, rounds, json_path, out, err):
    spec = ctx.spec
    busy = machine.cpu_busy_percent()
    if spec.setup:
        spec.setup(ctx)
    unset = [name for name in spec.provides if name not in ctx.vars]
    if unset:
        raise BenchFailure(f"the setup did not set {', '.join(unset)}")
    method = ("every run once" if spec.one_pass else
              f"{rounds} rounds, order reversed every other round; medians of per-round "
              "ratios (docs/benchmarks.md)")
    header = [("host", machine.host_line()),
              ("date", datetime.datetime.now(datetime.timezone.utc).strftime(
                  "%Y-%m-%d %H:%M:%S UTC")),
              ("git", machine.git_line(ctx.root)), ("method", method),
              ("binding", "OMP_PROC_BIND=close OMP_PLACES=cores; mpirun --map-by "
               "slot:PE=<threads> --bind-to core" if spec.pin_threads else "threads unpinned")]
    print(f"== scripts/bench {spec.name} ==", file=out)
    for name, text in header + ctx.header:
        print(f"{name + ' ':<10}{text}", file=out)
    print(f"load      CPUs {busy}% busy before start", file=out, flush=True)
    meter = machine.OthersMeter()
    meter.start()
    measurements, answers = measure(ctx, rounds, err)
    others = meter.percent()
    summary = ratios.summarise(spec.ratios, measurements)
    medians = ratios.run_medians(measurements)
    print(file=out)
    report.print_values(medians, out)
    if summary:
        print(file=out)
        report.print_ratios(summary, out)
    report.print_what_ran(measurements, out)
    for note in spec.notes:
        print(note, file=out)
    print(f"load: CPUs {busy}% busy before start; other processes used {others:.0f}% of the "
          "CPUs while we measured", file=out)
    busy_machine = busy > machine.BUSY_WARN_PERCENT or others > machine.OTHERS_WARN_PERCENT
    if busy_machine:
        print("WARNING: we did not have the machine to ourselves: every number measures the "
              "other processes too (2-core ones most). Re-check any MISSED on an idle machine",
              file=out)
    if json_path:
        report.write_json(json_path, {
            "workload": spec.name, "header": dict(header + ctx.header), "rounds": rounds,
            "settings": {k: v for k, v in ctx.vars.items() if k not in ("work",)},
            "load": {"busy_before_percent": busy, "others_during_percent": others,
                     "warning": busy_machine},
            "answers": answers, "runs": medians, "ratios": summary,
            "measurements": measurements})
    out.flush()
    if spec.finish:
        spec.finish(ctx)
    return 0
