# SPDX-License-Identifier: MIT
"""One run of a spec: start it, time it, validate what it wrote, return its numbers.
Records are read through scalelab.records only."""

import os
import shlex
import subprocess
import threading
import time

from scalelab.bench.spec import BenchFailure
from scalelab.records import RecordError, read_records

LOG_LINES = 40  # of a failed run's output, shown as the evidence


def command_of(run, variables):
    try:
        return shlex.split(run.command.format(**variables))
    except KeyError as missing:
        raise BenchFailure(f"{run.name}: the command names an unknown variable {missing}") \
            from None


def field_of(record, path):
    value = record
    for key in path.split("."):
        value = value[key]
    return float(value)


def what_ran(run, output, variables):
    """What a reference ran (tool, kernel, threads, what is timed): its own `ran: ...` line,
    else the spec's words for it (Run.ran); None for our runs, whose record says it all."""
    if run.record:
        return None
    said = next((line[len("ran: "):].strip() for line in output.splitlines()
                 if line.startswith("ran: ")), None)
    return said or (run.ran.format(**variables) if run.ran else None)


def execute(run, variables, env, work, timeout):
    """Runs `run` once; returns {"value", "extras", "answer", "ran", "seconds", "peak_mb"} or
    raises BenchFailure with the failed run's output attached."""
    argv = command_of(run, variables)
    record_path = os.path.join(work, "record.jsonl")
    log_path = os.path.join(work, "run.log")
    if run.record:
        if os.path.exists(record_path):
            os.remove(record_path)
        argv += [run.output_option, record_path, "--quiet"]
    start = time.perf_counter()
    with open(log_path, "w") as log:
        code, peak_mb = start_and_wait(argv, log, {**env, **run.env}, timeout)
    seconds = time.perf_counter() - start
    with open(log_path, errors="replace") as log:
        output = log.read()
    try:
        if code != 0:
            raise BenchFailure(f"exited {code}" if isinstance(code, int) else code)
        source = record_of(run, record_path) if run.record else output
        try:
            value = (float(variables[run.rate_of]) / seconds if run.rate_of else
                     number(run.value, source, seconds))
            result = {"value": value, "seconds": seconds, "peak_mb": peak_mb,
                      "extras": {k: number(f, source, seconds) for k, f in run.extras.items()},
                      "answer": run.answer(source) if run.answer else None,
                      "ran": what_ran(run, output, variables)}
            problem = run.check(source, variables) if run.check else None
        except (KeyError, IndexError, ValueError, TypeError, StopIteration) as error:
            raise BenchFailure(f"cannot read its result ({type(error).__name__}: {error})") \
                from None
        if problem:
            raise BenchFailure(problem)
        return result
    except BenchFailure as failure:
        tail = "\n".join(output.splitlines()[-LOG_LINES:])
        raise BenchFailure(f"{run.name} ({shlex.join(argv)}): {failure}\n"
                           f"---- output of the failed run ----\n{tail}") from None


def start_and_wait(argv, log, env, timeout):
    """(exit code or what went wrong, peak resident MB of the run and its waited-for
    descendants, as /usr/bin/time reports it)."""
    try:
        child = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
    except OSError as error:
        return f"cannot start: {error.strerror}", 0.0
    timer = threading.Timer(timeout, child.kill)
    timer.start()
    _, status, usage = os.wait4(child.pid, 0)
    killed = not timer.is_alive()
    timer.cancel()
    # As subprocess reports it (os.waitstatus_to_exitcode is Python 3.9+).
    child.returncode = (os.WEXITSTATUS(status) if os.WIFEXITED(status)
                        else -os.WTERMSIG(status))
    return (f"killed after {timeout} s" if killed else child.returncode), usage.ru_maxrss / 1024


def number(how, source, seconds):
    if isinstance(how, str):
        return field_of(source, how)
    return float(how(source) if isinstance(source, dict) else how(source, seconds))


def record_of(run, path):
    """The run's one record, verified and run as asked."""
    try:
        records = read_records(path, warn=None)
    except RecordError as error:
        raise BenchFailure(f"no record: {error}") from None
    if len(records) != 1:
        raise BenchFailure(f"expected one record, found {len(records)}")
    record = records[0]
    if run.verify and (record.get("verified") is not True or record.get("status") != "ok"):
        raise BenchFailure(f"NOT VERIFIED: status={record.get('status')} "
                           f"check={record.get('check')}")
    if run.layout and (record.get("ranks"), record.get("threads")) != tuple(run.layout):
        raise BenchFailure(f"ran as {record.get('ranks')} x {record.get('threads')}, asked for "
                           f"{run.layout[0]} x {run.layout[1]}")
    return record
