# SPDX-License-Identifier: MIT
"""Reads record files for the plots and checks every key the plots use has the right shape.

scalelab_records.read_records parses the lines (skipping, with a warning, lines that are not
records) and checks the keys exist; this adds the types (a record from another tool or an
older schema must be a clear error, not a traceback deep in matplotlib). Every problem
becomes one InputError naming file and record; the reader's warnings are printed only when
there is no such error, so an error is the only line on stderr. The files' simulation-validation
rows (scripts/validate-simulation) are checked the same way and returned beside the records.
"""

import io
import math
import numbers
import sys

from scalelab.records import RecordError, read_records

STATUSES = ("ok", "verification_failed", "reported", "failed")
MEASURED_STATUSES = ("ok", "reported")  # reported: wrong on purpose, but timed like any run


class InputError(Exception):
    """Input the scripts cannot use: printed as one line, exit code 2."""


def is_number(value):
    """A finite JSON number (Python's json also reads NaN and Infinity)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and \
        math.isfinite(value)


def is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def describe(record):
    layout = f" {record.get('ranks')}x{record.get('threads')}" if "ranks" in record else ""
    return f"{record.get('variant') or record.get('workload')}{layout}"


def shape_problem(record):
    """What is wrong with a record's shape, or None."""
    for key in ("workload", "model", "scaling", "status"):
        if not isinstance(record.get(key), str):
            return f"'{key}' must be a string"
    if record["status"] not in STATUSES:
        return f"'status' is '{record['status']}', not one of {', '.join(STATUSES)}"
    if record["scaling"] not in ("strong", "weak"):
        return f"'scaling' is '{record['scaling']}', not strong or weak"
    for key in ("ranks", "threads", "cores"):
        if not is_count(record.get(key)):
            return f"'{key}' must be a positive integer"
    if record["cores"] != record["ranks"] * record["threads"]:
        return "'cores' is not ranks x threads"
    if record["status"] == "failed":
        return None
    time = record.get("time")
    if not isinstance(time, dict) or not all(is_number(time.get(k)) and time[k] >= 0
                                             for k in ("min", "median", "max")):
        return "'time' must be an object with numeric min, median and max"
    if time["median"] <= 0:
        return "'time' median must be positive (a speedup divides by it)"
    if not isinstance(record.get("fom"), dict):
        return "'fom' must be an object"
    work = record.get("work")
    if work is not None and not (isinstance(work, dict) and all(
            is_number(work.get(k)) for k in ("bytes_per_rep", "flops_per_rep"))):
        return "'work' must be an object with numeric bytes_per_rep and flops_per_rep"
    breakdown = record.get("breakdown")
    if breakdown is not None and not (isinstance(breakdown, dict) and all(
            is_number(v) for v in breakdown.values())):
        return "'breakdown' must be null or an object of seconds by phase"
    if "size_per_core" in record and not is_number(record["size_per_core"]):
        return "'size_per_core' must be a number"
    return memory_problem(record.get("memory"))


def is_bytes(value):
    return value is None or (is_number(value) and value >= 0)


def memory_problem(memory):
    """What is wrong with a record's `memory` block (absent in older records), or None."""
    if memory is None:
        return None
    peak = memory.get("peak_rss_bytes") if isinstance(memory, dict) else None
    if not isinstance(peak, dict):
        return "'memory' must be an object with a 'peak_rss_bytes' object"
    per_rank = peak.get("per_rank")
    if not (per_rank is None or (isinstance(per_rank, list) and all(map(is_bytes, per_rank)))):
        return "'memory.peak_rss_bytes.per_rank' must be a list of bytes (or null)"
    if not all(is_bytes(peak.get(key)) for key in ("sum", "max", "simulator_process")):
        return "'memory.peak_rss_bytes' sum, max and simulator_process must be bytes or null"
    declared = memory.get("declared_bytes")
    if declared is not None and not (isinstance(declared, dict) and all(
            is_number(declared.get(key)) for key in ("sum", "max"))):
        return "'memory.declared_bytes' must be null or an object with numeric sum and max"
    return None


def is_ci(value):
    return value is None or (isinstance(value, list) and len(value) == 2 and
                             all(is_number(v) for v in value))


def validation_problem(row):
    """What is wrong with a simulation-validation row's shape, or None."""
    for key in ("workload", "network"):
        if not isinstance(row.get(key), str):
            return f"'{key}' must be a string"
    if not is_count(row.get("ranks")):
        return "'ranks' must be a positive integer"
    if not isinstance(row.get("judged"), bool):
        return "'judged' must be true or false"
    if not (is_number(row.get("goal")) and row["goal"] > 0):
        return "'goal' must be a positive number"
    if row.get("error") is not None and not is_number(row["error"]):
        return "'error' must be a number or null"
    if row["judged"] and row.get("error") is None:
        return "a judged row needs its 'error'"
    if not is_ci(row.get("error_ci")):
        return "'error_ci' must be null or [low, high]"
    for side in ("measured", "simulated"):
        value = row.get(side)
        if not (isinstance(value, dict) and is_number(value.get("median")) and
                is_ci(value.get("ci"))):
            return f"'{side}' must be an object with a numeric median and a ci or null"
    return None


def load_records(paths):
    """(records, validation rows) of every file. Each record is tagged with '_source' (file
    and record number) for messages. Raises InputError on an unreadable or malformed file,
    or when nothing is left to plot."""
    records, validations = [], []
    warnings = io.StringIO()
    for path in paths:
        file_validations = []
        try:
            file_records = read_records(path, warn=warnings, validations=file_validations)
        except RecordError as error:
            raise InputError(str(error)) from None
        for number, row in enumerate(file_validations, start=1):
            problem = validation_problem(row)
            if problem:
                raise InputError(f"{path}: validation row {number} ({row.get('workload')} "
                                 f"{row.get('ranks')} ranks): {problem}")
        validations += file_validations
        for number, record in enumerate(file_records, start=1):
            problem = shape_problem(record)
            if problem:
                raise InputError(f"{path}: record {number} ({describe(record)}): {problem}")
            record["_source"] = f"{path}: record {number}"
            records.append(record)
    if not records:
        raise InputError(f"no records in {', '.join(paths)}")
    if not any(r["status"] in MEASURED_STATUSES for r in records):
        raise InputError(f"no successful run to plot in {', '.join(paths)} "
                         f"({len(records)} record(s), none with status ok)")
    sys.stderr.write(warnings.getvalue())
    return records, validations
