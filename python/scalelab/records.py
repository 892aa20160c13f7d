# SPDX-License-Identifier: MIT
"""Reading and appending ScaleLab run records (JSON Lines, one object per run).

The one reader and the one Python writer of record files: every script that reads records
goes through read_records, and the sweep appends through append_record.

Reading rule: a record file is appended to by runs that may be killed mid-write. An app that
starts after such a crash writes a newline first, so the cut record stays behind as a line
of its own, possibly in the middle of the file. Therefore every line stands alone:

- a line that is a JSON object with the record keys, the keys naming the run of the right
  types (IDENTITY_TYPES), is a record;
- any other non-blank line (a cut record, a byte flipped, an object of another tool), with
  or without its final newline, is skipped with one warning naming `path:line`;
- a line with bytes that are not UTF-8 (older records may hold raw Latin-1) is decoded with
  U+FFFD in their place, with one warning naming `path:line`, and read like any other;
- a line that is a JSON object with "kind": "simulation_validation" is no record and no
  error: scripts/validate-simulation writes such rows into results files beside the
  records; they go to the caller's `validations` list when it passes one, else are ignored;
- a file that cannot be opened, or whose non-blank lines are all skipped (nothing usable:
  not a record file), is a RecordError whose message is one line naming the file. An empty
  file is no error: it holds no records, and the caller decides what that means.

Warnings go to `warn` (a text stream; None: silent) only when the file is usable, so a
script that fails prints its error line alone. At most MAX_WARNINGS lines are listed per
file, then one line counts the rest.
"""

import io
import json
import math
import numbers
import os
import sys

# What names the run: every record has these, a run the sweep recorded as failed too.
# Sizes are numbers from the apps, the text given on the command (or null: the workload's
# default) in the sweep's failed records.
IDENTITY_TYPES = {"workload": "text", "model": "text", "variant": "text", "scaling": "text",
                  "size": "scalar", "ranks": "count", "threads": "count", "cores": "count",
                  "reps": "count", "verified": "bool", "status": "text"}
MEASURED_KEYS = ("time", "fom")  # absent from failed records: nothing was measured
MAX_WARNINGS = 10
VALIDATION_KIND = "simulation_validation"  # rows of scripts/validate-simulation


class RecordError(Exception):
    """A record file that cannot be read; the message names the file (and line)."""


KIND_TEXT = {"text": "a string", "count": "a positive integer", "bool": "true or false",
             "scalar": "a number, a string or null"}


def is_kind(value, kind):
    if kind == "text":
        return isinstance(value, str)
    if kind == "count":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 1
    if kind == "bool":
        return isinstance(value, bool)
    return value is None or (isinstance(value, (int, float, str)) and not isinstance(value, bool))


def parse_line(raw):
    """(record or None, what was wrong or None, whether bytes were replaced) for one line;
    a validation row counts as a record here, read_records sets it apart."""
    try:
        text, replaced = raw.decode("utf-8"), False
    except UnicodeDecodeError:
        text, replaced = raw.decode("utf-8", errors="replace"), True
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"not JSON (column {error.colno}: {error.msg})", replaced
    except (ValueError, RecursionError) as error:  # e.g. nesting or a number beyond limits
        return None, f"not JSON ({type(error).__name__})", replaced
    if not isinstance(record, dict):
        return None, f"a JSON {type(record).__name__}, not an object", replaced
    if record.get("kind") == VALIDATION_KIND:
        return record, None, replaced
    missing = [key for key in IDENTITY_TYPES if key not in record]
    if record.get("status") != "failed":
        missing += [key for key in MEASURED_KEYS if key not in record]
    if missing:
        return None, f"lacks {', '.join(missing)}", replaced
    wrong = [key for key, kind in IDENTITY_TYPES.items() if not is_kind(record[key], kind)]
    if wrong:
        return None, f"'{wrong[0]}' is not {KIND_TEXT[IDENTITY_TYPES[wrong[0]]]}", replaced
    return record, None, replaced


def read_records(path, warn=sys.stderr, validations=None):
    """The records of one file, in file order; see the module docstring for the rule. The
    file's simulation-validation rows are appended to `validations` when it is a list."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise RecordError(f"{path}: cannot read: {error.strerror}") from None
    lines = data.split(b"\n")
    records, warnings, skipped, rows = [], [], [], []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        record, problem, replaced = parse_line(raw)
        if record is None:
            # Unparsable without a newline after it: a write that was cut.
            cut = number == len(lines) and problem.startswith("not JSON")
            why = "cut off (no newline at the end)" if cut else problem
            skipped.append((number, why))
            warnings.append(f"{path}:{number}: skipped a line that is not a record: {why}")
            continue
        if replaced:
            warnings.append(f"{path}:{number}: bytes that are not UTF-8 read as U+FFFD")
        (rows if record.get("kind") == VALIDATION_KIND else records).append(record)
    if skipped and not records and not rows:
        number, why = skipped[0]
        raise RecordError(f"{path}: not a record file: none of its {len(skipped)} line(s) is "
                          f"a record (line {number}: {why})")
    if warn is not None:
        for line in warnings[:MAX_WARNINGS]:
            print(f"warning: {line}", file=warn)
        if len(warnings) > MAX_WARNINGS:
            print(f"warning: {path}: {len(warnings) - MAX_WARNINGS} more such lines",
                  file=warn)
    if validations is not None:
        validations += rows
    return records


def take_single_record(path):
    """The one record a single run wrote to its own scratch file `path`, or None when the
    run wrote none, several or an unreadable file; the file is removed either way."""
    if not os.path.exists(path):
        return None
    try:
        records = read_records(path, warn=None)
    except RecordError:
        records = []
    os.unlink(path)
    return records[0] if len(records) == 1 else None


def read_files(paths):
    """Every record of every file in order, and the reader's warnings as text: a script
    prints them once it knows it will not fail, so that its error is the only line."""
    warnings = io.StringIO()
    records = [record for path in paths for record in read_records(path, warn=warnings)]
    return records, warnings.getvalue()


def is_number(value):
    """A finite JSON number (Python's json also reads NaN and Infinity)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and \
        math.isfinite(value)


def fom_text(fom, leave_out=()):
    """A record's figures of merit as text ("1.2e+08 samples/s, 4.1 GB/s"). The apps write
    NaN and infinities as null: such a value shows as "null", any other non-number as JSON."""
    if not isinstance(fom, dict):
        return "-"
    shown = [(f"{value:.4g}" if is_number(value) else json.dumps(value)) + " " +
             name.replace("_per_", "/") for name, value in fom.items() if name not in leave_out]
    return ", ".join(shown)


def simulation_of(record):
    """A simulated record's provenance.simulation (scripts/simulate), None for a measured
    one: its times are simulated seconds on a described platform, never to be pooled with
    measured times."""
    simulation = (record.get("provenance") or {}).get("simulation")
    return simulation if isinstance(simulation, dict) else None


def platform_name_of(simulation):
    """The platform a provenance.simulation names: the preset's or file's name as chosen,
    else the file's base name."""
    return simulation.get("platform_name") or \
        os.path.basename(str(simulation.get("platform") or "unnamed platform"))


def source_of(record):
    """'measured', or 'simulated on PLATFORM'."""
    simulation = simulation_of(record)
    return "measured" if simulation is None else f"simulated on {platform_name_of(simulation)}"


def check_appendable(path, option):
    """Raises RecordError naming the option when records cannot be appended to path (a
    directory, a folder that does not exist or is not writable, a read-only file), so a tool
    refuses before it runs anything rather than after."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or not os.path.isdir(folder) or not os.access(folder, os.W_OK) \
            or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise RecordError(f"{option}: '{path}' is not writable")


def append_record(path, record):
    """Appends one record as one line: a single write() to a file opened O_APPEND, then
    fsync, so concurrent writers never interleave and a kill leaves whole lines or one cut
    line. A cut line already at the end (no final newline) is kept and ended with a newline
    first, in the same write, as the C++ apps do: the readers skip it, and nothing that
    another process may still be writing is ever truncated."""
    line = (json.dumps(record, separators=(",", ":")) + "\n").encode()
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size > 0 and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        if os.write(fd, line) != len(line):
            raise OSError(f"short write to {path}")
        os.fsync(fd)
    finally:
        os.close(fd)


def peak_memory(record):
    """A record's measured peak resident memory in bytes (its `memory.peak_rss_bytes`):
    {"per_rank": [...], "sum": S, "max": M, "per_node": [...]}, a value None where it was
    not measured. None when the record has none: written before the apps recorded memory,
    a failed run, or a simulated run (every simulated rank runs in the simulator's one
    process, so it records only that process's peak: simulator_peak_memory)."""
    peak = (record.get("memory") or {}).get("peak_rss_bytes")
    if not isinstance(peak, dict) or "per_rank" not in peak:
        return None
    return {key: peak.get(key) for key in ("per_rank", "sum", "max", "per_node")}


def simulator_peak_memory(record):
    """A simulated record's peak resident memory of the simulator's process, bytes, or None."""
    peak = (record.get("memory") or {}).get("peak_rss_bytes")
    return peak.get("simulator_process") if isinstance(peak, dict) else None


def declared_memory(record):
    """What the workload declared it would allocate (`memory.declared_bytes`): {"sum": over
    ranks, "max": the largest rank's}, in bytes; None when it declared nothing or the record
    predates the memory block."""
    declared = (record.get("memory") or {}).get("declared_bytes")
    return declared if isinstance(declared, dict) else None
