# SPDX-License-Identifier: MIT
"""Study plans: which workload, mode, models, core counts and sizes a sweep runs."""

import json
import os
from dataclasses import dataclass, field

try:
    import tomllib  # Python 3.11+
except ImportError:
    try:
        import tomli as tomllib  # the same parser, packaged for older Pythons
    except ImportError:
        tomllib = None

MODELS = ("serial", "openmp", "mpi", "hybrid", "eigen")
DEFAULT_MAX_ROUNDS = 10


class UsageError(Exception):
    """Bad input to the sweep: reported as one line, exit code 2."""


@dataclass
class Plan:
    mode: str                      # strong | weak
    workload: str
    models: list
    cores: list = None             # None: powers of two up to what is available
    size: str = None               # passed to --size as given (k/M/G suffixes allowed)
    reps: int = 3
    warmup: int = 1
    app_args: list = field(default_factory=list)
    out: str = None
    rounds: int = 1                # every configuration once per round
    precision: float = None        # adaptive: add rounds until every CI is this narrow
    max_rounds: int = None         # adaptive: at most this many rounds (None: default)

    @property
    def round_limit(self):
        if self.precision is None:
            return self.rounds
        return self.max_rounds if self.max_rounds is not None else max(DEFAULT_MAX_ROUNDS,
                                                                        self.rounds)

    @property
    def shuffled(self):
        """A single pass keeps the listed order (baselines first); rounds are shuffled."""
        return self.rounds > 1 or self.precision is not None


@dataclass(frozen=True)
class Layout:
    model: str
    ranks: int
    threads: int

    @property
    def cores(self):
        return self.ranks * self.threads


def split_list(text, what):
    items = [item.strip() for item in str(text).split(",")]
    if not text or any(not item for item in items):
        raise UsageError(f"{what}: '{text}' is not a comma-separated list")
    return items


def parse_cores(text):
    cores = []
    for item in split_list(text, "--cores"):
        if not item.isdigit() or int(item) < 1:
            raise UsageError(f"--cores: '{item}' is not a positive integer")
        cores.append(int(item))
    return sorted(set(cores))


def parse_models(items, what="--models"):
    models = items if isinstance(items, list) else split_list(items, what)
    for model in models:
        if model not in MODELS:
            raise UsageError(f"{what}: '{model}' is not a model (models: {', '.join(MODELS)})")
    return models


def layouts(plan, available_cores, cores_per_node=None, max_ranks=None):
    """Every configuration of a plan, baselines first, then by core count. Threads per rank
    never exceed the cores of one node, ranks never the allocation's tasks (None: no limit,
    for oversubscribed runs)."""
    cores_per_node = cores_per_node or 1 << 30
    max_ranks = max_ranks or 1 << 30
    cores = plan.cores or [c for c in (1 << k for k in range(16)) if c <= available_cores]
    out = []
    for model in ("serial", "eigen"):
        if model in plan.models:
            out.append(Layout(model, 1, 1))
    for c in cores:
        if "openmp" in plan.models and c <= cores_per_node:
            out.append(Layout("openmp", 1, c))      # vertical: threads in one process
        if "mpi" in plan.models and c <= max_ranks:
            out.append(Layout("mpi", c, 1))         # horizontal: one rank per core
        if "hybrid" in plan.models:
            for ranks in range(1, c + 1):
                if c % ranks == 0 and c // ranks <= cores_per_node and ranks <= max_ranks:
                    out.append(Layout("hybrid", ranks, c // ranks))
    return out


def parse_precision(text, what="--precision"):
    """'5%' or '0.05' -> 0.05: the CI half-width wanted, relative to the median."""
    raw = str(text).strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise UsageError(f"{what}: '{text}' is not a fraction like 0.05 or a percentage "
                         "like 5%") from None
    if not 0 < value < 1:
        raise UsageError(f"{what}: '{text}' must be more than 0 and less than 1 (100 %)")
    return value


def check_options(args):
    """The sweep's own options that do not belong to a plan."""
    if not args.timeout > 0:
        raise UsageError(f"--timeout: {args.timeout:g} is not allowed, expected a positive "
                         "number of seconds")
    if args.time_budget is not None and not args.time_budget > 0:
        raise UsageError(f"--time-budget: {args.time_budget:g} is not allowed, expected a "
                         "positive number of seconds")


def default_out(plan):
    return os.path.join("results", f"{plan.workload}-{plan.mode}.jsonl")


def plans_from_args(args):
    check_options(args)
    if args.plan:
        if args.mode or args.workload:
            raise UsageError("--plan: give either a study file or MODE WORKLOAD, not both")
        return load_plan_file(args.plan, args)
    if not args.mode or not args.workload:
        raise UsageError("give MODE (strong|weak) and WORKLOAD, or --plan FILE")
    plan = Plan(mode=args.mode, workload=args.workload, models=parse_models(args.models),
                cores=parse_cores(args.cores) if args.cores else None, size=args.size,
                reps=args.reps, warmup=args.warmup, app_args=args.app_args.split(),
                out=args.out, rounds=args.rounds,
                precision=parse_precision(args.precision) if args.precision is not None
                else None,
                max_rounds=args.max_rounds)
    check_plan(plan, "command line")
    return [plan]


def check_plan(plan, where):
    if plan.mode not in ("strong", "weak"):
        raise UsageError(f"{where}: mode '{plan.mode}' is not strong or weak")
    if plan.reps < 1:
        raise UsageError(f"{where}: reps must be at least 1")
    if plan.warmup < 0:
        raise UsageError(f"{where}: warmup must be 0 or more")
    if plan.rounds < 1:
        raise UsageError(f"{where}: --rounds {plan.rounds} is not allowed, expected at least 1")
    if plan.max_rounds is not None and plan.max_rounds < plan.rounds:
        raise UsageError(f"{where}: --max-rounds {plan.max_rounds} is less than --rounds "
                         f"{plan.rounds}")
    plan.out = plan.out or default_out(plan)


def integer(entry, key, default, where):
    """A study's whole-number setting, or the command line's when the study has none."""
    value = entry.get(key, default)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise UsageError(f"{where}: {key} = {value!r} is not a whole number")


def load_plan_file(path, args):
    """A study file: {"study": [{"mode": ..., "workload": ..., ...}, ...]} in TOML or JSON."""
    toml = path.endswith(".toml")
    if toml and tomllib is None:
        raise UsageError(f"--plan: '{path}': TOML study files need Python 3.11+ or the tomli "
                         "package; write the same studies as JSON (study.json) instead")
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle) if toml else json.load(handle)
    except OSError as error:
        raise UsageError(f"--plan: cannot read '{path}': {error.strerror}") from None
    except ValueError as error:  # json.JSONDecodeError and TOMLDecodeError are ValueErrors
        raise UsageError(f"--plan: '{path}' is not valid: {error}") from None
    studies = data.get("study") if isinstance(data, dict) else None
    if not isinstance(studies, list) or not studies:
        raise UsageError(f"--plan: '{path}' has no [[study]] entries")
    plans = []
    for number, entry in enumerate(studies, start=1):
        where = f"--plan: {path} study {number}"
        unknown = set(entry) - {"mode", "workload", "models", "cores", "size", "reps",
                                "warmup", "app_args", "out", "rounds", "precision",
                                "max_rounds"}
        if unknown:
            raise UsageError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if "mode" not in entry or "workload" not in entry:
            raise UsageError(f"{where}: needs 'mode' and 'workload'")
        cores = entry.get("cores")
        precision = entry.get("precision", args.precision)
        plan = Plan(
            mode=entry["mode"], workload=entry["workload"],
            models=parse_models(entry.get("models", list(MODELS)), f"{where} models"),
            cores=parse_cores(",".join(map(str, cores))) if cores else
            (parse_cores(args.cores) if args.cores else None),
            size=str(entry["size"]) if "size" in entry else None,
            reps=integer(entry, "reps", args.reps, where),
            warmup=integer(entry, "warmup", args.warmup, where),
            app_args=str(entry.get("app_args", "")).split(), out=entry.get("out", args.out),
            rounds=integer(entry, "rounds", args.rounds, where),
            precision=parse_precision(precision, f"{where} precision")
            if precision is not None else None,
            max_rounds=integer(entry, "max_rounds", args.max_rounds, where))
        check_plan(plan, where)
        plans.append(plan)
    return plans
